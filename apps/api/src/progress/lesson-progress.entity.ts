import type { LessonStatus } from '@academy/contracts';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import { Course } from '../catalogue/course.entity.js';
import { User } from '../identity/user.entity.js';

/**
 * One learner's progress in one lesson. Written only by the single upsert in progress-sql.ts and, for
 * lessons completed by an event (a passed quiz), markLessonCompleted in lesson-completion.ts (see
 * docs/adr/0005-video-progress.md); a missing row means "not started".
 *
 * `lesson_id` has no foreign key on purpose: lessons deleted from the draft live on in published
 * versions, and deleting a draft row must not take learners' progress with it.
 */
@Entity('lesson_progress')
@Check('lesson_progress_status', `status IN ('not_started', 'in_progress', 'completed')`)
@Check('lesson_progress_watched_s', `watched_s >= 0`)
@Check('lesson_progress_position_s', `position_s >= 0`)
export class LessonProgress {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<User>;

  @PrimaryColumn({ name: 'lesson_id', type: 'uuid' })
  lessonId: string;

  @Column({ name: 'course_id', type: 'uuid' })
  courseId: string;

  @ManyToOne(() => Course, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'course_id' })
  course?: Relation<Course>;

  /** Watched whole seconds of the video, as half-open ranges merged by PostgreSQL: '{[0,40),[60,75)}'. */
  @Column({ type: 'int4multirange', default: () => `'{}'` })
  watched: string;

  /** The measure of `watched` (sum of its ranges' lengths), written by the same statement. */
  @Column({ name: 'watched_s', type: 'integer', default: 0 })
  watchedS: number;

  /** Last reported playback position (for resume), from the report with the highest seq. */
  @Column({ name: 'position_s', type: 'real', default: 0 })
  positionS: number;

  @Column({ name: 'last_seq', type: 'bigint' })
  lastSeq: string;

  /** Server time of the latest accepted report: the rate rule counts real time from it. */
  @Column({ name: 'last_report_at', type: 'timestamptz' })
  lastReportAt: Date;

  /** Seconds of new watching the rate rule still allows (a bucket refilled at MAX_PLAYBACK_RATE per second). */
  @Column({ name: 'rate_credit_s', type: 'real' })
  rateCreditS: number;

  @Column({ type: 'text', default: 'in_progress' })
  status: LessonStatus;

  /** Set once, when the lesson is first completed; never cleared. */
  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
