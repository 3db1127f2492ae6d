import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

export type MediaKind = 'video' | 'document' | 'image' | 'captions';
export type MediaStatus = 'uploading' | 'processing' | 'ready' | 'failed';

/**
 * An uploaded file. The bytes live in the storage driver under `storage_key` (derived from the sha256,
 * never from user input), so identical files are stored once even when several assets name them.
 */
@Entity('media_assets')
@Check('media_assets_kind', `kind IN ('video', 'document', 'image', 'captions')`)
@Check('media_assets_status', `status IN ('uploading', 'processing', 'ready', 'failed')`)
export class MediaAsset {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  kind: MediaKind;

  /** The name the uploader gave, cleaned; for display and downloads only. */
  @Column({ type: 'text' })
  filename: string;

  @Column({ type: 'text' })
  mime: string;

  @Column({ type: 'bigint', default: 0 })
  size: string;

  @Index('media_assets_sha256_idx')
  @Column({ type: 'char', length: 64, nullable: true })
  sha256: string | null;

  @Column({ name: 'storage_key', type: 'text', nullable: true })
  storageKey: string | null;

  @Column({ type: 'text', default: 'uploading' })
  status: MediaStatus;

  @Column({ name: 'failure_reason', type: 'text', nullable: true })
  failureReason: string | null;

  @Column({ name: 'duration_s', type: 'real', nullable: true })
  durationS: number | null;

  @Column({ type: 'integer', nullable: true })
  width: number | null;

  @Column({ type: 'integer', nullable: true })
  height: number | null;

  /** HLS renditions and poster, filled by the transcoding job. */
  @Column({ type: 'jsonb', default: () => `'{}'` })
  renditions: Record<string, unknown>;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
