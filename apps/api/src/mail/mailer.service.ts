import { Injectable, Logger } from '@nestjs/common';
import { MailTransport } from './mail.transport.js';

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

/**
 * Mail that goes out at once, while the user waits for it (password links), through the same transport
 * as the outbox: SMTP when SMTP_URL is set, otherwise an .eml file under DATA_DIR/mail. Notices that can
 * wait (assignments, reminders, certificates) are rows in mail_outbox instead (see outbox.ts).
 */
@Injectable()
export class MailerService {
  private readonly logger = new Logger(MailerService.name);

  constructor(private readonly transport: MailTransport) {}

  /** Returns the .eml file written, or the SMTP message id. */
  async send(mail: Mail): Promise<string> {
    const sent = await this.transport.send(mail);
    this.logger.log({ messageId: sent.messageId, file: sent.file }, 'mail sent');
    return sent.file ?? sent.messageId;
  }
}
