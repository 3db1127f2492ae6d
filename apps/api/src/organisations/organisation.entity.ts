import type { LocalizedText, OrganisationKind } from '@academy/contracts';
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

/**
 * Region office → administration → training centre / unit, as a tree. `path` is the materialised chain of
 * ids (`/root-id/child-id/`): a subtree is `path LIKE '/…/id/%'`, served by a text_pattern_ops index.
 */
@Entity('organisations')
@Check('organisations_name_en_ru', `name ? 'en' AND name ? 'ru'`)
@Check('organisations_kind', `kind IN ('region', 'administration', 'training_centre', 'unit')`)
export class Organisation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'parent_id', type: 'uuid', nullable: true })
  parentId: string | null;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'parent_id' })
  parent?: Relation<Organisation>;

  @Column({ type: 'text' })
  kind: OrganisationKind;

  @Index('organisations_code_key', { unique: true })
  @Column({ type: 'text' })
  code: string;

  @Column({ name: 'country_code', type: 'char', length: 2, nullable: true })
  countryCode: string | null;

  @Column({ type: 'jsonb' })
  name: LocalizedText;

  /** Collation "C" so that a plain b-tree index serves `LIKE 'prefix%'`. */
  @Index('organisations_path_idx')
  @Column({ type: 'text', collation: 'C' })
  path: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
