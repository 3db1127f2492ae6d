import type { QuizAnswer, QuizQuestion } from '@academy/contracts';
import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import { Course } from '../catalogue/course.entity.js';
import { User } from '../identity/user.entity.js';

/**
 * One learner's attempt at a quiz lesson. The drawn questions (in the order shown, options shuffled,
 * correct answers included) are copied into the row when it starts, so scoring never depends on a
 * later publication. Rows are never deleted by learners: the attempt limit counts them.
 *
 * `lesson_id` has no foreign key, as in lesson_progress: lessons live on in published versions.
 */
@Entity('quiz_attempts')
@Index('quiz_attempts_number', ['userId', 'lessonId', 'number'], { unique: true })
@Check('quiz_attempts_number_positive', `number >= 1`)
@Check('quiz_attempts_pass_mark', `pass_mark_pct BETWEEN 0 AND 100`)
@Check('quiz_attempts_score', `score_points IS NULL OR score_points BETWEEN 0 AND max_points`)
@Check(
  'quiz_attempts_submitted',
  `(submitted_at IS NULL) = (passed IS NULL) AND (submitted_at IS NULL) = (score_points IS NULL)`,
)
export class QuizAttempt {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<User>;

  @Column({ name: 'lesson_id', type: 'uuid' })
  lessonId: string;

  @Column({ name: 'course_id', type: 'uuid' })
  courseId: string;

  @ManyToOne(() => Course, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'course_id' })
  course?: Relation<Course>;

  /** 1 for the learner's first attempt at this lesson, and so on. */
  @Column({ type: 'integer' })
  number: number;

  @Column({ type: 'jsonb' })
  questions: QuizQuestion[];

  @Column({ name: 'pass_mark_pct', type: 'integer' })
  passMarkPct: number;

  @Column({ name: 'max_points', type: 'integer' })
  maxPoints: number;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt: Date;

  /** started_at + the time limit; null without a limit. */
  @Column({ name: 'deadline_at', type: 'timestamptz', nullable: true })
  deadlineAt: Date | null;

  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true })
  submittedAt: Date | null;

  @Column({ type: 'jsonb', nullable: true })
  answers: Record<string, QuizAnswer> | null;

  @Column({ name: 'score_points', type: 'integer', nullable: true })
  scorePoints: number | null;

  @Column({ type: 'boolean', nullable: true })
  passed: boolean | null;
}
