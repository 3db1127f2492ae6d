/**
 * Progress endpoints: one TanStack Query hook per GET, the PUT transport used by the reporter, and how an
 * accepted report updates the cached queries.
 */
import type { CourseProgressDetailDto, LessonProgressDto, ProgressReportResultDto } from '@academy/contracts';
import { queryOptions, useQuery, type QueryClient } from '@tanstack/react-query';
import { api, isApiError } from '../../lib/api';
import { isRetryableStatus, type ProgressTransport, type SendOutcome } from './progress-reporter';

export const progressKeys = {
  all: ['progress'] as const,
  lesson: (lessonId: string) => [...progressKeys.all, 'lesson', lessonId] as const,
  course: (courseId: string) => [...progressKeys.all, 'course', courseId] as const,
};

/**
 * No progress to show rather than an error: 404 (no such lesson or, while the endpoint is being rolled
 * out, no endpoint) and 403 (someone who is not a learner of this course, e.g. an author previewing).
 */
function absent(error: unknown): boolean {
  return isApiError(error) && (error.status === 404 || error.status === 403);
}

const progressPath = (lessonId: string) => `/api/lessons/${encodeURIComponent(lessonId)}/progress`;

export const lessonProgressQueryOptions = (lessonId: string) =>
  queryOptions({
    queryKey: progressKeys.lesson(lessonId),
    queryFn: async ({ signal }): Promise<LessonProgressDto | null> => {
      try {
        return await api<LessonProgressDto>(progressPath(lessonId), { signal });
      } catch (error) {
        if (absent(error)) return null;
        throw error;
      }
    },
    // Resume must start from the latest position: always ask again when a lesson page opens.
    staleTime: 0,
  });

/** GET /api/lessons/:id/progress; null when there is none to show. */
export function useLessonProgress(lessonId: string) {
  return useQuery(lessonProgressQueryOptions(lessonId));
}

export const courseProgressQueryOptions = (courseId: string) =>
  queryOptions({
    queryKey: progressKeys.course(courseId),
    queryFn: async ({ signal }): Promise<CourseProgressDetailDto | null> => {
      try {
        const detail = await api<CourseProgressDetailDto | undefined>(
          `/api/courses/${encodeURIComponent(courseId)}/progress`,
          { signal },
        );
        // An empty body (endpoint not there yet behind a proxy, or nothing recorded) shows nothing.
        return detail && detail.course ? detail : null;
      } catch (error) {
        if (absent(error)) return null;
        throw error;
      }
    },
    staleTime: 0,
  });

/** GET /api/courses/:id/progress; null when there is none to show. */
export function useCourseProgress(courseId: string) {
  return useQuery(courseProgressQueryOptions(courseId));
}

/** The report's result without the fields that only belong to a report. */
function toLessonProgress(result: ProgressReportResultDto): LessonProgressDto {
  const { clippedS: _clipped, course: _course, ...lesson } = result;
  return lesson;
}

/**
 * An accepted report: the lesson's cached progress becomes the server's answer at once (watched % moves
 * while watching), the course's cached detail gets the new lesson row and course figures, and when the
 * lesson's or the course's status changed both queries are invalidated so every view refetches.
 */
export function applyReportResult(client: QueryClient, result: ProgressReportResultDto): void {
  const lessonKey = progressKeys.lesson(result.lessonId);
  const courseKey = progressKeys.course(result.courseId);
  const before = client.getQueryData<LessonProgressDto | null>(lessonKey);
  const courseBefore = client.getQueryData<CourseProgressDetailDto | null>(courseKey);
  const lesson = toLessonProgress(result);
  client.setQueryData<LessonProgressDto | null>(lessonKey, lesson);
  if (courseBefore) {
    const others = courseBefore.lessons.filter((l) => l.lessonId !== lesson.lessonId);
    const detail: CourseProgressDetailDto = {
      course: result.course ?? courseBefore.course,
      lessons: [...others, lesson],
    };
    client.setQueryData<CourseProgressDetailDto | null>(courseKey, detail);
  }
  const statusChanged =
    (before !== undefined && before?.status !== result.status) ||
    (courseBefore && result.course && courseBefore.course.status !== result.course.status) ||
    (courseBefore && result.course && courseBefore.course.progressPct !== result.course.progressPct);
  if (statusChanged) {
    void client.invalidateQueries({ queryKey: lessonKey, refetchType: 'none' });
    void client.invalidateQueries({ queryKey: courseKey });
  }
}

/** Reads an error body's status without throwing. */
function outcomeOf(status: number): SendOutcome {
  return { ok: false, retry: isRetryableStatus(status), status };
}

/**
 * PUT through the app's API client (which refreshes an expired session once), or, at page hide, a bare
 * `fetch` with `keepalive: true` so the request outlives the page.
 */
export const browserTransport: ProgressTransport = {
  async put(lessonId, body, { keepalive }) {
    if (keepalive) {
      try {
        const res = await fetch(progressPath(lessonId), {
          method: 'PUT',
          credentials: 'same-origin',
          headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
          body: JSON.stringify(body),
          keepalive: true,
        });
        if (!res.ok) return outcomeOf(res.status);
        return { ok: true, result: (await res.json()) as ProgressReportResultDto };
      } catch {
        return outcomeOf(0);
      }
    }
    try {
      const result = await api<ProgressReportResultDto>(progressPath(lessonId), { method: 'PUT', body });
      return { ok: true, result };
    } catch (error) {
      return outcomeOf(isApiError(error) ? error.status : 0);
    }
  },
};
