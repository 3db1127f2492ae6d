import type { ResolvedText } from './catalogue.js';
import type { CourseProgressDto, LessonProgressDto, LessonStatus } from './progress.js';

/**
 * A learner's own courses: self-enrolment, "My learning" and completion of documents and articles.
 * POST   /api/courses/:id/enrolment          → EnrolmentDto (idempotent; ENROLMENT_NOT_OPEN when closed)
 * DELETE /api/courses/:id/enrolment          → 204 (self-enrolled only: ENROLMENT_ASSIGNED, ENROLMENT_NOT_FOUND)
 * GET    /api/courses/:id/enrolment          → EnrolmentDto | null
 * GET    /api/me/learning?locale=            → MyLearningDto
 * POST   /api/lessons/:id/completion  body {} → LessonCompletionResultDto (documents and articles)
 */

export const ENROLMENT_SOURCES = ['self', 'assigned'] as const;
export type EnrolmentSource = (typeof ENROLMENT_SOURCES)[number];

/** Where "Continue" leads: the first unfinished required lesson in course order, at its saved position. */
export interface ContinueTarget {
  lessonId: string;
  /** Last reported playback position (videos), 0 otherwise. */
  positionS: number;
}

/** The caller's enrolment in one course. */
export interface EnrolmentDto {
  courseId: string;
  /** 'self': the learner enrolled (may leave); 'assigned': a coordinator assigned it (may not leave). */
  source: EnrolmentSource;
  status: LessonStatus;
  /** Completed required lessons ÷ required lessons, 0..100. */
  progressPct: number;
  completedLessons: number;
  requiredLessons: number;
  /** Due date of an assignment; null without one (and for self-enrolment). */
  dueAt: string | null;
  /** Due date passed and the course not completed. */
  overdue: boolean;
  assignedAt: string | null;
  enrolledAt: string;
  startedAt: string | null;
  completedAt: string | null;
  lastActivityAt: string | null;
  /** The "continue" (or "start") target; null once the course is completed. */
  next: ContinueTarget | null;
}

/** A completed course's certificate as My learning shows it. */
export interface MyLearningCertificateDto {
  id: string;
  code: string;
  /** GET: the PDF, in the caller's language unless `?locale=` says otherwise. */
  pdfUrl: string;
  revoked: boolean;
}

export interface MyLearningItemDto extends EnrolmentDto {
  code: string;
  /** Title of the current published version, in the requested language with the usual fallback. */
  title: ResolvedText;
  /** The course is still open to the caller (published, in their audience): "Continue" works. */
  available: boolean;
  /** Completed courses: the certificate once issued; null otherwise. */
  certificate: MyLearningCertificateDto | null;
}

/**
 * The caller's courses in three disjoint lists.
 * - assigned: assigned by a coordinator, not started yet; soonest due date first (no due date last).
 * - inProgress: started and not completed (assigned or self-enrolled; assigned ones keep their due date),
 *   plus self-enrolled courses not started yet; most recent activity first.
 * - completed: most recently completed first.
 */
export interface MyLearningDto {
  assigned: MyLearningItemDto[];
  inProgress: MyLearningItemDto[];
  completed: MyLearningItemDto[];
}

/** POST /api/lessons/:id/completion: the lesson and its course after marking it complete. */
export interface LessonCompletionResultDto {
  lesson: LessonProgressDto;
  course: CourseProgressDto;
}
