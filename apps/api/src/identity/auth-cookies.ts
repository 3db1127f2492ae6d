import { ACCESS_COOKIE, REFRESH_COOKIE } from '@academy/contracts';
import type { CookieOptions, Response } from 'express';
import type { AppConfig } from '../config/app-config.js';
import type { IssuedSession } from './sessions.service.js';

const REFRESH_PATH = '/api/auth';

export function setSessionCookies(response: Response, session: IssuedSession, config: AppConfig): void {
  const base: CookieOptions = { httpOnly: true, secure: config.cookieSecure };
  response.cookie(ACCESS_COOKIE, session.accessToken, {
    ...base,
    sameSite: 'lax',
    path: '/',
    maxAge: config.accessTokenTtlS * 1000,
  });
  response.cookie(REFRESH_COOKIE, session.refreshToken, {
    ...base,
    sameSite: 'strict',
    path: REFRESH_PATH,
    maxAge: config.refreshTokenTtlS * 1000,
  });
}

export function clearSessionCookies(response: Response, config: AppConfig): void {
  const base: CookieOptions = { httpOnly: true, secure: config.cookieSecure };
  response.clearCookie(ACCESS_COOKIE, { ...base, sameSite: 'lax', path: '/' });
  response.clearCookie(REFRESH_COOKIE, { ...base, sameSite: 'strict', path: REFRESH_PATH });
}
