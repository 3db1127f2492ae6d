import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { jest } from '@jest/globals';
import { TestContext } from '@academy/testing';
import { SMTPServer } from 'smtp-server';
import { createDataSource } from '../../database/data-source.js';
import { MailClock } from '../mail.clock.js';
import { MailRenderer } from '../mail.renderer.js';
import { MailTransport } from '../mail.transport.js';
import { MailerService } from '../mailer.service.js';
import { enqueueMail, outboxKeys } from '../outbox.js';
import { OutboxSender } from '../outbox.sender.js';
import {
  controlMailClock,
  enrol,
  newCertificate,
  newCourse,
  outboxRows,
  parseMail,
  readMailDir,
  type ParsedMail,
} from './mail-fixtures.js';

interface Received {
  from: string;
  to: string[];
  user: string | undefined;
  mail: ParsedMail;
}

/** SMTP_URL set: mail goes to an SMTP server (smtp-server, in this process) with authentication. */
describe('mail over SMTP', () => {
  let server: SMTPServer;
  let ctx: TestContext;
  let sender: OutboxSender;
  let clock: ReturnType<typeof controlMailClock>;
  const received: Received[] = [];

  const smtpError = (code: number, message: string) =>
    Object.assign(new Error(message), { responseCode: code });

  beforeAll(async () => {
    server = new SMTPServer({
      secure: false,
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      onAuth(auth, _session, callback) {
        if (auth.username === 'academy' && auth.password === 's3cret/+') callback(null, { user: 'academy' });
        else callback(smtpError(535, 'Authentication failed'));
      },
      onRcptTo(address, _session, callback) {
        if (address.address.startsWith('busy')) return callback(smtpError(451, 'Mailbox busy, try later'));
        if (address.address.startsWith('nobody')) return callback(smtpError(550, 'No such user here'));
        callback();
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            user: session.user as string | undefined,
            mail: parseMail(Buffer.concat(chunks).toString('utf8')),
          });
          callback();
        });
      },
      logger: false,
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.server.address() as AddressInfo;
    ctx = await TestContext.create({
      SMTP_URL: `smtp://academy:${encodeURIComponent('s3cret/+')}@127.0.0.1:${port}`,
      MAIL_FROM: 'Таможенная академия <academy@example.org>',
      MAIL_MAX_ATTEMPTS: '4',
      MAIL_RETRY_DELAY_S: '30',
    });
    sender = ctx.app.get(OutboxSender);
  });
  afterAll(async () => {
    await ctx.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  beforeEach(async () => {
    clock = controlMailClock(ctx.app);
    received.length = 0;
    await ctx.db.query(`DELETE FROM mail_outbox`);
  });
  afterEach(() => jest.restoreAllMocks());

  it('delivers outbox mail in the recipient’s language with the configured sender and credentials', async () => {
    const ru = await ctx.newUser({ locale: 'ru', name: 'Лейла Алиева' });
    const en = await ctx.newUser({ locale: 'en' });
    const course = await newCourse(ctx.db, [
      { en: 'Revised Kyoto Convention', ru: 'Пересмотренная Киотская конвенция' },
    ]);
    const enrolment = await enrol(ctx.db, ru.id, course, { dueAt: new Date('2031-04-10T23:59:00Z') });
    await enrol(ctx.db, en.id, course, { completedAt: new Date('2031-02-20T10:00:00Z') });
    const certificate = await newCertificate(ctx.db, en.id, course);
    await ctx.db.transaction(async (manager) => {
      await enqueueMail(
        manager,
        'assignment',
        ru.id,
        { courseId: course, dueAt: '2031-04-10T23:59:00.000Z' },
        outboxKeys.assignment(enrolment),
      );
      await enqueueMail(
        manager,
        'certificate_issued',
        en.id,
        { certificateId: certificate.id, courseId: course },
        outboxKeys.certificateIssued(certificate.id),
      );
    });

    expect(await sender.drain()).toMatchObject({ claimed: 2, sent: 2 });
    expect(received).toHaveLength(2);
    for (const message of received) {
      expect(message.from).toBe('academy@example.org');
      expect(message.user).toBe('academy');
      expect(message.mail.headers.from).toBe('Таможенная академия <academy@example.org>');
    }
    const toRu = received.find((r) => r.to[0] === ru.email)!;
    expect(toRu.mail.headers.to).toBe(`Лейла Алиева <${ru.email}>`);
    expect(toRu.mail.headers.subject).toBe('Вам назначен курс: Пересмотренная Киотская конвенция');
    expect(toRu.mail.text).toContain('Пройдите его до 10 апреля 2031 г.');
    expect(toRu.mail.html).toContain('Пересмотренная Киотская конвенция');
    const toEn = received.find((r) => r.to[0] === en.email)!;
    expect(toEn.mail.headers.subject).toBe('Your certificate: Revised Kyoto Convention');
    expect(toEn.mail.text).toContain(`${ctx.config.publicUrl}/verify/${certificate.code}`);
    // Nothing is written to disk when SMTP is configured.
    expect(await readMailDir(path.join(ctx.config.dataDir, 'mail'))).toEqual([]);
  });

  it('retries a temporary refusal (4xx) later and gives up on a permanent one (5xx) at once', async () => {
    const busy = await ctx.newUser({ email: `busy-${Date.now()}@test.academy` });
    const nobody = await ctx.newUser({ email: `nobody-${Date.now()}@test.academy` });
    const course = await newCourse(ctx.db, [{ en: 'Refused' }]);
    for (const user of [busy, nobody]) {
      const enrolment = await enrol(ctx.db, user.id, course);
      await ctx.db.transaction((m) =>
        enqueueMail(
          m,
          'assignment',
          user.id,
          { courseId: course, dueAt: null },
          outboxKeys.assignment(enrolment),
        ),
      );
    }
    expect(await sender.drain()).toMatchObject({ claimed: 2, retried: 1, failed: 1 });
    let [toBusy, toNobody] = await outboxRows(ctx.db);
    expect(toNobody).toMatchObject({ attempts: 1, sent_at: null });
    expect(toNobody.failed_at).not.toBeNull();
    expect(toNobody.last_error).toMatch(/^550 .*No such user here/);
    expect(toBusy).toMatchObject({ attempts: 1, failed_at: null });
    expect(toBusy.last_error).toMatch(/^451 .*Mailbox busy/);
    expect(toBusy.send_after.getTime()).toBe(clock.now + 30_000);

    // 30 s, 60 s, 120 s later: the fourth attempt is the last.
    for (const [waitS, outcome] of [
      [30, 'retried'],
      [60, 'retried'],
      [120, 'failed'],
    ] as const) {
      clock.advance(waitS - 1);
      expect(await sender.drain()).toMatchObject({ claimed: 0 });
      clock.advance(1);
      expect(await sender.drain()).toMatchObject({ claimed: 1, [outcome]: 1 });
    }
    [toBusy, toNobody] = await outboxRows(ctx.db);
    expect(toBusy.attempts).toBe(4);
    expect(toBusy.failed_at).not.toBeNull();
    expect(received).toEqual([]);
  });

  it('two senders on their own connections deliver every message exactly once', async () => {
    const learner = await ctx.newUser();
    const course = await newCourse(ctx.db, [{ en: 'Twice over' }]);
    await enrol(ctx.db, learner.id, course);
    await ctx.db.transaction(async (manager) => {
      for (let i = 0; i < 80; i++)
        await enqueueMail(
          manager,
          'assignment',
          learner.id,
          { courseId: course, dueAt: null },
          `assignment:s${i}`,
        );
    });
    const db2 = createDataSource((ctx.db.options as { url: string }).url, { extra: { max: 3 } });
    await db2.initialize();
    const transport2 = new MailTransport(ctx.config);
    try {
      const second = new OutboxSender(
        db2,
        ctx.config,
        transport2,
        new MailRenderer(db2, ctx.config),
        ctx.app.get(MailClock),
      );
      sender.batchSize = second.batchSize = 5;
      const reports = await Promise.all([sender.drain(), second.drain()]);
      expect(reports[0].sent + reports[1].sent).toBe(80);
      expect(reports.every((r) => r.sent > 0)).toBe(true);
    } finally {
      sender.batchSize = 20;
      transport2.onApplicationShutdown();
      await db2.destroy();
    }
    const ids = received.map((r) => r.mail.headers['x-academy-outbox-id']);
    expect(ids).toHaveLength(80);
    expect(new Set(ids).size).toBe(80);
  });

  it('sends password mail over SMTP too', async () => {
    await ctx.app
      .get(MailerService)
      .send({ to: 'someone@test.academy', subject: 'Пароль', text: 'Ссылка: x' });
    expect(received).toHaveLength(1);
    expect(received[0].to).toEqual(['someone@test.academy']);
    expect(received[0].mail.headers.subject).toBe('Пароль');
    expect(received[0].mail.text).toBe('Ссылка: x');
  });
});
