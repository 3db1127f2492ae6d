import type { CreatedUserResponse, CreateUserRequest, ImportReport, Page, UserDto } from '@academy/contracts';
import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api';

export interface OfficerListParams {
  q?: string;
  page: number;
  pageSize: number;
  organisationId?: string;
}

export const officerKeys = {
  all: ['officers'] as const,
  lists: () => [...officerKeys.all, 'list'] as const,
  list: (params: OfficerListParams) => [...officerKeys.lists(), params] as const,
};

export const officersQueryOptions = (params: OfficerListParams) =>
  queryOptions({
    queryKey: officerKeys.list(params),
    queryFn: ({ signal }) => api<Page<UserDto>>('/api/officers', { query: { ...params }, signal }),
    placeholderData: keepPreviousData,
  });

/** GET /api/officers (coordinator: own subtree; admin: all) */
export function useOfficers(params: OfficerListParams) {
  return useQuery(officersQueryOptions(params));
}

export type CreateOfficerRequest = Omit<CreateUserRequest, 'roles'>;

/** POST /api/officers */
export function useCreateOfficer() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateOfficerRequest) =>
      api<CreatedUserResponse>('/api/officers', { method: 'POST', body }),
    onSuccess: () => client.invalidateQueries({ queryKey: officerKeys.all }),
  });
}

/** POST /api/officers/import (multipart, field "file") */
export function useImportOfficers() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (file: File) => {
      const form = new FormData();
      form.append('file', file, file.name);
      return api<ImportReport>('/api/officers/import', { method: 'POST', form });
    },
    onSuccess: () => client.invalidateQueries({ queryKey: officerKeys.all }),
  });
}
