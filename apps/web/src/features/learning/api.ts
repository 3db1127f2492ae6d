/** Learning endpoints: one TanStack Query hook per endpoint, with its keys. */
import type { EnrolmentDto, Locale, MyLearningDto, MyLearningItemDto } from '@academy/contracts';
import { queryOptions, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api';
import { progressKeys } from '../player/progress-api';

export const learningKeys = {
  all: ['learning'] as const,
  mine: (locale: Locale) => [...learningKeys.all, 'mine', locale] as const,
  enrolment: (courseId: string) => [...learningKeys.all, 'enrolment', courseId] as const,
};

export const myLearningQueryOptions = (locale: Locale) =>
  queryOptions({
    queryKey: learningKeys.mine(locale),
    queryFn: ({ signal }) => api<MyLearningDto>('/api/me/learning', { query: { locale }, signal }),
    // Progress moves on lesson pages: ask again whenever a list is shown.
    staleTime: 0,
  });

/** GET /api/me/learning?locale= */
export function useMyLearning(locale: Locale, enabled = true) {
  return useQuery({ ...myLearningQueryOptions(locale), enabled });
}

/** Every course of the caller by id (the catalogue's status badges: one request for all cards). */
export function useMyCourses(locale: Locale, enabled = true): Map<string, MyLearningItemDto> | null {
  const { data } = useMyLearning(locale, enabled);
  if (!data) return null;
  return new Map([...data.assigned, ...data.inProgress, ...data.completed].map((i) => [i.courseId, i]));
}

/** GET /api/courses/:id/enrolment: the caller's enrolment or null. */
export function useEnrolment(courseId: string, enabled = true) {
  return useQuery({
    queryKey: learningKeys.enrolment(courseId),
    queryFn: async ({ signal }) =>
      (await api<EnrolmentDto | null | undefined>(`/api/courses/${encodeURIComponent(courseId)}/enrolment`, {
        signal,
      })) ?? null,
    staleTime: 0,
    enabled,
  });
}

function refreshAfterEnrolment(client: QueryClient, courseId: string) {
  void client.invalidateQueries({ queryKey: learningKeys.all });
  void client.invalidateQueries({ queryKey: progressKeys.course(courseId) });
}

/** POST /api/courses/:id/enrolment */
export function useEnrol(courseId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () =>
      api<EnrolmentDto>(`/api/courses/${encodeURIComponent(courseId)}/enrolment`, { method: 'POST' }),
    onSuccess: (enrolment) => {
      client.setQueryData(learningKeys.enrolment(courseId), enrolment);
      refreshAfterEnrolment(client, courseId);
    },
  });
}

/** DELETE /api/courses/:id/enrolment */
export function useLeave(courseId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () =>
      api<void>(`/api/courses/${encodeURIComponent(courseId)}/enrolment`, { method: 'DELETE' }),
    onSuccess: () => {
      client.setQueryData(learningKeys.enrolment(courseId), null);
      refreshAfterEnrolment(client, courseId);
    },
  });
}

/** The lesson page address that resumes a course where the learner stopped. */
export function lessonPath(courseId: string, lessonId: string): string {
  return `/courses/${encodeURIComponent(courseId)}/lessons/${encodeURIComponent(lessonId)}`;
}
