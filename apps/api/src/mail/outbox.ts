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

/** Queues one mail unless a mail with the same key exists. Run inside the caller's transaction. */
export async function enqueueMail(
  manager: EntityManager,
  kind: OutboxKind,
  userId: string,
  data: Record<string, unknown>,
  dedupeKey: string,
): Promise<void> {
  await manager.query(
    `INSERT INTO mail_outbox (kind, user_id, data, dedupe_key) VALUES ($1, $2, $3, $4)
     ON CONFLICT (dedupe_key) DO NOTHING`,
    [kind, userId, JSON.stringify(data), dedupeKey],
  );
}
