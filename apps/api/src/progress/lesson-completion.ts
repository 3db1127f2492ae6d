import type { LessonStatus } from '@academy/contracts';
import type { EntityManager } from 'typeorm';
import { ENSURE_ENROLMENT_SQL, RECOUNT_ENROLMENT_SQL } from './progress-sql.js';

/** The learner's enrolment after a recount (RECOUNT_ENROLMENT_SQL's columns). */
export interface EnrolmentCounts {
  course_status: LessonStatus | null;
  progress_pct: number | null;
  completed_lessons: number | null;
  required_lessons: number | null;
  course_completed_at: Date | null;
}

/**
 * Creates (or marks started) the learner's enrolment, locks it and recounts it from lesson_progress.
 * Run inside the caller's transaction, after the lesson_progress write it counts.
 */
export async function recountEnrolment(
  manager: EntityManager,
  userId: string,
  courseId: string,
  requiredIds: string[],
  now: Date,
): Promise<EnrolmentCounts> {
  await manager.query(ENSURE_ENROLMENT_SQL, [userId, courseId, now]);
  // TypeORM answers an UPDATE with [rows, count].
  const [recounted] = (await manager.query(RECOUNT_ENROLMENT_SQL, [userId, courseId, requiredIds, now])) as [
    EnrolmentCounts[],
    number,
  ];
  return recounted[0];
}

/**
 * Marks a lesson completed for a learner for kinds completed by an event rather than by watching (a
 * passed quiz). Never lowers a status and keeps the first completion time. Returns whether this call
 * completed it. Run inside a transaction, then recountEnrolment.
 */
export async function markLessonCompleted(
  manager: EntityManager,
  userId: string,
  lessonId: string,
  courseId: string,
  now: Date,
): Promise<boolean> {
  const [row] = (await manager.query(
    `INSERT INTO lesson_progress AS p (user_id, lesson_id, course_id, last_seq, last_report_at, rate_credit_s,
                                       status, completed_at, created_at, updated_at)
     VALUES ($1, $2, $3, 0, $4, 0, 'completed', $4, $4, $4)
     ON CONFLICT (user_id, lesson_id) DO UPDATE SET
       status = 'completed', completed_at = COALESCE(p.completed_at, EXCLUDED.completed_at), updated_at = $4
     RETURNING p.completed_at = $4::timestamptz AS just_completed`,
    [userId, lessonId, courseId, now],
  )) as { just_completed: boolean }[];
  return row.just_completed;
}
