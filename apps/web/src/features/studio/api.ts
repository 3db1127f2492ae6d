import type {
  CourseAudience,
  CourseDraftDto,
  LessonKind,
  Locale,
  LocalizedText,
  MediaAssetDto,
  MediaKind,
  Page,
  PublishResult,
  QuizDefinitionInput,
} from '@academy/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api';
import { catalogueKeys } from '../catalogue/api';

/** A list row: the course's fields and translation report, without its modules. */
export type StudioCourseSummary = Omit<CourseDraftDto, 'modules'>;

export interface CourseFields {
  code?: string;
  baseLocale?: Locale;
  title?: LocalizedText;
  summary?: LocalizedText;
  topics?: string[];
  estimatedMinutes?: number | null;
  audience?: CourseAudience;
  audienceOrganisationIds?: string[];
  coverAssetId?: string | null;
  /** Learners may enrol themselves; otherwise only coordinators' assignments give access to progress. */
  selfEnrolment?: boolean;
}

export interface VariantFields {
  body?: string | null;
  mediaAssetId?: string | null;
  captionsAssetId?: string | null;
}

export interface LessonFields {
  title?: LocalizedText;
  required?: boolean;
  estimatedMinutes?: number | null;
  completionThreshold?: number | null;
  variants?: Partial<Record<Locale, VariantFields>>;
  /** Quiz lessons: the whole quiz (replaces what was there). */
  quiz?: QuizDefinitionInput | null;
}

export const studioKeys = {
  all: ['studio'] as const,
  list: () => [...studioKeys.all, 'list'] as const,
  course: (id: string) => [...studioKeys.all, 'course', id] as const,
  media: (kind: MediaKind) => ['media', 'list', kind] as const,
};

const enc = encodeURIComponent;

/** GET /api/studio/courses */
export function useStudioCourses() {
  return useQuery({
    queryKey: studioKeys.list(),
    queryFn: ({ signal }) => api<StudioCourseSummary[]>('/api/studio/courses', { signal }),
  });
}

/** GET /api/studio/courses/:id */
export function useStudioCourse(id: string, enabled = true) {
  return useQuery({
    enabled,
    queryKey: studioKeys.course(id),
    queryFn: ({ signal }) => api<CourseDraftDto>(`/api/studio/courses/${enc(id)}`, { signal }),
  });
}

/** Every studio mutation answers with the whole draft: put it in the cache, refresh the lists. */
function useDraftMutation<V>(request: (vars: V) => Promise<CourseDraftDto>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: request,
    onSuccess: (draft) => {
      client.setQueryData(studioKeys.course(draft.id), draft);
      void client.invalidateQueries({ queryKey: studioKeys.list() });
    },
  });
}

/** POST /api/studio/courses */
export function useCreateCourse() {
  return useDraftMutation((body: CourseFields & { code: string; baseLocale: Locale; title: LocalizedText }) =>
    api<CourseDraftDto>('/api/studio/courses', { method: 'POST', body }),
  );
}

/** PATCH /api/studio/courses/:id */
export function useUpdateCourse(id: string) {
  return useDraftMutation((body: CourseFields) =>
    api<CourseDraftDto>(`/api/studio/courses/${enc(id)}`, { method: 'PATCH', body }),
  );
}

/** POST /api/studio/courses/:id/modules */
export function useAddModule(courseId: string) {
  return useDraftMutation((title: LocalizedText) =>
    api<CourseDraftDto>(`/api/studio/courses/${enc(courseId)}/modules`, { method: 'POST', body: { title } }),
  );
}

/** PATCH /api/studio/modules/:id */
export function useRenameModule() {
  return useDraftMutation(({ id, title }: { id: string; title: LocalizedText }) =>
    api<CourseDraftDto>(`/api/studio/modules/${enc(id)}`, { method: 'PATCH', body: { title } }),
  );
}

/** DELETE /api/studio/modules/:id */
export function useDeleteModule() {
  return useDraftMutation((id: string) =>
    api<CourseDraftDto>(`/api/studio/modules/${enc(id)}`, { method: 'DELETE' }),
  );
}

/** PUT /api/studio/courses/:id/module-order */
export function useReorderModules(courseId: string) {
  return useDraftMutation((ids: string[]) =>
    api<CourseDraftDto>(`/api/studio/courses/${enc(courseId)}/module-order`, {
      method: 'PUT',
      body: { ids },
    }),
  );
}

/** POST /api/studio/modules/:id/lessons */
export function useAddLesson() {
  return useDraftMutation(
    ({ moduleId, ...body }: LessonFields & { moduleId: string; kind: LessonKind; title: LocalizedText }) =>
      api<CourseDraftDto>(`/api/studio/modules/${enc(moduleId)}/lessons`, { method: 'POST', body }),
  );
}

/** PATCH /api/studio/lessons/:id */
export function useUpdateLesson() {
  return useDraftMutation(({ id, ...body }: LessonFields & { id: string }) =>
    api<CourseDraftDto>(`/api/studio/lessons/${enc(id)}`, { method: 'PATCH', body }),
  );
}

/** DELETE /api/studio/lessons/:id */
export function useDeleteLesson() {
  return useDraftMutation((id: string) =>
    api<CourseDraftDto>(`/api/studio/lessons/${enc(id)}`, { method: 'DELETE' }),
  );
}

/** PUT /api/studio/modules/:id/lesson-order */
export function useReorderLessons() {
  return useDraftMutation(({ moduleId, ids }: { moduleId: string; ids: string[] }) =>
    api<CourseDraftDto>(`/api/studio/modules/${enc(moduleId)}/lesson-order`, {
      method: 'PUT',
      body: { ids },
    }),
  );
}

/** POST /api/studio/courses/:id/publish (422 PUBLISH_REFUSED lists the problems) */
export function usePublishCourse(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<PublishResult>(`/api/studio/courses/${enc(id)}/publish`, { method: 'POST' }),
    onSettled: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: studioKeys.all }),
        client.invalidateQueries({ queryKey: catalogueKeys.all }),
      ]),
  });
}

/** POST /api/studio/courses/:id/archive and /unarchive */
export function useSetArchived(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (archive: boolean) =>
      api<unknown>(`/api/studio/courses/${enc(id)}/${archive ? 'archive' : 'unarchive'}`, { method: 'POST' }),
    onSettled: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: studioKeys.all }),
        client.invalidateQueries({ queryKey: catalogueKeys.all }),
      ]),
  });
}

/** GET /api/media?kind= (the media library; 404 while it does not exist yet) */
export function useMediaLibrary(kind: MediaKind) {
  return useQuery({
    queryKey: studioKeys.media(kind),
    queryFn: ({ signal }) =>
      api<Page<MediaAssetDto>>('/api/media', { query: { kind, pageSize: 100 }, signal }),
    staleTime: 30_000,
  });
}
