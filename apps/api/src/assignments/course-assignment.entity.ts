import {
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
import { Course } from '../catalogue/course.entity.js';
import { User } from '../identity/user.entity.js';
import { Organisation } from '../organisations/organisation.entity.js';

/**
 * A coordinator's assignment of a course to a unit (its whole subtree). The enrolments it made point
 * back to it; with `include_future`, officers who join the subtree later are enrolled too (by a trigger
 * on users). Assigning the same course to the same unit again updates this row (one per course and unit
 * while not withdrawn).
 */
@Entity('course_assignments')
@Index('course_assignments_course_org_key', ['courseId', 'organisationId'], {
  unique: true,
  where: `withdrawn_at IS NULL`,
})
@Index('course_assignments_org_idx', ['organisationId'])
export class CourseAssignment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'course_id', type: 'uuid' })
  courseId: string;

  @ManyToOne(() => Course, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'course_id' })
  course?: Relation<Course>;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId: string;

  @ManyToOne(() => Organisation, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Relation<Organisation>;

  @Column({ name: 'due_at', type: 'timestamptz', nullable: true })
  dueAt: Date | null;

  /** Officers who join the unit's subtree later are enrolled too. */
  @Column({ name: 'include_future', type: 'boolean', default: false })
  includeFuture: boolean;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by' })
  creator?: Relation<User>;

  /** Set when withdrawn; the row stays for the record. */
  @Column({ name: 'withdrawn_at', type: 'timestamptz', nullable: true })
  withdrawnAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
