import { createSecretKey, type KeyObject } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import jwt from 'jsonwebtoken';
import { JWT_SECRET } from './jwt-secret.js';
import type { AuthUser } from './auth-user.js';
import { SessionsService } from './sessions.service.js';

/**
 * The access token's key as a KeyObject, not the string: given a string, jsonwebtoken first tries (and fails)
 * to parse it as a PEM public key on every verify, which was the largest CPU cost of an authenticated request.
 */
export function accessTokenKey(secret: string): KeyObject {
  return createSecretKey(Buffer.from(secret, 'utf8'));
}

/** The access token from a Cookie header (ca_access), or null. */
export function cookieValue(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    const value = part.slice(eq + 1).trim();
    try {
      return decodeURIComponent(value.startsWith('"') ? value.slice(1, -1) : value);
    } catch {
      return null;
    }
  }
  return null;
}

/**
 * Verifies an access token the way the passport strategy does (HS256, expiry, live session) for code that
 * runs outside the Nest pipeline (progress-http.ts).
 */
@Injectable()
export class AccessTokens {
  private readonly key: KeyObject;

  constructor(
    private readonly sessions: SessionsService,
    @Inject(JWT_SECRET) secret: string,
  ) {
    this.key = accessTokenKey(secret);
  }

  /** The caller, or null when the token is invalid or expired or its session has ended. */
  async user(token: string): Promise<AuthUser | null> {
    let payload: string | jwt.JwtPayload;
    try {
      payload = jwt.verify(token, this.key, { algorithms: ['HS256'] });
    } catch {
      return null;
    }
    if (typeof payload !== 'object' || typeof payload.sub !== 'string' || typeof payload.sid !== 'string') {
      return null;
    }
    return this.sessions.load(payload.sid as string, payload.sub);
  }
}
