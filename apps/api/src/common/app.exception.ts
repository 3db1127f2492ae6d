import type { ErrorCode } from '@academy/contracts';

/** The one exception type of the API: a machine-readable code, a message for developers and details. */
export class AppException extends Error {
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message ?? code);
  }
}
