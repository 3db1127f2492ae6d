import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Failed logins, counted per e-mail and per client address to throttle guessing across all API replicas. */
@Entity('login_failures')
@Index('login_failures_email_idx', ['email', 'at'])
@Index('login_failures_ip_idx', ['ip', 'at'])
export class LoginFailure {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column({ type: 'citext' })
  email: string;

  @Column({ type: 'text' })
  ip: string;

  @CreateDateColumn({ type: 'timestamptz' })
  at: Date;
}
