import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { MailClock } from './mail.clock.js';
import { MailRenderer, UnrenderableMail, type OutboxRow } from './mail.renderer.js';
import { isPermanentSmtpError, MailTransport } from './mail.transport.js';

export interface SendReport {
  /** Rows this pass claimed. */
  claimed: number;
  sent: number;
  /** Failed, to be tried again later (send_after moved on). */
  retried: number;
  /** Given up: the last attempt failed, or the failure can never go away (5xx, bad data). */
  failed: number;
  /** Overtaken by events (see MailRenderer): never sent, failed_at set with the reason. */
  skipped: number;
  /** Claimed, then taken over by another sender after this one's lease ran out: left to it. */
  lost: number;
  /** Handed back unsent because this sender is stopping. */
  released: number;
}

const emptyReport = (): SendReport => ({
  claimed: 0,
  sent: 0,
  retried: 0,
  failed: 0,
  skipped: 0,
  lost: 0,
  released: 0,
});

/** The longest wait between two attempts, however many failed before. */
const MAX_RETRY_DELAY_S = 6 * 3600;

function describe(error: unknown): string {
  const e = error as { message?: string; response?: string } | null;
  const text = e?.response ?? e?.message ?? String(error);
  return text.slice(0, 1000);
}

/**
 * Sends mail_outbox rows. A pass claims due rows (not sent, not given up, send_after reached, no live
 * claim) with FOR UPDATE SKIP LOCKED and a lease, in one statement, so two senders (processes) never
 * hold the same row; `attempts` (raised by the claim) identifies the claim. Before sending a row the
 * sender renews its lease, and only while the claim is still its own; after sending it marks the row
 * sent. A sender that dies leaves its rows claimed until the lease ends (MAIL_LEASE_S); then any sender
 * takes them. Delivery is at-least-once only across a crash between the SMTP server's "250 OK" and the
 * "sent" mark (a window of milliseconds); every other path sends a row once.
 */
