import { ValidationPipe, type ValidationError } from '@nestjs/common';
import type { FieldErrorCode } from '@academy/contracts';
import { AppException } from './app.exception.js';

const CONSTRAINT_CODES: Record<string, FieldErrorCode> = {
  isDefined: 'REQUIRED',
  isNotEmpty: 'REQUIRED',
  isEmail: 'INVALID_EMAIL',
  maxLength: 'TOO_LONG',
  minLength: 'TOO_SHORT',
  arrayMaxSize: 'TOO_LONG',
  whitelistValidation: 'UNKNOWN_FIELD',
};

function collect(errors: ValidationError[], prefix: string, into: Record<string, FieldErrorCode>): void {
  for (const error of errors) {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    const constraints = Object.keys(error.constraints ?? {});
    if (constraints.length > 0) {
      const known = constraints.find((name) => CONSTRAINT_CODES[name]);
      into[path] = known ? CONSTRAINT_CODES[known] : 'INVALID';
    }
    if (error.children?.length) collect(error.children, path, into);
  }
}

export function toFieldErrors(errors: ValidationError[]): Record<string, FieldErrorCode> {
  const details: Record<string, FieldErrorCode> = {};
  collect(errors, '', details);
  return details;
}

/** Whitelisting, unknown fields refused, and field errors named by machine-readable codes. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: true,
    exceptionFactory: (errors) =>
      new AppException('VALIDATION_FAILED', 'Some fields are invalid', toFieldErrors(errors)),
  });
}
