import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Role } from '@academy/contracts';
import type { AuthUser } from './auth-user.js';

export const PUBLIC_KEY = 'academy:public';
export const ROLES_KEY = 'academy:roles';

/** The route needs no login. Everything else is denied unless a role allows it. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** The roles that may call the route; a route with neither @Public() nor @Roles() is refused to all. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

export const ALL_ROLES: Role[] = ['learner', 'coordinator', 'author', 'admin'];

/** Any signed-in user whatever their roles (their own profile, their own session). */
export const AnyRole = () => SetMetadata(ROLES_KEY, ALL_ROLES);

export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): AuthUser => {
  return context.switchToHttp().getRequest<{ user: AuthUser }>().user;
});
