import type { Locale, Role } from '@academy/contracts';

export interface AuthGrant {
  role: Role;
  organisationId: string | null;
  organisationCode: string | null;
  /** Materialised path of the granted organisation: its subtree is every path starting with it. */
  organisationPath: string | null;
}

/** The authenticated caller, loaded for every request from its session (so revocation takes effect). */
export interface AuthUser {
  id: string;
  sessionId: string;
  email: string;
  displayName: string;
  locale: Locale;
  organisationId: string | null;
  grants: AuthGrant[];
}

export function hasRole(user: AuthUser, ...roles: Role[]): boolean {
  return user.grants.some((grant) => roles.includes(grant.role));
}

/** Paths of the subtrees a coordinator covers; `null` means the whole region (admin). */
export function coordinatorScope(user: AuthUser): string[] | null {
  if (hasRole(user, 'admin')) return null;
  return user.grants
    .filter((grant) => grant.role === 'coordinator' && grant.organisationPath)
    .map((grant) => grant.organisationPath as string);
}

export function pathInScope(path: string, scope: string[] | null): boolean {
  return scope === null || scope.some((prefix) => path.startsWith(prefix));
}
