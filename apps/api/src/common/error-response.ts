import { HttpException, HttpStatus } from '@nestjs/common';
import type { ApiErrorBody, ErrorCode } from '@academy/contracts';
import { AppException } from './app.exception.js';
import { ERROR_STATUS } from './error-status.js';

const STATUS_CODES: Partial<Record<number, ErrorCode>> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'ROUTE_NOT_FOUND',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
};

/** The one error shape of the API, `{ error: { code, message, details }, requestId }`, and its HTTP status. */
export function errorResponse(exception: unknown, requestId: string): { status: number; body: ApiErrorBody } {
  if (exception instanceof AppException) {
    const status = ERROR_STATUS[exception.code];
    return {
      status,
      body: {
        error: { code: exception.code, message: exception.message, details: exception.details },
        requestId,
      },
    };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const code = STATUS_CODES[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'VALIDATION_FAILED');
    const message = status >= 500 ? 'Internal error' : exception.message;
    return { status, body: { error: { code, message }, requestId } };
  }
  // Body parser errors (malformed JSON, too large) arrive as plain errors with a status.
  const withStatus = exception as { status?: number; type?: string };
  if (typeof withStatus?.status === 'number' && withStatus.status >= 400 && withStatus.status < 500) {
    const code = STATUS_CODES[withStatus.status] ?? 'VALIDATION_FAILED';
    const message = withStatus.type === 'entity.parse.failed' ? 'Malformed JSON body' : code;
    return { status: withStatus.status, body: { error: { code, message }, requestId } };
  }
  return {
    status: HttpStatus.INTERNAL_SERVER_ERROR,
    body: { error: { code: 'INTERNAL_ERROR', message: 'Internal error' }, requestId },
  };
}
