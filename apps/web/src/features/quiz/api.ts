import type {
  Locale,
  QuizAttemptDto,
  QuizAttemptsDto,
  QuizSubmissionDto,
  QuizSubmitResultDto,
} from '@academy/contracts';
import { queryOptions, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api';
import { progressKeys } from '../player/progress-api';

const enc = encodeURIComponent;

export const quizKeys = {
  all: ['quiz'] as const,
  summary: (lessonId: string) => [...quizKeys.all, 'summary', lessonId] as const,
  attempt: (attemptId: string, locale: Locale) => [...quizKeys.all, 'attempt', attemptId, locale] as const,
};

/** Queries that show a learner's progress: the lesson, its course, and My learning. */
export function refreshProgress(client: QueryClient, lessonId: string, courseId: string): Promise<unknown> {
  return Promise.all([
    client.invalidateQueries({ queryKey: progressKeys.lesson(lessonId) }),
    client.invalidateQueries({ queryKey: progressKeys.course(courseId) }),
    client.invalidateQueries({ queryKey: ['learning'] }),
  ]);
}

export const quizSummaryQueryOptions = (lessonId: string) =>
  queryOptions({
    queryKey: quizKeys.summary(lessonId),
    queryFn: ({ signal }) => api<QuizAttemptsDto>(`/api/lessons/${enc(lessonId)}/attempts`, { signal }),
    staleTime: 0,
  });

/** GET /api/lessons/:id/attempts: the quiz's settings for this learner and their past attempts. */
export function useQuizSummary(lessonId: string) {
  return useQuery(quizSummaryQueryOptions(lessonId));
}

/** POST /api/lessons/:id/attempts: starts an attempt, or resumes the one still open. */
export function useStartAttempt(lessonId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (locale: Locale) =>
      api<QuizAttemptDto>(`/api/lessons/${enc(lessonId)}/attempts`, { method: 'POST', query: { locale } }),
    onSettled: () => client.invalidateQueries({ queryKey: quizKeys.summary(lessonId) }),
  });
}

/** POST /api/attempts/:id/submit: the score and review; a pass completes the lesson, so progress refreshes. */
export function useSubmitAttempt(lessonId: string, courseId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({
      attemptId,
      body,
      locale,
    }: {
      attemptId: string;
      body: QuizSubmissionDto;
      locale: Locale;
    }) =>
      api<QuizSubmitResultDto>(`/api/attempts/${enc(attemptId)}/submit`, {
        method: 'POST',
        body,
        query: { locale },
      }),
    onSettled: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: quizKeys.summary(lessonId) }),
        refreshProgress(client, lessonId, courseId),
      ]),
  });
}

/** GET /api/attempts/:id: a past attempt with its review (texts in `locale`). */
export function useAttempt(attemptId: string | null, locale: Locale) {
  return useQuery({
    enabled: !!attemptId,
    queryKey: quizKeys.attempt(attemptId ?? '', locale),
    queryFn: ({ signal }) =>
      api<QuizAttemptDto>(`/api/attempts/${enc(attemptId!)}`, { query: { locale }, signal }),
  });
}
