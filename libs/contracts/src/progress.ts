/**
 * Lesson progress (video watching and, later, other kinds). The browser reports; the server decides.
 * PUT /api/lessons/:id/progress        body ProgressReportDto   → ProgressReportResultDto
 * GET /api/lessons/:id/progress                                  → LessonProgressDto
 * GET /api/courses/:id/progress                                  → CourseProgressDetailDto
 */

/** Playback speeds the player offers; the server's rate rule uses the highest. */
export const PLAYBACK_RATES = [0.5, 0.75, 1, 1.25, 1.5, 2] as const;
export const MAX_PLAYBACK_RATE = 2;
/**
 * The rate rule's allowance at a learner's first report on a lesson. After that, seconds not watched
 * before are allowed at MAX_PLAYBACK_RATE per second of server time since the previous accepted report;
 * unused allowance carries over (so queued reports sent together after a reconnection still count), but
 * the total never exceeds PROGRESS_SLACK_S + MAX_PLAYBACK_RATE × time since the first report.
 * The player should send an empty report (`watched: []`) when playback starts, to start that clock.
 */
export const PROGRESS_SLACK_S = 5;
/** Most [from, to] ranges accepted in one report. */
export const PROGRESS_MAX_RANGES = 500;
/** Share of a video's duration that must be watched to complete it unless the lesson says otherwise. */
export const DEFAULT_COMPLETION_THRESHOLD = 0.9;
/** How often the player reports while playing (also on pause, seek, ended and page hide). */
export const PROGRESS_REPORT_INTERVAL_S = 10;

export const LESSON_STATUSES = ['not_started', 'in_progress', 'completed'] as const;
export type LessonStatus = (typeof LESSON_STATUSES)[number];

export interface ProgressReportDto {
  /** Playback position in seconds, kept for resume. */
  positionS: number;
  /**
   * Watched intervals in seconds, [from, to] with 0 ≤ from ≤ to, at most PROGRESS_MAX_RANGES. The client
   * may resend what it sent before. The server rounds both ends to whole seconds and clips to the duration.
   */
  watched: [number, number][];
  /** Client-side increasing number; the position is only taken from a report newer than the last one kept. */
  seq: number;
}

export interface LessonProgressDto {
  lessonId: string;
  courseId: string;
  status: LessonStatus;
  /** Last reported position, for resume. 0 when nothing was reported. */
  positionS: number;
  /** Measure of the union of watched seconds. */
  watchedS: number;
  durationS: number | null;
  /** 0..100, whole numbers, never more than 100. */
  watchedPct: number;
  /** The union of watched whole seconds as [from, to) pairs, in order. */
  watched: [number, number][];
  completedAt: string | null;
  updatedAt: string | null;
}

export interface CourseProgressDto {
  courseId: string;
  status: LessonStatus;
  /** Completed required lessons ÷ required lessons, 0..100. */
  progressPct: number;
  completedLessons: number;
  requiredLessons: number;
  completedAt: string | null;
}

export interface ProgressReportResultDto extends LessonProgressDto {
  /**
   * Seconds of this report not counted because they came faster than real time allows (0 otherwise).
   * They may be sent again later: once real time has caught up they count.
   */
  clippedS: number;
  course: CourseProgressDto;
}

export interface CourseProgressDetailDto {
  course: CourseProgressDto;
  lessons: LessonProgressDto[];
}
