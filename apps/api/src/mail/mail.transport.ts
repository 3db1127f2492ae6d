import { randomUUID } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';

/** One message as the transport takes it: UTF-8 text, optionally an HTML alternative. */
export interface OutgoingMail {
  to: string | { name: string; address: string };
  subject: string;
  text: string;
  html?: string;
  /** Extra headers (e.g. X-Academy-Outbox-Id). */
  headers?: Record<string, string>;
}

export interface SentMail {
  messageId: string;
  /** The .eml file written, when there is no SMTP server. */
  file: string | null;
}

/** An SMTP reply that will not change on a retry (5xx: no such mailbox, refused…). */
export function isPermanentSmtpError(error: unknown): boolean {
  const code = (error as { responseCode?: unknown } | null)?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

/**
 * The one way mail leaves the application (outbox notices and password links alike): nodemailer over
 * SMTP when SMTP_URL is set (a pool of connections, reused between messages), otherwise an .eml file
 * per message under DATA_DIR/mail, where an operator (or a test) can read it. Messages are MIME in
 * UTF-8: encoded headers, base64 text (and HTML) parts.
 */
@Injectable()
export class MailTransport implements OnApplicationShutdown {
  private readonly logger = new Logger('Mail');
  private readonly transporter: Transporter;
  readonly kind: 'smtp' | 'files';

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    const { smtpUrl } = config.mail;
    this.kind = smtpUrl ? 'smtp' : 'files';
    this.transporter = smtpUrl
      ? nodemailer.createTransport({
          url: smtpUrl,
          pool: true,
          maxConnections: 2,
          // Well inside MAIL_LEASE_S, so a message is sent (or failed) before its claim runs out.
          connectionTimeout: 30_000,
          greetingTimeout: 30_000,
          socketTimeout: 60_000,
        })
      : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  }

  /** Where .eml files go without SMTP. */
  get directory(): string {
    return path.join(this.config.dataDir, 'mail');
  }

  async send(mail: OutgoingMail): Promise<SentMail> {
    const info = (await this.transporter.sendMail({
      from: this.config.mail.from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      textEncoding: 'base64',
      headers: mail.headers,
    })) as { messageId: string; message?: Buffer };
    if (this.kind === 'smtp') return { messageId: info.messageId, file: null };
    await mkdir(this.directory, { recursive: true });
    const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID()}`;
    const file = path.join(this.directory, `${name}.eml`);
    // Written whole, then renamed: a reader never sees half a message.
    const partial = path.join(this.directory, `.${name}.tmp`);
    await writeFile(partial, info.message ?? Buffer.alloc(0), { mode: 0o600 });
    await rename(partial, file);
    this.logger.debug({ file }, 'mail written');
    return { messageId: info.messageId, file };
  }

  onApplicationShutdown(): void {
    this.transporter.close();
  }
}
