import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CatalogueCache } from '../catalogue/catalogue-cache.js';
import { audienceKey, visibleToSql } from '../catalogue/course-visibility.js';
import { AppException } from '../common/app.exception.js';
import { hasRole, type AuthUser } from '../identity/auth-user.js';
import { hasRenditions, isRenditionFile, RENDITION_MIME } from './media-renditions.js';
import { renditionKeyFor, STORAGE, type ByteRange, type StorageDriver } from './storage/storage.driver.js';
import type { Readable } from 'node:stream';

export interface ServableAsset {
  id: string;
  filename: string;
  mime: string;
  size: number;
  /** Strong validator: the sha256 of the bytes for originals. */
  etag: string;
  storageKey: string;
  createdAt: Date;
}

interface AssetRow {
  id: string;
  filename: string;
  mime: string;
  size: string;
  sha256: string;
  storage_key: string;
  status: string;
  renditions: unknown;
  created_at: Date;
}

/**
 * Who may fetch an asset's bytes: authors and admins always; anyone else only when the asset appears in
 * the current published version of a course visible to them (lesson file, captions or cover). Drafts,
 * earlier versions and courses outside their audience do not count. Otherwise: not found. The same rule
 * covers the HLS renditions and poster made from a video.
 */
@Injectable()
export class MediaContentService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(STORAGE) private readonly storage: StorageDriver,
    private readonly cache: CatalogueCache,
  ) {}

  /** An asset the user may see, or MEDIA_NOT_FOUND. Not yet `ready` is fine: the original was accepted. */
  private async find(user: AuthUser, id: string): Promise<AssetRow> {
    const [row] = (await this.dataSource.query(
      `SELECT a.id, a.filename, a.mime, a.size, a.sha256, a.storage_key, a.status, a.renditions, a.created_at
         FROM media_assets a
        WHERE a.id = $1 AND a.status <> 'uploading' AND a.storage_key IS NOT NULL AND a.sha256 IS NOT NULL`,
      [id],
    )) as AssetRow[];
    if (!row || !(hasRole(user, 'author', 'admin') || (await this.inVisibleCourse(user, id)))) {
      throw new AppException('MEDIA_NOT_FOUND', 'No such media asset');
    }
    return row;
  }

  /**
   * Whether the asset is in the current published version of a course open to the caller. Searching the
   * snapshots is costly and a video's playlists and segments ask it many times, so the answer is cached
   * per audience and catalogue generation (the same invalidation as the catalogue's pages).
   */
  private inVisibleCourse(user: AuthUser, id: string): Promise<boolean> {
    return this.cache.through(JSON.stringify(['media', audienceKey(user), id]), async () => {
      const [found] = (await this.dataSource.query(
        `SELECT 1 FROM courses c JOIN course_versions v ON v.course_id = c.id AND v.version = c.version
          WHERE ${visibleToSql(user)}
            AND jsonb_path_exists(v.content, '$.** ? (@ == $id)', jsonb_build_object('id', $2::text))
          LIMIT 1`,
        [user.id, id],
      )) as unknown[];
      return found !== undefined;
    });
  }

  /**
   * The uploaded file. A video is served while it is `processing` (and after a `failed` transcoding): its
   * bytes were accepted at upload, renditions only add adaptive streaming.
   */
  async open(user: AuthUser, id: string): Promise<ServableAsset> {
    const row = await this.find(user, id);
    return {
      id: row.id,
      filename: row.filename,
      mime: row.mime,
      size: Number(row.size),
      etag: row.sha256,
      storageKey: row.storage_key,
      createdAt: row.created_at,
    };
  }

  /**
   * A file of the asset's renditions (`master.m3u8`, a variant playlist or segment, the poster): only the
   * names its renditions record lists, so nothing else in storage can be reached. Not found otherwise.
   */
  async openRendition(user: AuthUser, id: string, file: string): Promise<ServableAsset> {
    return this.rendition(await this.find(user, id), file);
  }

  /** The poster made from a video (GET /api/media/:id/poster). */
  async openPoster(user: AuthUser, id: string): Promise<ServableAsset> {
    const row = await this.find(user, id);
    if (!hasRenditions(row.renditions)) throw new AppException('MEDIA_NOT_FOUND', 'This asset has no poster');
    return this.rendition(row, row.renditions.poster);
  }

  private async rendition(row: AssetRow, file: string): Promise<ServableAsset> {
    const renditions = row.renditions;
    if (row.status !== 'ready' || !hasRenditions(renditions) || !isRenditionFile(renditions, file)) {
      throw new AppException('MEDIA_NOT_FOUND', 'No such media file');
    }
    const storageKey = renditionKeyFor(row.sha256, file);
    const size = await this.storage.stat(storageKey);
    if (size === null) throw new AppException('MEDIA_NOT_FOUND', 'No such media file');
    const createdAt = new Date(renditions.createdAt);
    return {
      id: row.id,
      filename: file,
      mime: RENDITION_MIME[file.slice(file.lastIndexOf('.') + 1)] ?? 'application/octet-stream',
      size,
      etag: createHash('sha256').update(`${storageKey}@${renditions.createdAt}`).digest('hex').slice(0, 32),
      storageKey,
      createdAt: Number.isNaN(createdAt.getTime()) ? row.created_at : createdAt,
    };
  }

  read(asset: ServableAsset, range?: ByteRange): Promise<Readable> {
    return this.storage.get(asset.storageKey, range);
  }
}
