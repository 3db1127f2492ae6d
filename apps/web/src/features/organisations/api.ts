import type {
  CreateOrganisationRequest,
  OrganisationDto,
  UpdateOrganisationRequest,
} from '@academy/contracts';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api';

export const organisationKeys = {
  all: ['organisations'] as const,
  list: () => [...organisationKeys.all, 'list'] as const,
};

export const organisationsQueryOptions = queryOptions({
  queryKey: organisationKeys.list(),
  queryFn: () => api<OrganisationDto[]>('/api/organisations'),
  staleTime: 60_000,
});

/** GET /api/organisations: flat list (admin: all; coordinator: their subtrees). */
export function useOrganisations() {
  return useQuery(organisationsQueryOptions);
}

/** POST /api/organisations */
export function useCreateOrganisation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateOrganisationRequest) =>
      api<OrganisationDto>('/api/organisations', { method: 'POST', body }),
    onSuccess: () => client.invalidateQueries({ queryKey: organisationKeys.all }),
  });
}

/** PATCH /api/organisations/:id (rename and/or move) */
export function useUpdateOrganisation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: UpdateOrganisationRequest & { id: string }) =>
      api<OrganisationDto>(`/api/organisations/${encodeURIComponent(id)}`, { method: 'PATCH', body }),
    onSuccess: () => client.invalidateQueries({ queryKey: organisationKeys.all }),
  });
}
