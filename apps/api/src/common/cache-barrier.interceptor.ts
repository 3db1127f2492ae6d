import {
  Injectable,
  SetMetadata,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { catchError, concatMap, from, map, type Observable } from 'rxjs';
import { DatabaseNotifications } from '../database/notifications.js';

const SKIP_BARRIER = 'academy:skip-cache-barrier';

/** For hot write routes that change nothing the caches hold (sessions, catalogue): no barrier. */
export const SkipCacheBarrier = () => SetMetadata(SKIP_BARRIER, true);

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * After a request that may have written (any method but GET/HEAD/OPTIONS), waits for this process to
 * have handled the database notifications its commits caused, so the per-process caches (sessions,
 * catalogue) are exact for whatever the client does next. Errors wait too: some refusals commit first
 * (a reused refresh token revokes its session).
 */
@Injectable()
export class CacheBarrierInterceptor implements NestInterceptor {
  constructor(
    private readonly notifications: DatabaseNotifications,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request>();
    const skip = this.reflector.getAllAndOverride<boolean>(SKIP_BARRIER, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (context.getType() !== 'http' || SAFE_METHODS.has(request.method) || skip) return next.handle();
    const barrier = () => from(this.notifications.barrier());
    return next.handle().pipe(
      concatMap((value) => barrier().pipe(map(() => value))),
      catchError((error: unknown) =>
        barrier().pipe(
          map(() => {
            throw error;
          }),
        ),
      ),
    );
  }
}
