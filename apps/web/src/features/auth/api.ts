import type {
  ChangePasswordRequest,
  ForgotPasswordRequest,
  LoginRequest,
  MeResponse,
  SetPasswordRequest,
  UpdateProfileRequest,
} from '@academy/contracts';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, isApiError } from '../../lib/api';

export const authKeys = {
  all: ['auth'] as const,
  me: () => [...authKeys.all, 'me'] as const,
};

/** The signed-in user, or null when there is no session. */
export const meQueryOptions = queryOptions({
  queryKey: authKeys.me(),
  queryFn: async (): Promise<MeResponse | null> => {
    try {
      return await api<MeResponse>('/api/auth/me');
    } catch (error) {
      if (isApiError(error) && error.status === 401) return null;
      throw error;
    }
  },
  staleTime: 5 * 60_000,
  retry: false,
});

export function useMe() {
  return useQuery(meQueryOptions);
}

export function useLogin() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: LoginRequest) => api<MeResponse>('/api/auth/login', { method: 'POST', body }),
    onSuccess: (me) => {
      // Data cached for a previous user must never leak into this session.
      client.removeQueries({ predicate: (q) => q.queryKey[0] !== authKeys.all[0] });
      client.setQueryData(authKeys.me(), me);
    },
  });
}

export function useLogout() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<void>('/api/auth/logout', { method: 'POST' }),
    onSettled: () => {
      client.clear();
      client.setQueryData(authKeys.me(), null);
    },
  });
}

export function useUpdateProfile() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateProfileRequest) => api<MeResponse>('/api/auth/me', { method: 'PATCH', body }),
    onSuccess: (me) => client.setQueryData(authKeys.me(), me),
  });
}

export function useChangePassword() {
  return useMutation({
    mutationFn: (body: ChangePasswordRequest) => api<void>('/api/auth/password', { method: 'POST', body }),
  });
}

export function useForgotPassword() {
  return useMutation({
    mutationFn: (body: ForgotPasswordRequest) =>
      api<void>('/api/auth/password/forgot', { method: 'POST', body }),
  });
}

export function useSetPassword() {
  return useMutation({
    mutationFn: (body: SetPasswordRequest) => api<void>('/api/auth/password/set', { method: 'POST', body }),
  });
}
