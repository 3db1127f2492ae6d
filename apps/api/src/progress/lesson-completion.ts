import type { LessonStatus } from '@academy/contracts';
import type { EntityManager } from 'typeorm';
import { issueCertificate } from '../certificates/certificate-issue.js';
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
 *
 * When this recount is the one that completed the course (completed_at set to `now` just now), the
 * certificate is issued in the same transaction (certificate-issue.ts), so every path that completes a
 * course (video progress, quiz pass, document or article completion) issues it, exactly once: the
 * enrolment row lock serialises recounts of one learner's course, completed_at is never cleared (a
 * later version with more lessons keeps it), and the certificate insert ignores a second one.
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
  const counts = recounted[0];
  const completedAt = counts?.course_completed_at ?? null;
  if (completedAt !== null && new Date(completedAt).getTime() === now.getTime()) {
    await issueCertificate(manager, userId, courseId, new Date(completedAt));
  }
  return counts;
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
