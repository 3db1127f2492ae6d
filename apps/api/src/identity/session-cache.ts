import { Injectable } from '@nestjs/common';
import { DatabaseNotifications } from '../database/notifications.js';
import type { AuthUser } from './auth-user.js';

/** A cached caller is used for at most this long, even if no notification came (a safety net). */
const MAX_AGE_MS = 60_000;
const MAX_ENTRIES = 20_000;

/**
 * The callers of live sessions, kept per process so that a request needs no database round trip to learn
 * who it comes from. Correct only because the database notifies `academy_auth` at commit whenever a
 * session is revoked or anything an AuthUser is made of changes (migration AuthAndCatalogueNotifications):
 * the entries of that user (or all, for `*`) are dropped before the next request is read. While the
 * notification connection is down nothing is served from here, and every loss or reconnect empties it.
 * Cached callers are frozen: they are shared between requests.
 */
@Injectable()
export class SessionCache {
  private readonly entries = new Map<string, { user: AuthUser; until: number }>();
  private generation = 0;

  constructor(private readonly notifications: DatabaseNotifications) {
    notifications.on('academy_auth', (userId) => this.invalidate(userId));
    notifications.onReset(() => this.invalidate('*'));
  }

  get(sessionId: string, userId: string): AuthUser | undefined {
    if (!this.notifications.listening) return undefined;
    const entry = this.entries.get(sessionId);
    if (!entry || entry.user.id !== userId) return undefined;
    if (entry.until <= Date.now()) {
      this.entries.delete(sessionId);
      return undefined;
    }
    return entry.user;
  }

  /** Taken before loading from the database; `put` keeps the result only if nothing changed meanwhile. */
  mark(): number {
    return this.generation;
  }

  put(mark: number, sessionId: string, user: AuthUser, sessionExpiresAt: Date): AuthUser {
    const frozen = Object.freeze({
      ...user,
      grants: Object.freeze(user.grants.map((g) => Object.freeze(g))),
    });
    if (mark === this.generation && this.notifications.listening) {
      this.entries.set(sessionId, {
        user: frozen as AuthUser,
        until: Math.min(sessionExpiresAt.getTime(), Date.now() + MAX_AGE_MS),
      });
      if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    }
    return frozen as AuthUser;
  }

  private invalidate(userId: string): void {
    this.generation += 1;
    if (userId === '*') {
      this.entries.clear();
      return;
    }
    for (const [sessionId, entry] of this.entries)
      if (entry.user.id === userId) this.entries.delete(sessionId);
  }
}
