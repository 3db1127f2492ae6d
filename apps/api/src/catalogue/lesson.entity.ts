import type { LocalizedText, QuizDefinition } from '@academy/contracts';
import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import { CourseModule } from './course-module.entity.js';

/** Kinds are checked by the API (LESSON_KINDS in contracts), not a CHECK constraint, so new kinds need no migration. */
@Entity('lessons')
@Index('lessons_module_idx', ['moduleId', 'position'])
@Check('lessons_completion_threshold', `completion_threshold BETWEEN 0.1 AND 1`)
export class Lesson {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'module_id', type: 'uuid' })
  moduleId: string;

  @ManyToOne(() => CourseModule, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'module_id' })
  module?: Relation<CourseModule>;

  @Column({ type: 'integer' })
  position: number;

  @Column({ type: 'text' })
  kind: string;

  @Column({ type: 'jsonb' })
  title: LocalizedText;

  @Column({ type: 'boolean', default: true })
  required: boolean;

  /** Estimated minutes for articles and documents; videos take their duration from the media. */
  @Column({ name: 'estimated_minutes', type: 'integer', nullable: true })
  estimatedMinutes: number | null;

  /**
   * Videos: the share of the duration a learner must watch to complete the lesson (0.1..1); null means
   * DEFAULT_COMPLETION_THRESHOLD. Learners' progress reads it from the published snapshot.
   */
  @Column({ name: 'completion_threshold', type: 'real', nullable: true })
  completionThreshold: number | null;

  @Column({ name: 'completion_rule', type: 'jsonb', default: () => `'{}'` })
  completionRule: Record<string, unknown>;

  /**
   * Quiz lessons: questions (with their correct answers) and settings, as authored; copied into the
   * published snapshot. Learners never read it from here (see quizzes/).
   */
  @Column({ type: 'jsonb', nullable: true })
  quiz: QuizDefinition | null;
}
