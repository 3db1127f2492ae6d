import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { jest } from '@jest/globals';
import { TestContext } from '@academy/testing';
import { MailTransport } from '../mail.transport.js';
import { enqueueMail, outboxKeys, type OutboxKind } from '../outbox.js';
import { OutboxSender } from '../outbox.sender.js';
import {
  controlMailClock,
  enrol,
  newCertificate,
  newCourse,
  outboxRows,
  readMailDir,
  type ParsedMail,
} from './mail-fixtures.js';

/** The outbox sender with .eml files (no SMTP_URL): rendering, skipping, retries, leases, shutdown. */
describe('mail outbox sender', () => {
  let ctx: TestContext;
  let sender: OutboxSender;
  let clock: ReturnType<typeof controlMailClock>;
  let mailDir: string;

  const queue = (kind: OutboxKind, userId: string, data: Record<string, unknown>, key: string) =>
    ctx.db.transaction((manager) => enqueueMail(manager, kind, userId, data, key));
  const byOutboxId = (mails: ParsedMail[]) =>
    new Map(mails.map((m) => [m.headers['x-academy-outbox-id'], m] as const));

  beforeAll(async () => {
    ctx = await TestContext.create({ MAIL_MAX_ATTEMPTS: '3', MAIL_RETRY_DELAY_S: '60', MAIL_LEASE_S: '300' });
    sender = ctx.app.get(OutboxSender);
    mailDir = path.join(ctx.config.dataDir, 'mail');
  });
  afterAll(() => ctx.close());
  beforeEach(async () => {
    clock = controlMailClock(ctx.app);
    await ctx.db.query(`DELETE FROM mail_outbox`);
    await rm(mailDir, { recursive: true, force: true });
  });
  afterEach(() => jest.restoreAllMocks());

  it('renders every kind in the recipient’s language, with the latest title, the due date and the links', async () => {
    const anna = await ctx.newUser({ name: 'Anna Smith', locale: 'en' });
    const ivan = await ctx.newUser({ name: 'Иван Петров', locale: 'ru' });
    const hs = await newCourse(ctx.db, [
      { en: 'Old HS title', ru: 'Старое название' },
      { en: 'Harmonized System basics', ru: 'Основы Гармонизированной системы' },
    ]);
    // No Russian title: Russian readers get the base language's.
    const valuation = await newCourse(ctx.db, [{ en: 'Customs valuation <draft>' }]);
    const due = new Date('2031-03-05T23:59:00Z');
    const dueAt = due.toISOString();
    const expected: { id: string; locale: 'en' | 'ru'; kind: OutboxKind; course: string; cert?: string }[] =
      [];
    for (const user of [anna, ivan]) {
      const enrolment = await enrol(ctx.db, user.id, hs, { dueAt: due, progressPct: 40 });
      const certificate = await newCertificate(ctx.db, user.id, hs);
      await queue('assignment', user.id, { courseId: hs, dueAt }, outboxKeys.assignment(enrolment));
      for (const kind of ['reminder_7d', 'reminder_1d', 'overdue'] as const)
        await queue(kind, user.id, { courseId: hs, dueAt }, outboxKeys.reminder(kind, enrolment, due));
      await queue(
        'certificate_issued',
        user.id,
        { certificateId: certificate.id, courseId: hs },
        outboxKeys.certificateIssued(certificate.id),
      );
      for (const kind of ['assignment', 'reminder_7d', 'reminder_1d', 'overdue'] as const)
        expected.push({ id: '', locale: user === anna ? 'en' : 'ru', kind, course: hs });
      expected.push({
        id: '',
        locale: user === anna ? 'en' : 'ru',
        kind: 'certificate_issued',
        course: hs,
        cert: certificate.code,
      });
    }
    const ivanValuation = await enrol(ctx.db, ivan.id, valuation, { dueAt: null });
    await queue(
      'assignment',
      ivan.id,
      { courseId: valuation, dueAt: null },
      outboxKeys.assignment(ivanValuation),
    );
    const rows = await outboxRows(ctx.db);
    expected.forEach((e, i) => (e.id = rows[i].id));

    const report = await sender.drain();
    expect(report).toMatchObject({ claimed: 11, sent: 11, retried: 0, failed: 0, skipped: 0 });
    const mails = byOutboxId(await readMailDir(mailDir));
    expect(mails.size).toBe(11);

    const titles = { en: 'Harmonized System basics', ru: 'Основы Гармонизированной системы' };
    const dates = { en: '5 March 2031', ru: '5 марта 2031 г.' };
    for (const e of expected) {
      const mail = mails.get(e.id)!;
      expect(mail.headers['x-academy-mail-kind']).toBe(e.kind);
      expect(mail.headers['auto-submitted']).toBe('auto-generated');
      expect(mail.headers.to).toContain(e.locale === 'en' ? `Anna Smith <${anna.email}>` : ivan.email);
      expect(mail.contentType).toMatch(/^multipart\/alternative/);
      expect(mail.headers.subject).toContain(titles[e.locale]);
      expect(mail.text).toContain(titles[e.locale]);
      expect(mail.html).toContain(titles[e.locale]);
      expect(mail.text).not.toContain('Old HS title');
      expect(mail.text).toContain(e.locale === 'en' ? 'Hello Anna Smith,' : 'Здравствуйте, Иван Петров!');
      if (e.kind === 'certificate_issued') {
        expect(mail.text).toContain(e.cert!);
        expect(mail.text).toContain(`${ctx.config.publicUrl}/verify/${e.cert}`);
        expect(mail.text).toMatch(
          new RegExp(`${ctx.config.publicUrl}/api/certificates/[0-9a-f-]{36}/pdf\\?locale=${e.locale}`),
        );
        expect(mail.text).toContain(e.locale === 'en' ? '20 February 2031' : '20 февраля 2031 г.');
      } else {
        expect(mail.headers.subject + mail.text).toContain(dates[e.locale]);
        expect(mail.text).toContain(dates[e.locale]);
        expect(mail.text).toContain(`${ctx.config.publicUrl}/courses/${e.course}`);
      }
      if (e.kind.startsWith('reminder') || e.kind === 'overdue') expect(mail.text).toContain('40%');
      // Non-ASCII subjects travel as RFC 2047 encoded words.
      if (e.locale === 'ru') expect(mail.rawHeaders.subject).toMatch(/^=\?UTF-8\?B\?/i);
    }
    const subjects = [...mails.values()].map((m) => m.headers.subject);
    expect(subjects).toEqual(
      expect.arrayContaining([
        'New course assigned: Harmonized System basics',
        'Reminder: "Harmonized System basics" is due on 5 March 2031',
        'Последний день: курс «Основы Гармонизированной системы» нужно пройти до 5 марта 2031 г.',
        'Срок истёк: курс «Основы Гармонизированной системы» нужно было пройти до 5 марта 2031 г.',
        'Ваш сертификат: Основы Гармонизированной системы',
        // The fallback title, escaped in HTML below.
        'Вам назначен курс: Customs valuation <draft>',
      ]),
    );
    const fallback = [...mails.values()].find((m) => m.headers.subject.includes('Customs valuation'))!;
    expect(fallback.text).not.toContain(' до ');
    expect(fallback.html).toContain('Customs valuation &lt;draft&gt;');
    expect(fallback.html).not.toContain('<draft>');

    const after = await outboxRows(ctx.db);
    for (const row of after) {
      expect(row).toMatchObject({ attempts: 1, claimed_until: null, failed_at: null, last_error: null });
      expect(row.sent_at?.getTime()).toBe(clock.now);
    }
    // Sent rows are never sent again.
    expect(await sender.drain()).toMatchObject({ claimed: 0, sent: 0 });
    expect((await readMailDir(mailDir)).length).toBe(11);
  });

  it('skips notices overtaken by events and says why', async () => {
    const learner = await ctx.newUser();
    const disabled = await ctx.newUser({ status: 'disabled' });
    const courses = await Promise.all([1, 2, 3, 4, 5].map((n) => newCourse(ctx.db, [{ en: `Course ${n}` }])));
    const oldDue = new Date('2031-03-05T12:00:00Z');
    // 1: the due date moved after the reminder was queued.
    const moved = await enrol(ctx.db, learner.id, courses[0], { dueAt: new Date('2031-03-20T12:00:00Z') });
    await queue(
      'reminder_7d',
      learner.id,
      { courseId: courses[0], dueAt: oldDue.toISOString() },
      outboxKeys.reminder('reminder_7d', moved, oldDue),
    );
    // 2: completed in the meantime.
    const done = await enrol(ctx.db, learner.id, courses[1], { dueAt: oldDue, completedAt: new Date() });
    await queue(
      'reminder_1d',
      learner.id,
      { courseId: courses[1], dueAt: oldDue.toISOString() },
      outboxKeys.reminder('reminder_1d', done, oldDue),
    );
    // 3: the assignment was withdrawn (the enrolment is gone).
    await queue('assignment', learner.id, { courseId: courses[2], dueAt: null }, 'assignment:withdrawn');
    // 4: the certificate was revoked.
    await enrol(ctx.db, learner.id, courses[3], { completedAt: new Date() });
    const revoked = await newCertificate(ctx.db, learner.id, courses[3], { revoked: true });
    await queue(
      'certificate_issued',
      learner.id,
      { certificateId: revoked.id, courseId: courses[3] },
      outboxKeys.certificateIssued(revoked.id),
    );
    // 5: the recipient's account was disabled.
    const gone = await enrol(ctx.db, disabled.id, courses[4], { dueAt: oldDue });
    await queue(
      'assignment',
      disabled.id,
      { courseId: courses[4], dueAt: null },
      outboxKeys.assignment(gone),
    );

    expect(await sender.drain()).toMatchObject({ claimed: 5, sent: 0, skipped: 5 });
    expect(await readMailDir(mailDir)).toEqual([]);
    const reasons = (await outboxRows(ctx.db)).map((r) => [r.kind, r.last_error, r.failed_at !== null]);
    expect(reasons).toEqual([
      ['reminder_7d', 'skipped: the due date changed', true],
      ['reminder_1d', 'skipped: the course is already completed', true],
      ['assignment', 'skipped: the assignment was withdrawn', true],
      ['certificate_issued', 'skipped: the certificate was revoked', true],
      ['assignment', 'skipped: the recipient is disabled', true],
    ]);
  });

  it('retries a failed send with a doubling delay and gives up after MAIL_MAX_ATTEMPTS', async () => {
    const learner = await ctx.newUser();
    const course = await newCourse(ctx.db, [{ en: 'Retried course' }]);
    const enrolment = await enrol(ctx.db, learner.id, course);
    await queue(
      'assignment',
      learner.id,
      { courseId: course, dueAt: null },
      outboxKeys.assignment(enrolment),
    );
    // The transport cannot write: DATA_DIR/mail is a file.
    await writeFile(mailDir, 'not a directory');
    const start = clock.now;

    expect(await sender.runOnce()).toMatchObject({ claimed: 1, retried: 1 });
    let [row] = await outboxRows(ctx.db);
    expect(row).toMatchObject({ attempts: 1, sent_at: null, failed_at: null, claimed_until: null });
    expect(row.last_error).toMatch(/EEXIST|ENOTDIR/);
    expect(row.send_after.getTime()).toBe(start + 60_000);

    // Not before its time.
    clock.advance(59);
    expect(await sender.runOnce()).toMatchObject({ claimed: 0 });
    clock.advance(1);
    expect(await sender.runOnce()).toMatchObject({ claimed: 1, retried: 1 });
    [row] = await outboxRows(ctx.db);
    expect(row.attempts).toBe(2);
    expect(row.send_after.getTime()).toBe(clock.now + 120_000);

    clock.advance(120);
    expect(await sender.runOnce()).toMatchObject({ claimed: 1, failed: 1 });
    [row] = await outboxRows(ctx.db);
    expect(row).toMatchObject({ attempts: 3, sent_at: null, claimed_until: null });
    expect(row.failed_at?.getTime()).toBe(clock.now);

    // Given up: never tried again, even once the transport works.
    await rm(mailDir, { force: true });
    clock.advance(86_400);
    expect(await sender.drain()).toMatchObject({ claimed: 0 });
    expect(await readMailDir(mailDir)).toEqual([]);
  });

  it('sends a message whose earlier attempt failed once the fault is gone, and clears the error', async () => {
    const learner = await ctx.newUser();
    const course = await newCourse(ctx.db, [{ en: 'Second time lucky' }]);
    const enrolment = await enrol(ctx.db, learner.id, course);
    await queue(
      'assignment',
      learner.id,
      { courseId: course, dueAt: null },
      outboxKeys.assignment(enrolment),
    );
    await writeFile(mailDir, 'not a directory');
    expect(await sender.runOnce()).toMatchObject({ retried: 1 });
    await rm(mailDir, { force: true });
    clock.advance(60);
    expect(await sender.runOnce()).toMatchObject({ sent: 1 });
    const [row] = await outboxRows(ctx.db);
    expect(row).toMatchObject({ attempts: 2, last_error: null, failed_at: null });
    expect(row.sent_at).not.toBeNull();
    expect((await readMailDir(mailDir)).map((m) => m.headers.subject)).toEqual([
      'New course assigned: Second time lucky',
    ]);
  });

  it('gives up at once on data that can never be rendered', async () => {
    const learner = await ctx.newUser();
    await queue('assignment', learner.id, { courseId: 'not-a-uuid' }, 'assignment:broken');
    await ctx.db.query(
      `INSERT INTO mail_outbox (kind, user_id, data, dedupe_key) VALUES ('newsletter', $1, '{}', 'odd')`,
      [learner.id],
    );
    expect(await sender.drain()).toMatchObject({ claimed: 2, failed: 2 });
    const rows = await outboxRows(ctx.db);
    expect(rows.map((r) => [r.attempts, r.last_error, r.failed_at !== null])).toEqual([
      [1, 'data.courseId is not a course id', true],
      [1, 'Unknown mail kind "newsletter"', true],
    ]);
  });

  it('leaves a row claimed by a sender that died until its lease ends, then sends it once', async () => {
    const learner = await ctx.newUser();
    const course = await newCourse(ctx.db, [{ en: 'Leased course' }]);
    const enrolment = await enrol(ctx.db, learner.id, course);
    await queue(
      'assignment',
      learner.id,
      { courseId: course, dueAt: null },
      outboxKeys.assignment(enrolment),
    );
    // What a sender's claim leaves when its process is killed before it sends.
    await ctx.db.query(
      `UPDATE mail_outbox SET claimed_until = $1::timestamptz + interval '300 seconds', attempts = 1`,
      [new Date(clock.now)],
    );
    expect(await sender.drain()).toMatchObject({ claimed: 0 });
    clock.advance(299);
    expect(await sender.drain()).toMatchObject({ claimed: 0 });
    clock.advance(1);
    expect(await sender.drain()).toMatchObject({ claimed: 1, sent: 1 });
    const [row] = await outboxRows(ctx.db);
    expect(row).toMatchObject({ attempts: 2, claimed_until: null });
    clock.advance(3600);
    expect(await sender.drain()).toMatchObject({ claimed: 0 });
    expect(await readMailDir(mailDir)).toHaveLength(1);
  });

  it('on stop, finishes the message being sent and hands the rest of its batch back', async () => {
    const learner = await ctx.newUser();
    const course = await newCourse(ctx.db, [{ en: 'Shutdown course' }]);
    for (let i = 0; i < 5; i++) {
      await queue('assignment', learner.id, { courseId: course, dueAt: null }, `assignment:stop-${i}`);
    }
    await enrol(ctx.db, learner.id, course);
    const transport = ctx.app.get(MailTransport);
    const send = transport.send.bind(transport);
    const stopping = new OutboxSender(
      ctx.db,
      ctx.config,
      transport,
      // The same renderer and clock as the app's sender.
      (sender as unknown as { renderer: never }).renderer,
      (sender as unknown as { clock: never }).clock,
    );
    jest.spyOn(transport, 'send').mockImplementation(async (mail) => {
      stopping.stop(); // the process is told to stop while the first message is on its way
      return send(mail);
    });
    expect(await stopping.runOnce()).toMatchObject({ claimed: 5, sent: 1, released: 4 });
    const rows = await outboxRows(ctx.db);
    expect(rows.filter((r) => r.sent_at).length).toBe(1);
    // Handed back: unclaimed, and the claim did not count as an attempt.
    expect(rows.filter((r) => !r.sent_at).map((r) => [r.attempts, r.claimed_until])).toEqual(
      Array(4).fill([0, null]),
    );
    expect(await stopping.runOnce()).toMatchObject({ claimed: 0 });
    jest.restoreAllMocks();
    expect(await sender.drain()).toMatchObject({ claimed: 4, sent: 4 });
    expect(await readMailDir(mailDir)).toHaveLength(5);
  });

  it('sends password mail straight away through the same transport', async () => {
    await mkdir(mailDir, { recursive: true });
    const learner = await ctx.newUser({ locale: 'ru' });
    await ctx.http().post('/api/auth/password/forgot').send({ email: learner.email }).expect(202);
    const [mail] = await readMailDir(mailDir);
    expect(mail.headers.to).toBe(learner.email);
    expect(mail.headers.subject).toBe('Новый пароль для Таможенной академии');
    expect(mail.text).toContain('Здравствуйте');
    expect(await outboxRows(ctx.db)).toEqual([]);
  });
});
