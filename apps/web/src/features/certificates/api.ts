import type {
  AdminCertificateDto,
  CertificateDto,
  CertificateVerificationDto,
  Page,
  RevokeCertificateRequest,
} from '@academy/contracts';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, isApiError } from '../../lib/api';

export const certificateKeys = {
  all: ['certificates'] as const,
  mine: () => [...certificateKeys.all, 'mine'] as const,
  verify: (code: string) => [...certificateKeys.all, 'verify', code] as const,
  search: (q: string) => [...certificateKeys.all, 'search', q] as const,
};

/** GET /api/verify/:code (public): null when no certificate has this code. */
export const verifyQueryOptions = (code: string) =>
  queryOptions({
    queryKey: certificateKeys.verify(code),
    queryFn: async ({ signal }): Promise<CertificateVerificationDto | null> => {
      try {
        return await api<CertificateVerificationDto>(`/api/verify/${encodeURIComponent(code)}`, { signal });
      } catch (error) {
        if (isApiError(error) && error.code === 'CERTIFICATE_NOT_FOUND') return null;
        throw error;
      }
    },
    retry: false,
  });

export function useVerifyCertificate(code: string) {
  return useQuery(verifyQueryOptions(code));
}

/** GET /api/certificates: the signed-in user's certificates. */
export const myCertificatesQueryOptions = queryOptions({
  queryKey: certificateKeys.mine(),
  queryFn: ({ signal }) => api<CertificateDto[]>('/api/certificates', { signal }),
});

export function useMyCertificates() {
  return useQuery(myCertificatesQueryOptions);
}

/** GET /api/admin/certificates?q= (admins): here to find a certificate's id by its code. */
export const certificateSearchQueryOptions = (q: string) =>
  queryOptions({
    queryKey: certificateKeys.search(q),
    queryFn: ({ signal }) =>
      api<Page<AdminCertificateDto>>('/api/admin/certificates', { query: { q, pageSize: 5 }, signal }),
  });

export function useCertificateSearch(q: string, enabled: boolean) {
  return useQuery({ ...certificateSearchQueryOptions(q), enabled });
}

/** POST /api/certificates/:id/revoke (admins) */
export function useRevokeCertificate() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: RevokeCertificateRequest & { id: string }) =>
      api<CertificateDto>(`/api/certificates/${id}/revoke`, { method: 'POST', body }),
    onSuccess: () => client.invalidateQueries({ queryKey: certificateKeys.all }),
  });
}

/** Download address of a certificate's PDF in a language. */
export const pdfHref = (certificate: Pick<CertificateDto, 'pdfUrl'>, locale: string) =>
  `${certificate.pdfUrl}?locale=${locale}`;
