import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { AppException } from '../common/app.exception.js';
import type { AuthGrant, AuthUser } from './auth-user.js';
import { SessionCache } from './session-cache.js';
import { newToken, hashToken } from './tokens.js';

export interface IssuedSession {
  accessToken: string;
  refreshToken: string;
  sessionId: string;
}

interface SessionRow {
  user_id: string;
  email: string;
  display_name: string;
  locale: AuthUser['locale'];
  organisation_id: string | null;
  status: string;
  revoked_at: Date | null;
  expires_at: Date;
  grants: {
    role: AuthGrant['role'];
    organisation_id: string | null;
    code: string | null;
    path: string | null;
  }[];
}

/**
 * Sessions: a short-lived access JWT naming the session, and a refresh token (stored hashed) that is
 * rotated on every use. Revoking a session (logout, password change, disabling the user) takes effect on
 * the next request because every request loads its session.
 */
@Injectable()
export class SessionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly cache: SessionCache,
  ) {}

  async start(userId: string, userAgent: string | null): Promise<IssuedSession> {
    return this.dataSource.transaction(async (manager) => {
      const expiresAt = new Date(Date.now() + this.config.refreshTokenTtlS * 1000);
      const [session] = (await manager.query(
        `INSERT INTO sessions (user_id, expires_at, user_agent) VALUES ($1, $2, $3) RETURNING id`,
        [userId, expiresAt, userAgent?.slice(0, 300) ?? null],
      )) as { id: string }[];
      return this.issue(manager, userId, session.id);
    });
  }

  /** Exchanges a refresh token for a new pair. A token already used once revokes its whole session. */
  async refresh(refreshToken: string | undefined): Promise<IssuedSession> {
    if (!refreshToken) throw new AppException('REFRESH_TOKEN_INVALID', 'No refresh token');
    const hash = hashToken(refreshToken);
    const outcome = await this.dataSource.transaction(async (manager): Promise<IssuedSession | 'reused'> => {
      const [rows] = (await manager.query(
        `UPDATE refresh_tokens t SET used_at = now()
           FROM sessions s JOIN users u ON u.id = s.user_id
          WHERE t.token_hash = $1 AND t.used_at IS NULL AND s.id = t.session_id
            AND s.revoked_at IS NULL AND s.expires_at > now() AND u.status = 'active'
          RETURNING s.id AS session_id, s.user_id`,
        [hash],
      )) as [{ session_id: string; user_id: string }[], number];
      if (rows[0]) return this.issue(manager, rows[0].user_id, rows[0].session_id);

      const [revoked] = (await manager.query(
        `UPDATE sessions s SET revoked_at = COALESCE(s.revoked_at, now()),
                revoked_reason = COALESCE(s.revoked_reason, 'refresh_token_reused')
           FROM refresh_tokens t
          WHERE t.token_hash = $1 AND t.used_at IS NOT NULL AND s.id = t.session_id
          RETURNING s.id`,
        [hash],
      )) as [{ id: string }[], number];
      if (revoked.length) return 'reused';
      throw new AppException('REFRESH_TOKEN_INVALID', 'The refresh token is not valid');
    });
    // The revocation must commit, so the reuse error is thrown once the transaction is over.
    if (outcome === 'reused') {
      throw new AppException('REFRESH_TOKEN_REUSED', 'This refresh token was already used; sign in again');
    }
    return outcome;
  }

  async revoke(sessionId: string, reason: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE sessions SET revoked_at = now(), revoked_reason = $2 WHERE id = $1 AND revoked_at IS NULL`,
      [sessionId, reason],
    );
  }

  /** Ends every session of a user, optionally keeping one (the caller's own, after a password change). */
  async revokeAllForUser(
    userId: string,
    reason: string,
    keepSessionId: string | null = null,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    await manager.query(
      `UPDATE sessions SET revoked_at = now(), revoked_reason = $2
        WHERE user_id = $1 AND revoked_at IS NULL AND ($3::uuid IS NULL OR id <> $3::uuid)`,
      [userId, reason, keepSessionId],
    );
  }

  /**
   * Loads the caller of a request from the session named in their access token: from the per-process
   * SessionCache when it holds them (kept exact by database notifications), else from the database.
   */
  async load(sessionId: string, userId: string, options: { fresh?: boolean } = {}): Promise<AuthUser | null> {
    // `fresh`: a request that has just changed the caller reads them back before its own change has
    // been notified (that happens only after the request, see CacheBarrierInterceptor).
    const cached = options.fresh ? undefined : this.cache.get(sessionId, userId);
    if (cached) return cached;
    const mark = this.cache.mark();
    const [row] = (await this.dataSource.query(
      `SELECT u.id AS user_id, u.email, u.display_name, u.locale, u.organisation_id, u.status,
              s.revoked_at, s.expires_at,
              COALESCE((SELECT json_agg(json_build_object('role', g.role, 'organisation_id', g.organisation_id,
                                                         'code', o.code, 'path', o.path))
                          FROM role_grants g LEFT JOIN organisations o ON o.id = g.organisation_id
                         WHERE g.user_id = u.id), '[]') AS grants
         FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.id = $1 AND s.user_id = $2`,
      [sessionId, userId],
    )) as SessionRow[];
    if (!row || row.revoked_at || row.expires_at < new Date() || row.status !== 'active') return null;
    const user: AuthUser = {
      id: row.user_id,
      sessionId,
      email: row.email,
      displayName: row.display_name,
      locale: row.locale,
      organisationId: row.organisation_id,
      grants: row.grants.map((grant) => ({
        role: grant.role,
        organisationId: grant.organisation_id,
        organisationCode: grant.code,
        organisationPath: grant.path,
      })),
    };
    return this.cache.put(mark, sessionId, user, new Date(row.expires_at));
  }

  private async issue(manager: EntityManager, userId: string, sessionId: string): Promise<IssuedSession> {
    const { token, hash } = newToken();
    await manager.query(`INSERT INTO refresh_tokens (token_hash, session_id) VALUES ($1, $2)`, [
      hash,
      sessionId,
    ]);
    const accessToken = await this.jwt.signAsync(
      { sub: userId, sid: sessionId },
      { expiresIn: this.config.accessTokenTtlS },
    );
    return { accessToken, refreshToken: token, sessionId };
  }
}
