import type { LessonStatus } from '@academy/contracts';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import { Course } from '../catalogue/course.entity.js';
import { User } from '../identity/user.entity.js';

/**
 * A learner in a course. Created by the first progress report in the course (self-enrolment,
 * assignments and due dates come with issue 5 and extend this table); the counts are recomputed
 * whenever one of the learner's lessons changes status.
 */
@Entity('enrolments')
@Index('enrolments_user_course_key', ['userId', 'courseId'], { unique: true })
@Index('enrolments_course_idx', ['courseId'])
@Check('enrolments_status', `status IN ('not_started', 'in_progress', 'completed')`)
@Check('enrolments_progress_pct', `progress_pct BETWEEN 0 AND 100`)
export class Enrolment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<User>;

  @Column({ name: 'course_id', type: 'uuid' })
  courseId: string;

  @ManyToOne(() => Course, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'course_id' })
  course?: Relation<Course>;

  /** `completed` stays once reached, even if a later version adds lessons. */
  @Column({ type: 'text', default: 'not_started' })
  status: LessonStatus;

  /** Completed required lessons of the current published version ÷ its required lessons, 0..100. */
  @Column({ name: 'progress_pct', type: 'integer', default: 0 })
  progressPct: number;

  @Column({ name: 'completed_lessons', type: 'integer', default: 0 })
  completedLessons: number;

  @Column({ name: 'required_lessons', type: 'integer', default: 0 })
  requiredLessons: number;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  /** Set once, when every required lesson is first completed; never cleared. */
  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  /** Moves when a lesson is started or changes status (per-report times are in lesson_progress). */
  @Column({ name: 'last_activity_at', type: 'timestamptz', nullable: true })
  lastActivityAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
