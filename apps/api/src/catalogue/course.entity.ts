import type { Locale, LocalizedText } from '@academy/contracts';
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
import { MediaAsset } from '../media/media-asset.entity.js';

export type CourseStatus = 'draft' | 'published' | 'archived';
export type CourseAudience = 'region' | 'administrations';

/**
 * A course as authors edit it (the working draft). Learners never read these columns: they read the
 * latest published snapshot in course_versions, so edits stay invisible until published again.
 */
@Entity('courses')
@Check('courses_base_locale', `base_locale IN ('en', 'ru')`)
@Check('courses_title_base', `title ? base_locale`)
@Check('courses_status', `status IN ('draft', 'published', 'archived')`)
@Check('courses_audience', `audience IN ('region', 'administrations')`)
export class Course {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('courses_code_key', { unique: true })
  @Column({ type: 'text' })
  code: string;

  @Column({ name: 'base_locale', type: 'text' })
  baseLocale: Locale;

  @Column({ type: 'jsonb' })
  title: LocalizedText;

  @Column({ type: 'jsonb', default: () => `'{}'` })
  summary: LocalizedText;

  @Column({ type: 'text', array: true, default: () => `'{}'` })
  topics: string[];

  @Column({ name: 'estimated_minutes', type: 'integer', nullable: true })
  estimatedMinutes: number | null;

  @Column({ name: 'cover_asset_id', type: 'uuid', nullable: true })
  coverAssetId: string | null;

  @ManyToOne(() => MediaAsset, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'cover_asset_id' })
  cover?: Relation<MediaAsset>;

  @Column({ type: 'text', default: 'draft' })
  status: CourseStatus;

  @Column({ type: 'text', default: 'region' })
  audience: CourseAudience;

  /** Learners may enrol themselves (and leave again); otherwise only coordinators' assignments enrol. */
  @Column({ name: 'self_enrolment', type: 'boolean', default: true })
  selfEnrolment: boolean;

  /** The published version learners see; 0 before the first publication. */
  @Column({ type: 'integer', default: 0 })
  version: number;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /** Changed by every edit of the course, its modules or lessons: "unpublished changes" when > published_at. */
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
