import type { Locale } from '@academy/contracts';
import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { MediaAsset } from '../media/media-asset.entity.js';
import { Lesson } from './lesson.entity.js';

/**
 * The heavy, per-language content of a lesson: an article body, or a file (video, PDF), and captions.
 * A video may exist once (in the base language's variant) with captions in every variant.
 */
@Entity('lesson_variants')
@Check('lesson_variants_locale', `locale IN ('en', 'ru')`)
export class LessonVariant {
  @PrimaryColumn({ name: 'lesson_id', type: 'uuid' })
  lessonId: string;

  @ManyToOne(() => Lesson, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'lesson_id' })
  lesson?: Relation<Lesson>;

  @PrimaryColumn({ type: 'text' })
  locale: Locale;

  /** Markdown as the author wrote it. */
  @Column({ type: 'text', nullable: true })
  body: string | null;

  @Column({ name: 'media_asset_id', type: 'uuid', nullable: true })
  mediaAssetId: string | null;

  @ManyToOne(() => MediaAsset, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'media_asset_id' })
  media?: Relation<MediaAsset>;

  @Column({ name: 'captions_asset_id', type: 'uuid', nullable: true })
  captionsAssetId: string | null;

  @ManyToOne(() => MediaAsset, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'captions_asset_id' })
  captions?: Relation<MediaAsset>;
}
