import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import { User } from '../identity/user.entity.js';

/**
 * E-mail waiting to be sent (or sent). Rows are written in the same transaction as what they announce;
 * the sender renders each in the recipient's language when it sends it. `dedupe_key` makes each notice
 * exist once (an assignment notice per enrolment and due date, a reminder per enrolment, kind and due
 * date), so schedulers running in several processes cannot queue the same mail twice; a sender claims a
 * row with a lease (`claimed_until`) before sending, so two senders never send the same row.
 */
@Entity('mail_outbox')
@Index('mail_outbox_pending_idx', ['sendAfter'], { where: `sent_at IS NULL AND failed_at IS NULL` })
export class OutboxMessage {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  /** assignment | reminder_7d | reminder_1d | overdue | certificate_issued */
  @Column({ type: 'text' })
  kind: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<User>;

  @Column({ type: 'jsonb', default: () => `'{}'` })
  data: Record<string, unknown>;

  @Index('mail_outbox_dedupe_key', { unique: true })
  @Column({ name: 'dedupe_key', type: 'text' })
  dedupeKey: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'send_after', type: 'timestamptz', default: () => 'now()' })
  sendAfter: Date;

  @Column({ name: 'claimed_until', type: 'timestamptz', nullable: true })
  claimedUntil: Date | null;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  /** Given up after the last attempt. */
  @Column({ name: 'failed_at', type: 'timestamptz', nullable: true })
  failedAt: Date | null;
}
