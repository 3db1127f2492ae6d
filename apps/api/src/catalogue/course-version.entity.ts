import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Course } from './course.entity.js';
import type { PublishedCourse } from './published-course.js';

/**
 * An immutable snapshot of a course as published: what learners read. Publishing again adds a version;
 * lesson ids are kept across versions so progress and completions carry over.
 */
@Entity('course_versions')
@Index('course_versions_course_version_key', ['courseId', 'version'], { unique: true })
// GIN index on search, created by hand in the migration.
@Index('course_versions_search_idx', { synchronize: false })
export class CourseVersion {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'course_id', type: 'uuid' })
  courseId: string;

  @ManyToOne(() => Course, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'course_id' })
  course?: Relation<Course>;

  @Column({ type: 'integer' })
  version: number;

  @Column({ type: 'jsonb' })
  content: PublishedCourse;

  // Small copies of what the catalogue sorts and filters on (written at publication from the snapshot), so a
  // list never reads the whole `content` of every row.
  @Column({ type: 'jsonb' })
  title: Record<string, string>;

  @Column({ name: 'base_locale', type: 'text' })
  baseLocale: string;

  @Index('course_versions_topics_idx', { synchronize: false })
  @Column({ type: 'text', array: true })
  topics: string[];

  @Column({ name: 'complete_locales', type: 'text', array: true })
  completeLocales: string[];

  /** English and Russian stems of titles, summaries, topics and lesson titles. */
  @Column({ type: 'tsvector' })
  search: string;

  @Column({ name: 'published_by', type: 'uuid', nullable: true })
  publishedBy: string | null;

  @Column({ name: 'published_at', type: 'timestamptz', default: () => 'now()' })
  publishedAt: Date;
}
