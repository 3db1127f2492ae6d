import type { MediaAssetDto, MediaKind, Page } from '@academy/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api';

export interface MediaSearch {
  kind?: MediaKind;
  q?: string;
  page?: number;
  pageSize?: number;
}

/** Everything under ['media'], including the studio's pickers (['media', 'list', kind]). */
export const mediaKeys = {
  all: ['media'] as const,
  search: (params: MediaSearch) => [...mediaKeys.all, 'search', params] as const,
  asset: (id: string) => [...mediaKeys.all, 'asset', id] as const,
};

const enc = encodeURIComponent;

/** How often a list showing videos still being transcoded asks again, so their state moves on by itself. */
export const PROCESSING_POLL_MS = 3000;

/** GET /api/media?kind=&q=&page=&pageSize= (polled while a listed video is processing). */
export function useMediaAssets(params: MediaSearch) {
  return useQuery({
    queryKey: mediaKeys.search(params),
    queryFn: ({ signal }) =>
      api<Page<MediaAssetDto>>('/api/media', {
        query: { kind: params.kind, q: params.q, page: params.page, pageSize: params.pageSize },
        signal,
      }),
    placeholderData: keepPreviousData,
    refetchInterval: (query) =>
      query.state.data?.items.some((asset) => asset.status === 'processing') ? PROCESSING_POLL_MS : false,
  });
}

/** GET /api/media/:id */
export function useMediaAsset(id: string | null) {
  return useQuery({
    enabled: !!id,
    queryKey: mediaKeys.asset(id ?? ''),
    queryFn: ({ signal }) => api<MediaAssetDto>(`/api/media/${enc(id ?? '')}`, { signal }),
  });
}

/** Content URL of an asset (GET /api/media/:id/content). */
export function mediaContentUrl(id: string): string {
  return `/api/media/${enc(id)}/content`;
}
