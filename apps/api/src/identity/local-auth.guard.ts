import { Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { AppException } from '../common/app.exception.js';

/** Runs passport-local; a request without both fields is a validation error, not a failed login. */
@Injectable()
export class LocalAuthGuard extends AuthGuard('local') {
  override handleRequest<T>(error: unknown, userId: T | false): T {
    if (error) throw error;
    if (!userId) {
      throw new AppException('VALIDATION_FAILED', 'E-mail and password are required', {
        email: 'REQUIRED',
        password: 'REQUIRED',
      });
    }
    return userId;
  }
}
