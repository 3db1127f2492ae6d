import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { AppException } from '../common/app.exception.js';
import type { PasswordTokenPurpose } from './password-token.entity.js';
import { assertStrongPassword, hashPassword } from './passwords.js';
import { SessionsService } from './sessions.service.js';
import { hashToken, newToken } from './tokens.js';

export interface PasswordLink {
  userId: string;
  link: string;
  expiresAt: Date;
}

/** One-time, expiring links to set a password: invitations for new accounts and "forgot password". */
@Injectable()
export class PasswordLinksService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly sessions: SessionsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Issues links for many users in one statement; any earlier unused link of theirs stops working. */
  async issue(
    userIds: string[],
    purpose: PasswordTokenPurpose,
    createdBy: string | null,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<PasswordLink[]> {
    if (userIds.length === 0) return [];
    const ttl = purpose === 'invite' ? this.config.inviteTtlS : this.config.resetTtlS;
    const expiresAt = new Date(Date.now() + ttl * 1000);
    const tokens = userIds.map(() => newToken());
    await manager.query(
      `UPDATE password_tokens SET used_at = now() WHERE user_id = ANY($1::uuid[]) AND used_at IS NULL`,
      [userIds],
    );
    await manager.query(
      `INSERT INTO password_tokens (token_hash, user_id, purpose, expires_at, created_by)
       SELECT h, u, $3, $4, $5 FROM unnest($1::text[], $2::uuid[]) AS t(h, u)`,
      [tokens.map((t) => t.hash), userIds, purpose, expiresAt, createdBy],
    );
    return userIds.map((userId, i) => ({
      userId,
      link: `${this.config.publicUrl}/set-password?token=${tokens[i].token}`,
      expiresAt,
    }));
  }

  /** Sets the password named by a link, uses the link up and ends every session of that user. */
  async setPassword(token: string, password: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const [row] = (await manager.query(
        `SELECT t.id, t.user_id, u.email FROM password_tokens t JOIN users u ON u.id = t.user_id
          WHERE t.token_hash = $1 AND t.used_at IS NULL AND t.expires_at > now() AND u.status = 'active'
          FOR UPDATE OF t`,
        [hashToken(token)],
      )) as { id: string; user_id: string; email: string }[];
      if (!row) throw new AppException('PASSWORD_TOKEN_INVALID', 'This link is invalid, used or expired');
      assertStrongPassword(password, row.email);
      await manager.query(`UPDATE password_tokens SET used_at = now() WHERE id = $1`, [row.id]);
      await manager.query(`UPDATE users SET password_hash = $2, updated_at = now() WHERE id = $1`, [
        row.user_id,
        await hashPassword(password),
      ]);
      await this.sessions.revokeAllForUser(row.user_id, 'password_set', null, manager);
    });
  }
}
