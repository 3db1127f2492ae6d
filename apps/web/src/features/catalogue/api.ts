import type {
  CatalogueItemDto,
  CatalogueQuery,
  CourseOutlineDto,
  LessonContentDto,
  Locale,
  Page,
} from '@academy/contracts';
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api';

export const catalogueKeys = {
  all: ['catalogue'] as const,
  list: (params: CatalogueQuery) => [...catalogueKeys.all, 'list', params] as const,
  topics: () => [...catalogueKeys.all, 'topics'] as const,
  course: (id: string, locale: Locale) => [...catalogueKeys.all, 'course', id, locale] as const,
  lesson: (id: string, locale: Locale) => [...catalogueKeys.all, 'lesson', id, locale] as const,
};

export const catalogueQueryOptions = (params: CatalogueQuery) =>
  queryOptions({
    queryKey: catalogueKeys.list(params),
    queryFn: ({ signal }) => api<Page<CatalogueItemDto>>('/api/courses', { query: { ...params }, signal }),
    placeholderData: keepPreviousData,
  });

/** GET /api/courses: published courses open to the user. */
export function useCatalogue(params: CatalogueQuery) {
  return useQuery(catalogueQueryOptions(params));
}

/** GET /api/courses/topics */
export function useTopics() {
  return useQuery({
    queryKey: catalogueKeys.topics(),
    queryFn: ({ signal }) => api<{ topic: string; count: number }[]>('/api/courses/topics', { signal }),
    staleTime: 60_000,
  });
}

/** GET /api/courses/:id?locale= */
export function useCourseOutline(id: string, locale: Locale) {
  return useQuery({
    queryKey: catalogueKeys.course(id, locale),
    queryFn: ({ signal }) =>
      api<CourseOutlineDto>(`/api/courses/${encodeURIComponent(id)}`, { query: { locale }, signal }),
    placeholderData: keepPreviousData,
  });
}

/** GET /api/lessons/:id?locale= */
export function useLesson(id: string, locale: Locale) {
  return useQuery({
    queryKey: catalogueKeys.lesson(id, locale),
    queryFn: ({ signal }) =>
      api<LessonContentDto>(`/api/lessons/${encodeURIComponent(id)}`, { query: { locale }, signal }),
    placeholderData: keepPreviousData,
  });
}
