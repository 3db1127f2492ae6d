import type {
  AssignableCourseDto,
  AssigneeDto,
  AssigneeQuery,
  AssignRequest,
  AssignResultDto,
  DueDateRequest,
  DueDateResultDto,
  Page,
  WithdrawRequest,
  WithdrawResultDto,
} from '@academy/contracts';
import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api';

export const assignmentKeys = {
  all: ['assignments'] as const,
  courses: () => [...assignmentKeys.all, 'courses'] as const,
  assignees: (courseId: string, params: AssigneeQuery) =>
    [...assignmentKeys.all, 'assignees', courseId, params] as const,
};

export const assignableCoursesQueryOptions = queryOptions({
  queryKey: assignmentKeys.courses(),
  queryFn: ({ signal }) => api<AssignableCourseDto[]>('/api/assignments/courses', { signal }),
});

/** GET /api/assignments/courses */
export function useAssignableCourses() {
  return useQuery(assignableCoursesQueryOptions);
}

export const assigneesQueryOptions = (courseId: string, params: AssigneeQuery) =>
  queryOptions({
    queryKey: assignmentKeys.assignees(courseId, params),
    queryFn: ({ signal }) =>
      api<Page<AssigneeDto>>(`/api/assignments/courses/${encodeURIComponent(courseId)}/assignees`, {
        query: { ...params },
        signal,
      }),
    placeholderData: keepPreviousData,
  });

/** GET /api/assignments/courses/:courseId/assignees */
export function useAssignees(courseId: string | null, params: AssigneeQuery) {
  return useQuery({ ...assigneesQueryOptions(courseId ?? '', params), enabled: !!courseId });
}

function useInvalidating<TBody, TResult>(fn: (body: TBody) => Promise<TResult>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => client.invalidateQueries({ queryKey: assignmentKeys.all }),
  });
}

/** POST /api/assignments */
export function useAssign() {
  return useInvalidating((body: AssignRequest) =>
    api<AssignResultDto>('/api/assignments', { method: 'POST', body }),
  );
}

/** POST /api/assignments/csv (multipart: file, courseId, dueAt) */
export function useAssignCsv() {
  return useInvalidating(
    ({ file, courseId, dueAt }: { file: File; courseId: string; dueAt: string | null }) => {
      const form = new FormData();
      form.append('courseId', courseId);
      if (dueAt) form.append('dueAt', dueAt);
      form.append('file', file, file.name);
      return api<AssignResultDto>('/api/assignments/csv', { method: 'POST', form });
    },
  );
}

/** POST /api/assignments/due-date */
export function useChangeDueDate() {
  return useInvalidating((body: DueDateRequest) =>
    api<DueDateResultDto>('/api/assignments/due-date', { method: 'POST', body }),
  );
}

/** POST /api/assignments/withdraw */
export function useWithdraw() {
  return useInvalidating((body: WithdrawRequest) =>
    api<WithdrawResultDto>('/api/assignments/withdraw', { method: 'POST', body }),
  );
}
