import {
  MEDIA_ASSET_ID_HEADER,
  MEDIA_UPLOAD_PATH,
  type ApiErrorBody,
  type MediaAssetDto,
  type MediaKind,
} from '@academy/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { DetailedError, Upload, type HttpResponse } from 'tus-js-client';
import { ApiError } from '../../lib/api';
import { mediaKeys } from './api';

export const UPLOAD_CHUNK_SIZE = 5 * 1024 * 1024;
export const UPLOAD_RETRY_DELAYS = [0, 1000, 3000, 5000];

export type UploadStatus = 'idle' | 'uploading' | 'paused' | 'done' | 'error';

export interface UploadState {
  status: UploadStatus;
  filename: string | null;
  bytesSent: number;
  bytesTotal: number;
  /** Set once the upload finished: the new asset. */
  assetId: string | null;
  /** An ApiError (translated by useErrorMessage) when the upload failed. */
  error: ApiError | null;
}

const IDLE: UploadState = {
  status: 'idle',
  filename: null,
  bytesSent: 0,
  bytesTotal: 0,
  assetId: null,
  error: null,
};

/** The API's error shape from a tus error; falls back on the status (and NETWORK_ERROR without a response). */
export function uploadError(error: Error | DetailedError): ApiError {
  const response = error instanceof DetailedError ? error.originalResponse : null;
  if (!response) return new ApiError(0, 'NETWORK_ERROR', error.message);
  const status = response.getStatus();
  let parsed: Partial<ApiErrorBody> | null = null;
  try {
    parsed = JSON.parse(response.getBody()) as Partial<ApiErrorBody>;
  } catch {
    parsed = null;
  }
  const fallback =
    status === 413
      ? 'PAYLOAD_TOO_LARGE'
      : status === 415
        ? 'UNSUPPORTED_MEDIA_TYPE'
        : status >= 500
          ? 'INTERNAL_ERROR'
          : 'UNKNOWN';
  const err = parsed?.error;
  return new ApiError(
    status,
    err?.code ?? fallback,
    err?.message ?? error.message,
    err?.details ?? {},
    parsed?.requestId,
  );
}

function assetFrom(response: HttpResponse | null): { id: string | null; asset: MediaAssetDto | null } {
  if (!response) return { id: null, asset: null };
  let asset: MediaAssetDto | null = null;
  try {
    const body = response.getBody();
    const parsed = body ? (JSON.parse(body) as Partial<MediaAssetDto>) : null;
    if (parsed && typeof parsed.id === 'string') asset = parsed as MediaAssetDto;
  } catch {
    asset = null;
  }
  return { id: response.getHeader(MEDIA_ASSET_ID_HEADER) ?? asset?.id ?? null, asset };
}

export interface UseMediaUploadOptions {
  /** Sent as the `kind` metadata: the server refuses a file of another kind (MEDIA_KIND_MISMATCH). */
  kind?: MediaKind;
  onUploaded?: (assetId: string, asset: MediaAssetDto | null) => void;
}

/**
 * A resumable (tus) upload to the media library: progress, pause, resume and cancel. An interrupted upload
 * of the same file (even after a reload) continues where it stopped.
 */
export function useMediaUpload({ kind, onUploaded }: UseMediaUploadOptions = {}) {
  const client = useQueryClient();
  const [state, setState] = useState<UploadState>(IDLE);
  const uploadRef = useRef<Upload | null>(null);
  const assetIdRef = useRef<string | null>(null);
  const onUploadedRef = useRef(onUploaded);
  useEffect(() => {
    onUploadedRef.current = onUploaded;
  });
  // Leaving the page pauses the upload; it can be resumed later from the stored fingerprint.
  useEffect(
    () => () => {
      void uploadRef.current?.abort();
    },
    [],
  );

  const start = useCallback(
    (file: File) => {
      void uploadRef.current?.abort();
      assetIdRef.current = null;
      setState({ ...IDLE, status: 'uploading', filename: file.name, bytesTotal: file.size });
      const metadata: Record<string, string> = { filename: file.name };
      if (kind) metadata.kind = kind;
      const upload = new Upload(file, {
        endpoint: MEDIA_UPLOAD_PATH,
        chunkSize: UPLOAD_CHUNK_SIZE,
        retryDelays: UPLOAD_RETRY_DELAYS,
        metadata,
        removeFingerprintOnSuccess: true,
        onProgress: (bytesSent, bytesTotal) =>
          setState((prev) => (uploadRef.current === upload ? { ...prev, bytesSent, bytesTotal } : prev)),
        onAfterResponse: (_req, res) => {
          const id = res.getHeader(MEDIA_ASSET_ID_HEADER);
          if (id) assetIdRef.current = id;
        },
        onError: (error) => {
          if (uploadRef.current !== upload) return;
          setState((prev) => ({ ...prev, status: 'error', error: uploadError(error) }));
        },
        onSuccess: ({ lastResponse }) => {
          if (uploadRef.current !== upload) return;
          const found = assetFrom(lastResponse);
          const id = found.id ?? assetIdRef.current;
          if (!id) {
            setState((prev) => ({
              ...prev,
              status: 'error',
              error: new ApiError(500, 'INTERNAL_ERROR', 'No asset id'),
            }));
            return;
          }
          setState((prev) => ({ ...prev, status: 'done', assetId: id, bytesSent: prev.bytesTotal }));
          void client.invalidateQueries({ queryKey: mediaKeys.all });
          onUploadedRef.current?.(id, found.asset);
        },
      });
      uploadRef.current = upload;
      void upload
        .findPreviousUploads()
        .then((previous) => {
          if (uploadRef.current !== upload) return;
          if (previous.length > 0) upload.resumeFromPreviousUpload(previous[0]);
          upload.start();
        })
        .catch(() => upload.start());
    },
    [client, kind],
  );

  const pause = useCallback(() => {
    if (!uploadRef.current) return;
    void uploadRef.current.abort();
    setState((prev) => (prev.status === 'uploading' ? { ...prev, status: 'paused' } : prev));
  }, []);

  const resume = useCallback(() => {
    if (!uploadRef.current) return;
    setState((prev) => ({ ...prev, status: 'uploading', error: null }));
    uploadRef.current.start();
  }, []);

  /** Stops for good: the server drops the partial file, and the stored fingerprint goes too. */
  const cancel = useCallback(() => {
    const upload = uploadRef.current;
    uploadRef.current = null;
    setState(IDLE);
    if (upload) void upload.abort(!!upload.url).catch(() => undefined);
  }, []);

  const reset = useCallback(() => {
    uploadRef.current = null;
    setState(IDLE);
  }, []);

  return { state, start, pause, resume, cancel, reset };
}
