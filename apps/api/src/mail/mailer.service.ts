import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

function encodeHeader(value: string): string {
  return `=?UTF-8?B?${Buffer.from(value, 'utf8').toString('base64')}?=`;
}

/**
 * Writes each message as an .eml file under DATA_DIR/mail, where an operator (or a test) can read it.
 * SMTP delivery and the outbox arrive with the notifications work.
 */
@Injectable()
export class MailerService {
  private readonly logger = new Logger(MailerService.name);

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async send(mail: Mail): Promise<string> {
    const dir = path.join(this.config.dataDir, 'mail');
    await mkdir(dir, { recursive: true });
    const id = randomUUID();
    const file = path.join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${id}.eml`);
    const message = [
      `Message-ID: <${id}@customs-academy>`,
      `Date: ${new Date().toUTCString()}`,
      'From: Customs Academy <no-reply@customs-academy.local>',
      `To: ${mail.to}`,
      `Subject: ${encodeHeader(mail.subject)}`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=UTF-8',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from(mail.text, 'utf8').toString('base64').replace(/.{76}/g, '$&\r\n'),
      '',
    ].join('\r\n');
    await writeFile(file, message, { mode: 0o600 });
    this.logger.log({ file }, 'mail written');
    return file;
  }
}
