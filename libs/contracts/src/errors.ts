/**
 * Every error the API returns carries one of these codes. The web app translates them
 * (`errors.<CODE>` in its locale files) and the API maps each one to an HTTP status in one place.
 */
export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'NOT_FOUND',
  'ROUTE_NOT_FOUND',
  'INTERNAL_ERROR',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'OUT_OF_SCOPE',
  'RATE_LIMITED',
  'INVALID_CREDENTIALS',
  'LOGIN_THROTTLED',
  'ACCOUNT_DISABLED',
  'SESSION_EXPIRED',
  'REFRESH_TOKEN_INVALID',
  'REFRESH_TOKEN_REUSED',
  'PASSWORD_TOO_WEAK',
  'PASSWORD_INCORRECT',
  'PASSWORD_TOKEN_INVALID',
  'EMAIL_TAKEN',
  'USER_NOT_FOUND',
  'ORGANISATION_NOT_FOUND',
  'ORGANISATION_CODE_TAKEN',
  'ORGANISATION_MOVE_INVALID',
  'ORGANISATION_KIND_INVALID',
  'ROLE_SCOPE_REQUIRED',
  'ROLE_GRANT_NOT_FOUND',
  'CANNOT_CHANGE_SELF',
  'CSV_EMPTY',
  'CSV_TOO_MANY_ROWS',
  'CSV_BAD_HEADER',
  'CSV_BAD_ENCODING',
  'CSV_MALFORMED',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'COURSE_NOT_FOUND',
  'COURSE_CODE_TAKEN',
  'MODULE_NOT_FOUND',
  'LESSON_NOT_FOUND',
  'ORDER_INVALID',
  'PUBLISH_REFUSED',
  'LESSON_MEDIA_INVALID',
  // media (uploads, library, serving)
  'MEDIA_NOT_FOUND',
  'MEDIA_EMPTY',
  'MEDIA_KIND_MISMATCH',
  'UPLOAD_NOT_FOUND',
  'UPLOAD_OFFSET_MISMATCH',
  'UPLOAD_INVALID',
  'RANGE_NOT_SATISFIABLE',
  // progress
  'PROGRESS_INVALID',
  'LESSON_NOT_TRACKABLE',
  // quizzes
  'LESSON_NOT_QUIZ',
  'ATTEMPT_NOT_FOUND',
  'ATTEMPTS_EXHAUSTED',
  'ATTEMPT_ALREADY_SUBMITTED',
  'ATTEMPT_TIME_OVER',
  'ANSWER_INVALID',
  // enrolment, assignments, completion, certificates
  'COURSE_NOT_PUBLISHED',
  'ENROLMENT_NOT_OPEN',
  'ENROLMENT_REQUIRED',
  'ENROLMENT_NOT_FOUND',
  'ENROLMENT_ASSIGNED',
  'ASSIGNMENT_NOT_FOUND',
  'ASSIGNMENT_STARTED',
  'ASSIGNEES_EMPTY',
  'DUE_DATE_INVALID',
  'LESSON_KIND_MISMATCH',
  'CERTIFICATE_NOT_FOUND',
  'CERTIFICATE_REVOKED',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Codes for a single field or a single CSV row, used inside `details`. */
export const FIELD_ERROR_CODES = [
  'REQUIRED',
  'INVALID',
  'INVALID_EMAIL',
  'TOO_LONG',
  'TOO_SHORT',
  'UNKNOWN_FIELD',
  'EMAIL_TAKEN',
  'UNKNOWN_UNIT',
  'UNIT_OUT_OF_SCOPE',
  'DUPLICATE_ROW',
  'INVALID_LOCALE',
  'EMAIL_OUTSIDE_SCOPE',
] as const;
export type FieldErrorCode = (typeof FIELD_ERROR_CODES)[number];

export interface ApiErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    details?: Record<string, unknown>;
  };
  requestId: string;
}
