import type { Role } from '@academy/contracts';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import { Organisation } from '../organisations/organisation.entity.js';
import { User } from './user.entity.js';

/** A role held by a user; a coordinator grant names the organisation whose whole subtree it covers. */
@Entity('role_grants')
@Check('role_grants_role', `role IN ('learner', 'coordinator', 'author', 'admin')`)
@Check('role_grants_scope', `(role = 'coordinator') = (organisation_id IS NOT NULL)`)
@Index('role_grants_scoped_key', ['userId', 'role', 'organisationId'], {
  unique: true,
  where: 'organisation_id IS NOT NULL',
})
@Index('role_grants_global_key', ['userId', 'role'], { unique: true, where: 'organisation_id IS NULL' })
export class RoleGrant {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<User>;

  @Column({ type: 'text' })
  role: Role;

  @Column({ name: 'organisation_id', type: 'uuid', nullable: true })
  organisationId: string | null;

  @ManyToOne(() => Organisation, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Relation<Organisation>;

  @Column({ name: 'granted_by', type: 'uuid', nullable: true })
  grantedBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
