import { TestContext } from '@academy/testing';
import { OutboxSender } from '../outbox.sender.js';
import { ReminderScheduler } from '../reminder.scheduler.js';
import { controlMailClock, days, enrol, hours, newCourse, outboxRows, readMailDir } from './mail-fixtures.js';

const T0 = Date.parse('2031-03-01T09:00:00Z');
const at = (ms: number) => new Date(ms);

/** The due-date reminder scheduler, with the mail clock under the test's control. */
describe('due-date reminder scheduler', () => {
  let ctx: TestContext;
  let scheduler: ReminderScheduler;
  let clock: ReturnType<typeof controlMailClock>;
  let course: string;

  const keys = async () => (await outboxRows(ctx.db)).map((r) => r.dedupe_key).sort();

  beforeAll(async () => {
    ctx = await TestContext.create();
    scheduler = ctx.app.get(ReminderScheduler);
    course = await newCourse(ctx.db, [{ en: 'Due dates', ru: 'Сроки' }]);
  });
  afterAll(() => ctx.close());
  beforeEach(async () => {
    clock = controlMailClock(ctx.app, T0);
    await ctx.db.query(`DELETE FROM mail_outbox`);
    await ctx.db.query(`DELETE FROM enrolments`);
  });

  it('queues each kind for the enrolments in its window, and nothing for the others', async () => {
    const user = async (status: 'active' | 'disabled' = 'active') => (await ctx.newUser({ status })).id;
    const archived = await newCourse(ctx.db, [{ en: 'Archived' }], { status: 'archived' });
    const in5d = at(T0 + days(5));
    const week = await enrol(ctx.db, await user(), course, { dueAt: in5d });
    const day = await enrol(ctx.db, await user(), course, { dueAt: at(T0 + hours(12)), progressPct: 50 });
    const late = await enrol(ctx.db, await user(), course, { dueAt: at(T0 - hours(2)) });
    // Nothing for these:
    await enrol(ctx.db, await user(), course, { dueAt: at(T0 + days(10)) }); // not yet
    await enrol(ctx.db, await user(), course, { dueAt: at(T0 - days(40)) }); // long past
    await enrol(ctx.db, await user(), course, { dueAt: in5d, completedAt: at(T0 - days(1)) }); // completed
    await enrol(ctx.db, await user(), course, { dueAt: at(T0 - hours(2)), completedAt: at(T0 - days(1)) });
    await enrol(ctx.db, await user(), course, { dueAt: null }); // no due date
    await enrol(ctx.db, await user('disabled'), course, { dueAt: in5d }); // disabled account
    await enrol(ctx.db, await user(), archived, { dueAt: in5d }); // course archived
    // Assigned 6 days before its due date: the assignment notice named the date; no 7-day reminder.
    await enrol(ctx.db, await user(), course, { dueAt: in5d, assignedAt: at(T0 - days(1)) });

    expect(await scheduler.runOnce()).toEqual({ reminder_7d: 1, reminder_1d: 1, overdue: 1 });
    const rows = (await ctx.db.query(
      `SELECT kind, data, dedupe_key, send_after FROM mail_outbox ORDER BY kind`,
    )) as { kind: string; data: unknown; dedupe_key: string; send_after: Date }[];
    const iso = (ms: number) => new Date(ms).toISOString();
    expect(rows.map(({ kind, data, dedupe_key }) => ({ kind, data, dedupe_key }))).toEqual([
      {
        kind: 'overdue',
        data: { courseId: course, dueAt: iso(T0 - hours(2)) },
        dedupe_key: `overdue:${late}:${iso(T0 - hours(2))}`,
      },
      {
        kind: 'reminder_1d',
        data: { courseId: course, dueAt: iso(T0 + hours(12)) },
        dedupe_key: `reminder_1d:${day}:${iso(T0 + hours(12))}`,
      },
      {
        kind: 'reminder_7d',
        data: { courseId: course, dueAt: in5d.toISOString() },
        dedupe_key: `reminder_7d:${week}:${in5d.toISOString()}`,
      },
    ]);
    for (const row of rows) expect(row.send_after.getTime()).toBe(T0);

    // Again, and by two schedulers at once: nothing more.
    expect(await scheduler.runOnce()).toEqual({ reminder_7d: 0, reminder_1d: 0, overdue: 0 });
    await Promise.all([scheduler.runOnce(), scheduler.runOnce()]);
    expect(await outboxRows(ctx.db)).toHaveLength(3);
  });

  it('walks one due date through its windows: one 7-day reminder, one 1-day reminder, one overdue notice', async () => {
    const learner = await ctx.newUser();
    const due = T0 + days(10);
    const enrolment = await enrol(ctx.db, learner.id, course, { dueAt: at(due) });
    const key = (kind: string, dueAt = due) => `${kind}:${enrolment}:${new Date(dueAt).toISOString()}`;
    const runAt = async (ms: number) => {
      clock.set(ms);
      return scheduler.runOnce();
    };

    expect(await runAt(due - hours(168) - 1)).toEqual({ reminder_7d: 0, reminder_1d: 0, overdue: 0 });
    expect(await runAt(due - hours(168))).toMatchObject({ reminder_7d: 1 });
    expect(await runAt(due - days(3))).toEqual({ reminder_7d: 0, reminder_1d: 0, overdue: 0 });
    expect(await runAt(due - hours(24) - 1)).toEqual({ reminder_7d: 0, reminder_1d: 0, overdue: 0 });
    expect(await runAt(due - hours(24))).toEqual({ reminder_7d: 0, reminder_1d: 1, overdue: 0 });
    expect(await runAt(due - 1)).toEqual({ reminder_7d: 0, reminder_1d: 0, overdue: 0 });
    expect(await runAt(due)).toEqual({ reminder_7d: 0, reminder_1d: 0, overdue: 1 });
    expect(await runAt(due + days(2))).toEqual({ reminder_7d: 0, reminder_1d: 0, overdue: 0 });
    expect(await keys()).toEqual([key('overdue'), key('reminder_1d'), key('reminder_7d')]);

    // The coordinator moves the due date: the new date gets its own reminders (the old ones stay sent).
    const newDue = due + days(14);
    await ctx.db.query(`UPDATE enrolments SET due_at = $2 WHERE id = $1`, [enrolment, at(newDue)]);
    expect(await runAt(due + days(2))).toEqual({ reminder_7d: 0, reminder_1d: 0, overdue: 0 });
    expect(await runAt(newDue - days(6))).toEqual({ reminder_7d: 1, reminder_1d: 0, overdue: 0 });
    expect(await runAt(newDue - hours(1))).toEqual({ reminder_7d: 0, reminder_1d: 1, overdue: 0 });
    // Completed in time: no overdue notice.
    await ctx.db.query(`UPDATE enrolments SET completed_at = $2, status = 'completed' WHERE id = $1`, [
      enrolment,
      at(newDue - hours(1)),
    ]);
    expect(await runAt(newDue + hours(1))).toEqual({ reminder_7d: 0, reminder_1d: 0, overdue: 0 });
    expect(await keys()).toEqual(
      [
        key('overdue'),
        key('reminder_1d'),
        key('reminder_7d'),
        key('reminder_1d', newDue),
        key('reminder_7d', newDue),
      ].sort(),
    );
  });

  it('sends no 1-day reminder to someone assigned within the last day before the due date', async () => {
    const learner = await ctx.newUser();
    const due = T0 + hours(20);
    await enrol(ctx.db, learner.id, course, { dueAt: at(due), assignedAt: at(T0 - hours(2)) });
    expect(await scheduler.runOnce()).toEqual({ reminder_7d: 0, reminder_1d: 0, overdue: 0 });
    clock.set(due + 1);
    expect(await scheduler.runOnce()).toEqual({ reminder_7d: 0, reminder_1d: 0, overdue: 1 });
  });

  it('queues reminders the sender then sends in the recipient’s language, stale ones skipped', async () => {
    const ru = await ctx.newUser({ locale: 'ru', name: 'Мария' });
    const due = T0 + days(3);
    const enrolment = await enrol(ctx.db, ru.id, course, { dueAt: at(due), progressPct: 60 });
    expect(await scheduler.runOnce()).toMatchObject({ reminder_7d: 1 });
    const sender = ctx.app.get(OutboxSender);
    expect(await sender.drain()).toMatchObject({ sent: 1 });
    // Queued for the 1-day window, then the due date moves before it is sent.
    clock.set(due - hours(2));
    expect(await scheduler.runOnce()).toMatchObject({ reminder_1d: 1 });
    await ctx.db.query(`UPDATE enrolments SET due_at = $2 WHERE id = $1`, [enrolment, at(due + days(30))]);
    expect(await sender.drain()).toMatchObject({ skipped: 1, sent: 0 });
    const mails = await readMailDir(`${ctx.config.dataDir}/mail`);
    expect(mails.map((m) => m.headers.subject)).toEqual([
      'Напоминание: курс «Сроки» нужно пройти до 4 марта 2031 г. в 09:00 (UTC)',
    ]);
    expect(mails[0].text).toContain('Вы прошли 60%');
  });
});
