import type { Locale, UserStatus } from '@academy/contracts';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import { Organisation } from '../organisations/organisation.entity.js';

@Entity('users')
// Trigram indexes for name and e-mail search (ILIKE '%…%'); created by hand in a migration (operator class).
@Index('users_search_name_trgm', { synchronize: false })
@Index('users_search_email_trgm', { synchronize: false })
// Learners in name order for the people report (migration PeopleNameOrder): (display_name, email, id).
@Index('users_name_order_idx', { synchronize: false })
@Check('users_locale', `locale IN ('en', 'ru')`)
@Check('users_status', `status IN ('active', 'disabled')`)
export class User {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** citext: unique regardless of case; stored as typed, trimmed. */
  @Index('users_email_key', { unique: true })
  @Column({ type: 'citext' })
  email: string;

  @Column({ name: 'display_name', type: 'text' })
  displayName: string;

  @Column({ name: 'password_hash', type: 'text', nullable: true, select: false })
  passwordHash: string | null;

  @Column({ type: 'text', default: 'en' })
  locale: Locale;

  @Index('users_organisation_idx')
  @Column({ name: 'organisation_id', type: 'uuid', nullable: true })
  organisationId: string | null;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Relation<Organisation>;

  @Column({ type: 'text', default: 'active' })
  status: UserStatus;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
