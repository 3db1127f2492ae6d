import type { MeResponse, Role } from '@academy/contracts';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, Outlet, useLocation } from 'react-router';
import { useTitle } from '../../lib/useTitle';
import { useMe } from './api';

/** Where to send the user after login: only same-site paths, never protocol-relative URLs. */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  if (next.startsWith('/login')) return '/';
  return next;
}

/** Layout route: renders its children only with a session; otherwise goes to /login?next=<here>. */
export function RequireAuth() {
  const { data: me } = useMe();
  const location = useLocation();
  if (!me) {
    const next = `${location.pathname}${location.search}${location.hash}`;
    const search = next === '/' ? '' : `?next=${encodeURIComponent(next)}`;
    return <Navigate to={`/login${search}`} replace />;
  }
  return <Outlet />;
}

export function hasAnyRole(me: MeResponse | null | undefined, roles: readonly Role[]): boolean {
  return !!me && me.roles.some((role) => roles.includes(role));
}

/** Shows its children only to users with one of the roles (the server enforces the same). */
export function RequireRole({ roles, children }: { roles: readonly Role[]; children: ReactNode }) {
  const { data: me } = useMe();
  if (hasAnyRole(me, roles)) return <>{children}</>;
  return <Forbidden />;
}

function Forbidden() {
  const { t } = useTranslation();
  useTitle(t('errorsPage.forbiddenTitle'));
  return (
    <section className="page page--narrow">
      <h1>{t('errorsPage.forbiddenTitle')}</h1>
      <p>{t('errorsPage.forbiddenText')}</p>
      <p>
        <Link to="/">{t('errorsPage.backHome')}</Link>
      </p>
    </section>
  );
}
