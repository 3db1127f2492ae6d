import type {
  CreatedUserResponse,
  CreateUserRequest,
  GrantRoleRequest,
  Page,
  Role,
  UserDto,
  UserStatus,
} from '@academy/contracts';
import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api';

export interface UserListParams {
  q?: string;
  page: number;
  pageSize: number;
  role?: Role | '';
  status?: UserStatus | '';
  organisationId?: string;
}

export const userKeys = {
  all: ['users'] as const,
  lists: () => [...userKeys.all, 'list'] as const,
  list: (params: UserListParams) => [...userKeys.lists(), params] as const,
};

export const usersQueryOptions = (params: UserListParams) =>
  queryOptions({
    queryKey: userKeys.list(params),
    queryFn: ({ signal }) => api<Page<UserDto>>('/api/users', { query: { ...params }, signal }),
    placeholderData: keepPreviousData,
  });

/** GET /api/users (admin) */
export function useUsers(params: UserListParams) {
  return useQuery(usersQueryOptions(params));
}

function useInvalidateUsers() {
  const client = useQueryClient();
  return () =>
    Promise.all([
      client.invalidateQueries({ queryKey: userKeys.all }),
      client.invalidateQueries({ queryKey: ['officers'] }),
    ]);
}

/** POST /api/users */
export function useCreateUser() {
  const invalidate = useInvalidateUsers();
  return useMutation({
    mutationFn: (body: CreateUserRequest) => api<CreatedUserResponse>('/api/users', { method: 'POST', body }),
    onSuccess: invalidate,
  });
}

/** POST /api/users/:id/disable and /enable */
export function useSetUserStatus() {
  const invalidate = useInvalidateUsers();
  return useMutation({
    mutationFn: ({ id, enable }: { id: string; enable: boolean }) =>
      api<UserDto>(`/api/users/${encodeURIComponent(id)}/${enable ? 'enable' : 'disable'}`, {
        method: 'POST',
      }),
    onSuccess: invalidate,
  });
}

/** POST /api/users/:id/grants */
export function useGrantRole() {
  const invalidate = useInvalidateUsers();
  return useMutation({
    mutationFn: ({ id, ...body }: GrantRoleRequest & { id: string }) =>
      api<UserDto>(`/api/users/${encodeURIComponent(id)}/grants`, { method: 'POST', body }),
    onSuccess: invalidate,
  });
}

/** DELETE /api/users/:id/grants/:grantId */
export function useRevokeGrant() {
  const invalidate = useInvalidateUsers();
  return useMutation({
    mutationFn: ({ id, grantId }: { id: string; grantId: string }) =>
      api<UserDto>(`/api/users/${encodeURIComponent(id)}/grants/${encodeURIComponent(grantId)}`, {
        method: 'DELETE',
      }),
    onSuccess: invalidate,
  });
}

/** POST /api/users/:id/password-link */
export function useCreatePasswordLink() {
  return useMutation({
    mutationFn: (id: string) =>
      api<{ passwordLink: string; expiresAt: string }>(`/api/users/${encodeURIComponent(id)}/password-link`, {
        method: 'POST',
      }),
  });
}
