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
import { CourseAssignment } from '../assignments/course-assignment.entity.js';
import { User } from '../identity/user.entity.js';

export type EnrolmentSource = 'self' | 'assigned';

/**
 * A learner in a course: by self-enrolment (or their first progress report in a course open for it), or
 * by a coordinator's assignment (`source = 'assigned'`, with an optional due date and, for a unit
 * assignment, the rule that made it). The counts are recomputed whenever one of the learner's lessons
 * changes status.
 */
@Entity('enrolments')
@Index('enrolments_user_course_key', ['userId', 'courseId'], { unique: true })
@Index('enrolments_course_idx', ['courseId'])
@Check('enrolments_status', `status IN ('not_started', 'in_progress', 'completed')`)
@Check('enrolments_progress_pct', `progress_pct BETWEEN 0 AND 100`)
@Check('enrolments_source', `source IN ('self', 'assigned')`)
@Check('enrolments_assigned', `(source = 'assigned') = (assigned_at IS NOT NULL)`)
// Reminders and overdue lists: open enrolments with a due date.
@Index('enrolments_due_idx', ['dueAt'], { where: `due_at IS NOT NULL AND completed_at IS NULL` })
@Index('enrolments_assignment_idx', ['assignmentId'])
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

  @Column({ type: 'text', default: 'self' })
  source: EnrolmentSource;

  /** Set by an assignment; null = no due date. */
  @Column({ name: 'due_at', type: 'timestamptz', nullable: true })
  dueAt: Date | null;

  /** The unit assignment (rule) that enrolled this learner; null for self-enrolment and assignments by name or CSV. */
  @Column({ name: 'assignment_id', type: 'uuid', nullable: true })
  assignmentId: string | null;

  @ManyToOne(() => CourseAssignment, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'assignment_id' })
  assignment?: Relation<CourseAssignment>;

  @Column({ name: 'assigned_by', type: 'uuid', nullable: true })
  assignedBy: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'assigned_by' })
  assigner?: Relation<User>;

  /** When first assigned (kept when the assignment is repeated); null for self-enrolment. */
  @Column({ name: 'assigned_at', type: 'timestamptz', nullable: true })
  assignedAt: Date | null;

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
