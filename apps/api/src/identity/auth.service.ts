import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import {
  ACCESS_COOKIE,
  REFRESH_COOKIE,
  type MeResponse,
  type UpdateProfileRequest,
} from '@academy/contracts';
import { DataSource } from 'typeorm';
import { AppException } from '../common/app.exception.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { MailerService } from '../mail/mailer.service.js';
import { toMe } from '../users/user-views.js';
import type { AuthUser } from './auth-user.js';
import { PasswordLinksService } from './password-links.service.js';
import { assertStrongPassword, hashPassword, verifyPassword } from './passwords.js';
import { SessionsService, type IssuedSession } from './sessions.service.js';
import { hashToken } from './tokens.js';

const FORGOT_TEXT = {
  en: {
    subject: 'Set a new password for Customs Academy',
    body: (name: string, link: string, minutes: number) =>
      `Hello ${name},\n\nsomeone (hopefully you) asked to set a new password for your Customs Academy account.\n` +
      `Open this link within ${minutes} minutes to choose a new password:\n\n${link}\n\n` +
      `If you did not ask for this, ignore this message: your password stays as it is.\n`,
  },
  ru: {
    subject: 'Новый пароль для Таможенной академии',
    body: (name: string, link: string, minutes: number) =>
      `Здравствуйте, ${name}!\n\nКто-то (надеемся, вы) запросил смену пароля для вашей учётной записи в Таможенной академии.\n` +
      `Откройте ссылку в течение ${minutes} минут, чтобы задать новый пароль:\n\n${link}\n\n` +
      `Если вы этого не запрашивали, просто проигнорируйте письмо: пароль останется прежним.\n`,
  },
};

@Injectable()
export class AuthService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly sessions: SessionsService,
    private readonly passwordLinks: PasswordLinksService,
    private readonly mailer: MailerService,
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async startSession(
    userId: string,
    userAgent: string | null,
  ): Promise<{ session: IssuedSession; me: MeResponse }> {
    const session = await this.sessions.start(userId, userAgent);
    return { session, me: await this.meOf(session.sessionId, userId) };
  }

  async refresh(refreshToken: string | undefined): Promise<{ session: IssuedSession; me: MeResponse }> {
    const session = await this.sessions.refresh(refreshToken);
    const payload = this.jwt.decode<{ sub: string }>(session.accessToken);
    return { session, me: await this.meOf(session.sessionId, payload.sub) };
  }

  async logout(cookies: Record<string, string | undefined>): Promise<void> {
    const access = cookies[ACCESS_COOKIE];
    if (access) {
      try {
        const payload = await this.jwt.verifyAsync<{ sid: string }>(access, { ignoreExpiration: true });
        await this.sessions.revoke(payload.sid, 'logout');
      } catch {
        // A forged or malformed token names no session of ours.
      }
    }
    const refresh = cookies[REFRESH_COOKIE];
    if (refresh) {
      await this.dataSource.query(
        `UPDATE sessions s SET revoked_at = now(), revoked_reason = 'logout'
           FROM refresh_tokens t WHERE t.token_hash = $1 AND s.id = t.session_id AND s.revoked_at IS NULL`,
        [hashToken(refresh)],
      );
    }
  }

  me(user: AuthUser): Promise<MeResponse> {
    return Promise.resolve(toMe(user));
  }

  async updateProfile(user: AuthUser, changes: UpdateProfileRequest): Promise<MeResponse> {
    await this.dataSource.query(
      `UPDATE users SET display_name = COALESCE($2, display_name), locale = COALESCE($3, locale), updated_at = now()
        WHERE id = $1`,
      [user.id, changes.displayName?.trim() ?? null, changes.locale ?? null],
    );
    return this.meOf(user.sessionId, user.id);
  }

  async changePassword(user: AuthUser, currentPassword: string, newPassword: string): Promise<void> {
    const [row] = (await this.dataSource.query(`SELECT password_hash FROM users WHERE id = $1`, [
      user.id,
    ])) as {
      password_hash: string | null;
    }[];
    if (!(await verifyPassword(row?.password_hash ?? null, currentPassword))) {
      throw new AppException('PASSWORD_INCORRECT', 'The current password is wrong', {
        currentPassword: 'INVALID',
      });
    }
    assertStrongPassword(newPassword, user.email);
    const hash = await hashPassword(newPassword);
    await this.dataSource.transaction(async (manager) => {
      await manager.query(`UPDATE users SET password_hash = $2, updated_at = now() WHERE id = $1`, [
        user.id,
        hash,
      ]);
      await this.sessions.revokeAllForUser(user.id, 'password_changed', user.sessionId, manager);
    });
  }

  async forgotPassword(email: string): Promise<void> {
    const [user] = (await this.dataSource.query(
      `SELECT id, display_name, locale, email FROM users WHERE email = $1 AND status = 'active'`,
      [email.trim()],
    )) as { id: string; display_name: string; locale: 'en' | 'ru'; email: string }[];
    if (!user) return;
    const [link] = await this.passwordLinks.issue([user.id], 'reset', null);
    const text = FORGOT_TEXT[user.locale] ?? FORGOT_TEXT.en;
    await this.mailer.send({
      to: user.email,
      subject: text.subject,
      text: text.body(user.display_name, link.link, Math.round(this.config.resetTtlS / 60)),
    });
  }

  setPassword(token: string, password: string): Promise<void> {
    return this.passwordLinks.setPassword(token, password);
  }

  private async meOf(sessionId: string, userId: string): Promise<MeResponse> {
    const user = await this.sessions.load(sessionId, userId, { fresh: true });
    if (!user) throw new AppException('SESSION_EXPIRED', 'This session has ended; sign in again');
    return toMe(user);
  }
}
