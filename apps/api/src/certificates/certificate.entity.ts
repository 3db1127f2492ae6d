import type { Locale, LocalizedText } from '@academy/contracts';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Course } from '../catalogue/course.entity.js';
import { User } from '../identity/user.entity.js';

/**
 * Issued once per learner and course, when the course is first completed. What it certifies (holder's
 * name, course title in both languages, issuing office) is copied in at issue, so later renames do not
 * change a certificate already given. `code` is random (certificate-code.ts), never sequential.
 */
@Entity('certificates')
@Index('certificates_user_course_key', ['userId', 'courseId'], { unique: true })
@Index('certificates_course_idx', ['courseId'])
export class Certificate {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('certificates_code_key', { unique: true })
  @Column({ type: 'text' })
  code: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<User>;

  @Column({ name: 'course_id', type: 'uuid' })
  courseId: string;

  @ManyToOne(() => Course, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'course_id' })
  course?: Relation<Course>;

  /** The published version the learner completed. */
  @Column({ name: 'course_version', type: 'integer' })
  courseVersion: number;

  @Column({ name: 'holder_name', type: 'text' })
  holderName: string;

  /** The course title in every language it had at issue. */
  @Column({ name: 'course_title', type: 'jsonb' })
  courseTitle: LocalizedText;

  @Column({ name: 'base_locale', type: 'text' })
  baseLocale: Locale;

  /** The issuing office's name in both languages. */
  @Column({ name: 'issuer_name', type: 'jsonb' })
  issuerName: LocalizedText;

  /** The course completion time (the certificate's date). */
  @Column({ name: 'completed_at', type: 'timestamptz' })
  completedAt: Date;

  @Column({ name: 'issued_at', type: 'timestamptz', default: () => 'now()' })
  issuedAt: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ name: 'revoked_by', type: 'uuid', nullable: true })
  revokedBy: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'revoked_by' })
  revoker?: Relation<User>;

  @Column({ name: 'revoke_reason', type: 'text', nullable: true })
  revokeReason: string | null;
}
