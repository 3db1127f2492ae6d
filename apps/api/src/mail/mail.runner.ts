import {
  Inject,
  Injectable,
  Logger,
  Optional,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { DatabaseNotifications } from '../database/notifications.js';
import { MAIL_CHANNEL } from './outbox.js';
import { OutboxSender } from './outbox.sender.js';
import { ReminderScheduler } from './reminder.scheduler.js';

/** How often the reminders are looked for (and once at start). */
const SCHEDULE_EVERY_MS = 60_000;

/**
 * Runs the outbox sender and the reminder scheduler where background work runs (AppConfig.jobs: API
 * processes unless JOBS=false, worker processes always). The sender drains the outbox every MAIL_POLL_S,
 * and at once when a commit queued mail (NOTIFY on MAIL_CHANNEL, in processes that listen); the scheduler
 * runs at start and every minute. On shutdown no new message is started, the one being sent finishes and
 * the rest of the batch is handed back; a killed process's claims run out after MAIL_LEASE_S.
 */
@Injectable()
export class MailRunner implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('MailRunner');
  private timers: NodeJS.Timeout[] = [];
  private pass: Promise<void> | null = null;
  private scheduling: Promise<void> | null = null;
  private again = false;
  private started = false;
  private stopping: Promise<void> | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sender: OutboxSender,
    private readonly scheduler: ReminderScheduler,
    // Absent in worker processes, which then rely on polling.
    @Optional() notifications?: DatabaseNotifications,
  ) {
    notifications?.on(MAIL_CHANNEL, () => this.wake());
  }

  onApplicationBootstrap(): void {
    if (this.config.jobs) this.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.stop();
  }

  start(): void {
    if (this.started || this.stopping) return;
    this.started = true;
    this.logger.log(
      { transport: this.config.mail.smtpUrl ? 'smtp' : 'files', pollS: this.config.mail.pollS },
      'mail sending runs here',
    );
    void this.schedule();
    this.timers = [
      setInterval(() => this.wake(), this.config.mail.pollS * 1000),
      setInterval(() => void this.schedule(), SCHEDULE_EVERY_MS),
    ];
    for (const timer of this.timers) timer.unref();
  }

  /** Sends what is due now (again after the pass under way, if one is). */
  wake(): void {
    if (!this.started || this.stopping) return;
    if (this.pass) {
      this.again = true;
      return;
    }
    this.pass = (async () => {
      do {
        this.again = false;
        const report = await this.sender.drain();
        if (report.retried || report.failed || report.lost)
          this.logger.warn(report, 'mail outbox pass with failures');
      } while (this.again && !this.stopping);
    })()
      .catch((error: unknown) => this.logger.warn({ err: error }, 'mail outbox pass failed'))
      .finally(() => (this.pass = null));
  }

  private schedule(): Promise<void> {
    this.scheduling ??= this.scheduler
      .runOnce()
      .then((queued) => {
        if (Object.values(queued).some(Boolean)) {
          this.logger.log(queued, 'due-date reminders queued');
          this.wake();
        }
      })
      .catch((error: unknown) => this.logger.warn({ err: error }, 'reminder scheduling failed'))
      .finally(() => (this.scheduling = null));
    return this.scheduling;
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      for (const timer of this.timers) clearInterval(timer);
      this.sender.stop();
      await Promise.allSettled([this.pass, this.scheduling]);
    })();
    return this.stopping;
  }
}
