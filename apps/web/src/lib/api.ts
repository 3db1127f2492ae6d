import type { ApiErrorBody } from '@academy/contracts';

/** An error response from the API (or a network failure, with status 0 and code NETWORK_ERROR). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
    readonly requestId?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** Field-level codes from `details`, e.g. `{ email: 'INVALID_EMAIL' }`. */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [field, value] of Object.entries(this.details)) {
      if (typeof value === 'string') out[field] = value;
    }
    return out;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  /** Sent as multipart/form-data; the browser sets the boundary. */
  form?: FormData;
  query?: Record<string, string | number | undefined | null>;
  signal?: AbortSignal;
}

/** Auth calls whose 401 means "wrong input", never "refresh and retry". */
const NO_REFRESH = [
  '/api/auth/login',
  '/api/auth/refresh',
  '/api/auth/logout',
  '/api/auth/password/forgot',
  '/api/auth/password/set',
];
const REFRESHABLE_CODES = new Set(['SESSION_EXPIRED', 'UNAUTHENTICATED']);

let onAuthLost: () => void = () => undefined;
/** Called once a session is lost for good (refresh failed); the app sends the user to /login. */
export function setAuthLostHandler(handler: () => void): void {
  onAuthLost = handler;
}

let refreshing: Promise<boolean> | null = null;
/** One refresh at a time: parallel 401s share the same attempt. */
function refreshSession(): Promise<boolean> {
  refreshing ??= fetch('/api/auth/refresh', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { Accept: 'application/json' },
  })
    .then((res) => res.ok)
    .catch(() => false)
    .finally(() => {
      refreshing = null;
    });
  return refreshing;
}

function buildUrl(path: string, query?: RequestOptions['query']): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

async function send(path: string, options: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  let body: BodyInit | undefined;
  if (options.form) {
    body = options.form;
  } else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  try {
    return await fetch(buildUrl(path, options.query), {
      method: options.method ?? 'GET',
      credentials: 'same-origin',
      headers,
      body,
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'NETWORK_ERROR', 'Network error');
  }
}

async function toApiError(res: Response): Promise<ApiError> {
  let parsed: Partial<ApiErrorBody> | null = null;
  try {
    parsed = (await res.json()) as Partial<ApiErrorBody>;
  } catch {
    parsed = null;
  }
  const err = parsed?.error;
  const fallbackCode =
    res.status === 413 ? 'PAYLOAD_TOO_LARGE' : res.status >= 500 ? 'INTERNAL_ERROR' : 'UNKNOWN';
  return new ApiError(
    res.status,
    err?.code ?? fallbackCode,
    err?.message ?? res.statusText,
    err?.details ?? {},
    parsed?.requestId,
  );
}

/** Calls the API with the session cookies; refreshes the session once on an expired token. */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  let res = await send(path, options);
  if (res.status === 401 && !NO_REFRESH.includes(path)) {
    const error = await toApiError(res);
    if (!REFRESHABLE_CODES.has(error.code)) throw error;
    if (await refreshSession()) {
      res = await send(path, options);
    } else {
      onAuthLost();
      throw error;
    }
    if (res.status === 401) {
      onAuthLost();
      throw await toApiError(res);
    }
  }
  if (!res.ok) throw await toApiError(res);
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}
