import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MailClock } from './mail.clock.js';
import { isoSql, MAIL_CHANNEL } from './outbox.js';

export type ReminderKind = 'reminder_7d' | 'reminder_1d' | 'overdue';

/**
 * Which open enrolments (due date set, course not completed, recipient active, course published) get
 * which notice, at time $1. Windows are exact durations (168 h, 24 h), not calendar days:
 * - reminder_7d: due in (24 h, 168 h]; not when the learner was assigned less than 7 days before the due
 *   date (the assignment notice named the date a few days ago; the 1-day reminder follows);
 * - reminder_1d: due in (0, 24 h]; not when assigned less than a day before the due date;
 * - overdue: the due date passed, at most 30 days ago (a scheduler that was stopped longer does not
 *   surprise people with notices about long-past dates).
 * A scheduler that was down through a whole window skips that notice; windows do not overlap, so at
 * most one notice per kind per due date, ever.
 */
const WINDOWS: Record<ReminderKind, string> = {
  reminder_7d: `e.due_at > $1::timestamptz + interval '24 hours' AND e.due_at <= $1::timestamptz + interval '168 hours'
                AND (e.assigned_at IS NULL OR e.assigned_at <= e.due_at - interval '168 hours')`,
  reminder_1d: `e.due_at > $1::timestamptz AND e.due_at <= $1::timestamptz + interval '24 hours'
                AND (e.assigned_at IS NULL OR e.assigned_at <= e.due_at - interval '24 hours')`,
  overdue: `e.due_at <= $1::timestamptz AND e.due_at > $1::timestamptz - interval '30 days'`,
};

/**
 * Queues due-date reminders into mail_outbox: per kind one set-based INSERT … SELECT … ON CONFLICT
 * (dedupe_key) DO NOTHING from enrolments. The keys contain the due date (see outbox.ts), so a changed
 * due date gets its own reminders, and any number of processes may run this at the same time.
 */
@Injectable()
export class ReminderScheduler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: MailClock,
  ) {}

  /** Queues what is due now; returns how many notices of each kind were queued. */
  async runOnce(): Promise<Record<ReminderKind, number>> {
    const now = this.clock.now();
    const queued = { reminder_7d: 0, reminder_1d: 0, overdue: 0 };
    for (const kind of Object.keys(WINDOWS) as ReminderKind[]) {
      const rows = (await this.dataSource.query(
        `WITH queued AS (
           INSERT INTO mail_outbox (kind, user_id, data, dedupe_key, send_after)
           SELECT $2::text, e.user_id,
                  jsonb_build_object('courseId', e.course_id, 'dueAt', ${isoSql('e.due_at')}),
                  $2::text || ':' || e.id || ':' || ${isoSql('e.due_at')},
                  $1::timestamptz
             FROM enrolments e
             JOIN users u ON u.id = e.user_id AND u.status = 'active'
             JOIN courses c ON c.id = e.course_id AND c.status = 'published'
            WHERE e.due_at IS NOT NULL AND e.completed_at IS NULL AND ${WINDOWS[kind]}
           ON CONFLICT (dedupe_key) DO NOTHING
           RETURNING 1)
         SELECT count(*)::int AS count, CASE WHEN count(*) > 0 THEN pg_notify('${MAIL_CHANNEL}', '') END
           FROM queued`,
        [now, kind],
      )) as { count: number }[];
      queued[kind] = rows[0].count;
    }
    return queued;
  }
}
