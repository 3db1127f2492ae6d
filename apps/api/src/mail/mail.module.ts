import { Module } from '@nestjs/common';
import { MailClock } from './mail.clock.js';
import { MailRenderer } from './mail.renderer.js';
import { MailRunner } from './mail.runner.js';
import { MailTransport } from './mail.transport.js';
import { MailerService } from './mailer.service.js';
import { OutboxSender } from './outbox.sender.js';
import { ReminderScheduler } from './reminder.scheduler.js';

/**
 * E-mail: one transport (SMTP or .eml files), immediate mail (MailerService, password links), and the
 * outbox: the sender and the due-date reminder scheduler, run by MailRunner where background jobs run.
 * Needs only APP_CONFIG and the data source, so worker processes can import it too.
 */
@Module({
  providers: [
    MailClock,
    MailTransport,
    MailerService,
    MailRenderer,
    OutboxSender,
    ReminderScheduler,
    MailRunner,
  ],
  exports: [MailerService, MailTransport, OutboxSender, ReminderScheduler, MailRunner, MailClock],
})
export class MailModule {}
