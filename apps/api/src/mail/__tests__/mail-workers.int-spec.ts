import { rm } from 'node:fs/promises';
import path from 'node:path';
import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TestContext } from '@academy/testing';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { createDataSource } from '../../database/data-source.js';
import { MailModule } from '../mail.module.js';
import { MailRunner } from '../mail.runner.js';
import { enqueueMail } from '../outbox.js';
import { OutboxSender } from '../outbox.sender.js';
import { days, enrol, newCourse, outboxRows, readMailDir, until } from './mail-fixtures.js';

@Module({})
class MailWorkerCore {}

@Module({})
class MailWorker {}

/**
 * Several processes sending from one outbox. A "worker" here is what a WORKER=true process runs for mail:
 * MailModule in a Nest application context with its own database connections and no LISTEN connection.
 */
describe('mail senders in several processes', () => {
  let ctx: TestContext;
  let mailDir: string;
  const workers: INestApplicationContext[] = [];

  async function startWorker(overrides: Partial<AppConfig> = {}): Promise<INestApplicationContext> {
    const dataSource = createDataSource((ctx.db.options as { url: string }).url, { extra: { max: 4 } });
    await dataSource.initialize();
    const config: AppConfig = { ...ctx.config, ...overrides };
    const app = await NestFactory.createApplicationContext(
      {
        module: MailWorker,
        imports: [
          {
            module: MailWorkerCore,
            global: true,
            providers: [{ provide: APP_CONFIG, useValue: config }],
            exports: [APP_CONFIG],
          },
          TypeOrmModule.forRootAsync({
            useFactory: () => dataSource.options,
            dataSourceFactory: () => Promise.resolve(dataSource),
          }),
          MailModule,
        ],
      },
      { logger: false },
    );
    await app.init();
    workers.push(app);
    return app;
  }
  async function stopWorker(app: INestApplicationContext): Promise<void> {
    workers.splice(workers.indexOf(app), 1);
    await app.close();
  }

  async function queueAssignments(userId: string, courseId: string, count: number, prefix: string) {
    await ctx.db.transaction(async (manager) => {
      for (let i = 0; i < count; i++) {
        await enqueueMail(
          manager,
          'assignment',
          userId,
          { courseId, dueAt: null },
          `assignment:${prefix}-${i}`,
        );
      }
    });
  }

  beforeAll(async () => {
    // The API's own runner polls once an hour here: what it sends quickly, a NOTIFY woke it for.
    ctx = await TestContext.create({ MAIL_POLL_S: '3600' });
    mailDir = path.join(ctx.config.dataDir, 'mail');
  });
  afterAll(async () => {
    for (const app of [...workers]) await stopWorker(app);
    await ctx.close();
  });
  beforeEach(async () => {
    await ctx.db.query(`DELETE FROM mail_outbox`);
    await rm(mailDir, { recursive: true, force: true });
  });

  it('two senders draining the outbox at once send every message exactly once, and a restart sends none again', async () => {
    const learner = await ctx.newUser();
    const course = await newCourse(ctx.db, [{ en: 'Bulk course', ru: 'Массовый курс' }]);
    await enrol(ctx.db, learner.id, course);
    await queueAssignments(learner.id, course, 300, 'bulk');

    const [a, b] = [await startWorker(), await startWorker()];
    const senders = [a, b].map((app) => app.get(OutboxSender));
    for (const sender of senders) sender.batchSize = 7;
    const [ra, rb] = await Promise.all(senders.map((s) => s.drain()));
    expect(ra.sent + rb.sent).toBe(300);
    expect(ra.sent).toBeGreaterThan(0);
    expect(rb.sent).toBeGreaterThan(0);
    expect(ra.lost + rb.lost + ra.retried + rb.retried + ra.failed + rb.failed).toBe(0);

    const mails = await readMailDir(mailDir);
    expect(mails).toHaveLength(300);
    const ids = mails.map((m) => m.headers['x-academy-outbox-id']);
    expect(new Set(ids).size).toBe(300);
    const rows = await outboxRows(ctx.db);
    expect(rows.every((r) => r.sent_at !== null && r.attempts === 1)).toBe(true);
    expect(new Set(ids)).toEqual(new Set(rows.map((r) => r.id)));

    // Both processes restart: nothing is sent twice.
    await stopWorker(a);
    await stopWorker(b);
    const restarted = await startWorker();
    expect(await restarted.get(OutboxSender).drain()).toMatchObject({ claimed: 0, sent: 0 });
    expect(await readMailDir(mailDir)).toHaveLength(300);
    await stopWorker(restarted);
  });

  it('the API process sends as soon as the transaction that queued a mail commits (NOTIFY), not at its next poll', async () => {
    const learner = await ctx.newUser({ locale: 'ru' });
    const course = await newCourse(ctx.db, [{ en: 'Notified', ru: 'Уведомление' }]);
    await enrol(ctx.db, learner.id, course);
    const runner = ctx.app.get(MailRunner);
    runner.start();
    try {
      // Rolled back: no mail, no wake-up that sends anything.
      await ctx.db
        .transaction(async (manager) => {
          await enqueueMail(
            manager,
            'assignment',
            learner.id,
            { courseId: course, dueAt: null },
            'assignment:rb',
          );
          throw new Error('roll back');
        })
        .catch(() => undefined);
      await queueAssignments(learner.id, course, 1, 'notify');
      const [mail] = await until(
        async () => {
          const mails = await readMailDir(mailDir);
          return mails.length ? mails : null;
        },
        5000,
        'the mail to be sent',
      );
      expect(mail.headers.subject).toBe('Вам назначен курс: Уведомление');
      expect((await outboxRows(ctx.db)).map((r) => r.dedupe_key)).toEqual(['assignment:notify-0']);
    } finally {
      await runner.stop();
    }
  });

  it('a worker process queues reminders at start and sends by polling; closing it stops cleanly', async () => {
    const learner = await ctx.newUser();
    const course = await newCourse(ctx.db, [{ en: 'Worker course' }]);
    await enrol(ctx.db, learner.id, course, {
      dueAt: new Date(Date.now() + days(3)),
      assignedAt: new Date(Date.now() - days(30)),
    });
    const worker = await startWorker({ jobs: true, worker: true, mail: { ...ctx.config.mail, pollS: 1 } });
    await until(
      async () =>
        (await readMailDir(mailDir)).some((m) => m.headers['x-academy-mail-kind'] === 'reminder_7d'),
      5000,
      'the 7-day reminder',
    );
    // No LISTEN in a worker: this one is found by the next poll.
    const other = await ctx.newUser();
    await enrol(ctx.db, other.id, course);
    await queueAssignments(other.id, course, 1, 'poll');
    await until(async () => (await readMailDir(mailDir)).length === 2, 5000, 'the polled mail');
    await stopWorker(worker);
    const rows = await outboxRows(ctx.db);
    expect(rows.map((r) => [r.kind, r.sent_at !== null, r.claimed_until])).toEqual([
      ['reminder_7d', true, null],
      ['assignment', true, null],
    ]);
  });
});
