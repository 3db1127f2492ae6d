import type { EntityManager } from 'typeorm';

/**
 * What may wait in mail_outbox, and the key that makes each notice exist once. Features write rows in
 * the same transaction as what they announce (set-based writers insert into mail_outbox directly with
 * the same kinds, data and keys); the sender renders each row in the recipient's language when it sends.
 *
 * | kind               | data                                  | dedupe_key                               |
 * | ------------------ | ------------------------------------- | ---------------------------------------- |
 * | assignment         | { courseId, dueAt: iso \| null }       | assignment:<enrolment id>                |
 * | reminder_7d        | { courseId, dueAt: iso }              | reminder_7d:<enrolment id>:<dueAt iso>   |
 * | reminder_1d        | { courseId, dueAt: iso }              | reminder_1d:<enrolment id>:<dueAt iso>   |
 * | overdue            | { courseId, dueAt: iso }              | overdue:<enrolment id>:<dueAt iso>       |
 * | certificate_issued | { certificateId, courseId }           | certificate_issued:<certificate id>      |
 */
export const OUTBOX_KINDS = [
  'assignment',
  'reminder_7d',
  'reminder_1d',
  'overdue',
  'certificate_issued',
] as const;
export type OutboxKind = (typeof OUTBOX_KINDS)[number];

/**
 * The channel a NOTIFY on it wakes the senders of every process that LISTENs (the API's; workers poll).
 * PostgreSQL delivers a NOTIFY made in a transaction at its commit, and never if it rolls back.
 */
export const MAIL_CHANNEL = 'academy_mail';

/**
 * SQL writing a timestamptz expression as the ISO string JavaScript's Date#toISOString() gives
 * (`2031-03-01T09:00:00.000Z`): the form of `dueAt` in data and in the reminder keys.
 */
export const isoSql = (expression: string): string =>
  `to_char((${expression}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** The dedupe keys of the table above. */
export const outboxKeys = {
  assignment: (enrolmentId: string) => `assignment:${enrolmentId}`,
  reminder: (kind: 'reminder_7d' | 'reminder_1d' | 'overdue', enrolmentId: string, dueAt: Date) =>
    `${kind}:${enrolmentId}:${dueAt.toISOString()}`,
  certificateIssued: (certificateId: string) => `certificate_issued:${certificateId}`,
};

/**
 * Queues one mail unless a mail with the same key exists. Run inside the caller's transaction. The
 * same statement wakes the senders when (and only if) the transaction commits.
 */
export async function enqueueMail(
  manager: EntityManager,
  kind: OutboxKind,
  userId: string,
  data: Record<string, unknown>,
  dedupeKey: string,
): Promise<void> {
  await manager.query(
    `WITH queued AS (
       INSERT INTO mail_outbox (kind, user_id, data, dedupe_key) VALUES ($1, $2, $3, $4)
       ON CONFLICT (dedupe_key) DO NOTHING RETURNING id)
     SELECT pg_notify('${MAIL_CHANNEL}', '') FROM queued`,
    [kind, userId, JSON.stringify(data), dedupeKey],
  );
}

/**
 * For set-based writers that insert into mail_outbox themselves: wakes the senders at commit (optional;
 * without it the rows go out at the next poll, within MAIL_POLL_S).
 */
export async function notifyMailQueued(manager: EntityManager): Promise<void> {
  await manager.query(`SELECT pg_notify('${MAIL_CHANNEL}', '')`);
}
