import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { AppException } from '../common/app.exception.js';
import { dummyPasswordHash, verifyPassword } from './passwords.js';

/** Checks e-mail and password, throttling repeated failures per e-mail and per client address. */
@Injectable()
export class CredentialsService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async verify(email: string, password: string, ip: string): Promise<string> {
    const normalised = email.trim();
    await this.assertNotThrottled(normalised, ip);
    const [user] = (await this.dataSource.query(
      `SELECT id, password_hash, status FROM users WHERE email = $1`,
      [normalised],
    )) as { id: string; password_hash: string | null; status: string }[];
    // Verify against a dummy hash when there is no such user, so timing does not reveal which e-mails exist.
    const ok = await verifyPassword(user?.password_hash ?? (await dummyPasswordHash()), password);
    if (!user || !user.password_hash || !ok) {
      await this.dataSource.query(`INSERT INTO login_failures (email, ip) VALUES ($1, $2)`, [normalised, ip]);
      throw new AppException('INVALID_CREDENTIALS', 'E-mail or password is wrong');
    }
    if (user.status !== 'active') throw new AppException('ACCOUNT_DISABLED', 'This account is disabled');
    await this.dataSource.query(`DELETE FROM login_failures WHERE email = $1`, [normalised]);
    return user.id;
  }

  private async assertNotThrottled(email: string, ip: string): Promise<void> {
    const windowS = this.config.loginFailureWindowS;
    const [row] = (await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE email = $1)::int AS by_email,
              count(*) FILTER (WHERE ip = $2)::int AS by_ip,
              min(at) FILTER (WHERE email = $1) AS oldest_email,
              min(at) FILTER (WHERE ip = $2) AS oldest_ip
         FROM login_failures
        WHERE (email = $1 OR ip = $2) AND at > now() - make_interval(secs => $3)`,
      [email, ip, windowS],
    )) as { by_email: number; by_ip: number; oldest_email: Date | null; oldest_ip: Date | null }[];
    const max = this.config.loginMaxFailures;
    // Per address the allowance is larger: one office behind one NAT address shares it.
    const oldest = row.by_email >= max ? row.oldest_email : row.by_ip >= max * 10 ? row.oldest_ip : null;
    if (oldest) {
      const retryAfterS = Math.max(1, Math.ceil((oldest.getTime() + windowS * 1000 - Date.now()) / 1000));
      throw new AppException('LOGIN_THROTTLED', 'Too many failed sign-ins; wait and try again', {
        retryAfterS,
      });
    }
  }
}
