import { Injectable, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { Role } from '@academy/contracts';
import { AppException } from '../common/app.exception.js';
import { PUBLIC_KEY, ROLES_KEY } from './auth.decorators.js';
import type { AuthUser } from './auth-user.js';

/**
 * The global guard: deny by default. A route is reachable only when marked @Public(), or when the caller
 * has a valid session and one of the roles named by @Roles() / @AnyRole(). A route with no marking is
 * refused to everyone, so a forgotten decorator fails closed.
 */
@Injectable()
export class AccessGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    await (super.canActivate(context) as Promise<boolean>);
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    const user = context.switchToHttp().getRequest<{ user: AuthUser }>().user;
    if (!roles || !user.grants.some((grant) => roles.includes(grant.role))) {
      throw new AppException('FORBIDDEN', 'Your roles do not allow this');
    }
    return true;
  }

  override handleRequest<T>(error: unknown, user: T | false, info: unknown): T {
    if (error) throw error;
    if (!user) {
      const expired = (info as { name?: string } | undefined)?.name === 'TokenExpiredError';
      throw new AppException(
        expired ? 'SESSION_EXPIRED' : 'UNAUTHENTICATED',
        expired ? 'Session expired' : 'Sign in first',
      );
    }
    return user;
  }
}