@Injectable()
export class OutboxSender {
  private readonly logger = new Logger('MailOutbox');
  /** Rows claimed per statement. */
  batchSize = 20;
  private stopping = false;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly transport: MailTransport,
    private readonly renderer: MailRenderer,
    private readonly clock: MailClock,
  ) {}

  /** Claims up to batchSize due rows and sends them one by one. */
  async runOnce(): Promise<SendReport> {
    const report = emptyReport();
    if (this.stopping) return report;
    const rows = await this.claim();
    report.claimed = rows.length;
    for (let i = 0; i < rows.length; i++) {
      if (this.stopping) {
        report.released += await this.release(rows.slice(i));
        break;
      }
      report[await this.process(rows[i])]++;
    }
    return report;
  }

  /** Passes until no due row is left (or the sender stops). */
  async drain(): Promise<SendReport> {
    const total = emptyReport();
    for (;;) {
      const report = await this.runOnce();
      for (const key of Object.keys(total) as (keyof SendReport)[]) total[key] += report[key];
      if (report.claimed < this.batchSize || this.stopping) return total;
    }
  }

  /** No new claims; a pass under way hands its unsent rows back (see runOnce). */
  stop(): void {
    this.stopping = true;
  }

  private async claim(): Promise<OutboxRow[]> {
    const [rows] = (await this.dataSource.query(
      `UPDATE mail_outbox m
          SET claimed_until = $1::timestamptz + make_interval(secs => $2), attempts = m.attempts + 1
        WHERE m.id IN (SELECT id FROM mail_outbox
                        WHERE sent_at IS NULL AND failed_at IS NULL AND send_after <= $1
                          AND (claimed_until IS NULL OR claimed_until <= $1)
                        ORDER BY send_after, id
                        LIMIT $3
                        FOR UPDATE SKIP LOCKED)
      RETURNING m.id, m.kind, m.user_id AS "userId", m.data, m.attempts`,
      [this.clock.now(), this.config.mail.leaseS, this.batchSize],
    )) as [OutboxRow[], number];
    return rows.sort((a, b) => Number(a.id) - Number(b.id));
  }

  private async process(row: OutboxRow): Promise<'sent' | 'retried' | 'failed' | 'skipped' | 'lost'> {
    // A fresh lease for this message, and proof that the claim is still ours (a row whose lease ran out
    // while it waited in this batch may have been claimed again, with attempts raised).
    const [renewed] = (await this.dataSource.query(
      `UPDATE mail_outbox SET claimed_until = $3::timestamptz + make_interval(secs => $4)
        WHERE id = $1 AND attempts = $2 AND sent_at IS NULL AND failed_at IS NULL RETURNING id`,
      [row.id, row.attempts, this.clock.now(), this.config.mail.leaseS],
    )) as [unknown[], number];
    if (!renewed.length) return 'lost';

    let rendered;
    try {
      rendered = await this.renderer.render(row);
    } catch (error) {
      return this.failed(row, error, error instanceof UnrenderableMail);
    }
    if ('skip' in rendered) {
      await this.finish(row, `failed_at = $3, last_error = $4`, [
        this.clock.now(),
        `skipped: ${rendered.skip}`,
      ]);
      this.logger.log({ id: row.id, kind: row.kind, reason: rendered.skip }, 'mail skipped');
      return 'skipped';
    }
    try {
      await this.transport.send(rendered.mail);
    } catch (error) {
      return this.failed(row, error, isPermanentSmtpError(error));
    }
    await this.finish(row, `sent_at = $3, last_error = NULL`, [this.clock.now()]);
    this.logger.log({ id: row.id, kind: row.kind, userId: row.userId }, 'mail sent');
    return 'sent';
  }

  /** A failed attempt: tried again after a doubling delay, or given up after MAIL_MAX_ATTEMPTS. */
  private async failed(row: OutboxRow, error: unknown, permanent: boolean): Promise<'retried' | 'failed'> {
    const message = describe(error);
    const now = this.clock.now();
    const { maxAttempts, retryDelayS } = this.config.mail;
    if (permanent || row.attempts >= maxAttempts) {
      await this.finish(row, `failed_at = $3, last_error = $4`, [now, message]);
      this.logger.error(
        { id: row.id, kind: row.kind, userId: row.userId, attempts: row.attempts, error: message },
        permanent ? 'mail refused, given up' : 'mail failed on its last attempt, given up',
      );
      return 'failed';
    }
    const delayS = Math.min(retryDelayS * 2 ** (row.attempts - 1), MAX_RETRY_DELAY_S);
    await this.finish(row, `send_after = $3::timestamptz + make_interval(secs => $4), last_error = $5`, [
      now,
      delayS,
      message,
    ]);
    this.logger.warn(
      { id: row.id, kind: row.kind, attempts: row.attempts, retryInS: delayS, error: message },
      'mail failed, will retry',
    );
    return 'retried';
  }

  /** Ends this claim of the row with `set` ($1 id and $2 attempts are taken; parameters from $3). */
  private async finish(row: OutboxRow, set: string, params: unknown[]): Promise<void> {
    await this.dataSource.query(
      `UPDATE mail_outbox SET ${set}, claimed_until = NULL WHERE id = $1 AND attempts = $2`,
      [row.id, row.attempts, ...params],
    );
  }

  /** Hands claimed rows back unsent (the claim does not count as an attempt). */
  private async release(rows: OutboxRow[]): Promise<number> {
    if (!rows.length) return 0;
    const [, count] = (await this.dataSource.query(
      `UPDATE mail_outbox m SET claimed_until = NULL, attempts = m.attempts - 1
         FROM unnest($1::bigint[], $2::int[]) AS r(id, attempts)
        WHERE m.id = r.id AND m.attempts = r.attempts AND m.sent_at IS NULL AND m.failed_at IS NULL`,
      [rows.map((r) => r.id), rows.map((r) => r.attempts)],
    )) as [unknown, number];
    return count;
  }
}
