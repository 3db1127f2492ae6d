import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { AppException } from '../common/app.exception.js';
import { Clock } from '../common/clock.js';

/** Verifications allowed per client address within VERIFY_WINDOW_MS, per API process. */
export const VERIFY_LIMIT = 30;
export const VERIFY_WINDOW_MS = 60_000;
/** Addresses remembered at most; beyond it the oldest windows are forgotten first. */
const MAX_TRACKED = 50_000;

/**
 * Limits how fast one client address can try codes on /api/verify/:code: VERIFY_LIMIT requests per
 * fixed window of VERIFY_WINDOW_MS (the client address as Express sees it behind the trusted proxies,
 * bootstrap.ts). Over the limit: 429 RATE_LIMITED with `retryAfterS` and a Retry-After header. Codes
 * carry 50 random bits, so this only keeps guessing slow and cheap to refuse. Counts live in this
 * process's memory: with several replicas each counts its own share. (@nestjs/throttler is installed
 * but is a CommonJS build that cannot load Nest 12 under Jest's ESM mode, hence this small guard.)
 */
@Injectable()
export class VerifyThrottleGuard implements CanActivate {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(private readonly clock: Clock) {}

  canActivate(context: ExecutionContext): boolean {
    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    const key = request.ip ?? request.socket.remoteAddress ?? 'unknown';
    const now = this.clock.now().getTime();
    let window = this.windows.get(key);
    if (!window || now - window.start >= VERIFY_WINDOW_MS || now < window.start) {
      this.windows.delete(key);
      window = { start: now, count: 0 };
      this.windows.set(key, window);
      this.forgetOld(now);
    }
    window.count++;
    if (window.count > VERIFY_LIMIT) {
      const retryAfterS = Math.max(1, Math.ceil((window.start + VERIFY_WINDOW_MS - now) / 1000));
      http
        .getResponse<{ setHeader(name: string, value: string): void }>()
        .setHeader('Retry-After', String(retryAfterS));
      throw new AppException('RATE_LIMITED', 'Too many verifications from this address; wait a little', {
        retryAfterS,
      });
    }
    return true;
  }

  /** Map order is insertion order: windows are re-inserted when they restart, so the oldest come first. */
  private forgetOld(now: number): void {
    for (const [key, window] of this.windows) {
      if (this.windows.size <= MAX_TRACKED && now - window.start < VERIFY_WINDOW_MS) break;
      this.windows.delete(key);
    }
  }
}
