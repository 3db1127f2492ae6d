import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { courseVisibleSql, USER_PATH_SQL } from '../catalogue/course-visibility.js';
import { AppException } from '../common/app.exception.js';
import { hasRole, type AuthUser } from '../identity/auth-user.js';
import { STORAGE, type ByteRange, type StorageDriver } from './storage/storage.driver.js';
import type { Readable } from 'node:stream';

export interface ServableAsset {
  id: string;
  filename: string;
  mime: string;
  size: number;
  sha256: string;
  storageKey: string;
  createdAt: Date;
}

/**
 * Who may fetch an asset's bytes: authors and admins always; anyone else only when the asset appears in
 * the current published version of a course visible to them (lesson file, captions or cover). Drafts,
 * earlier versions and courses outside their audience do not count. Otherwise: not found.
 */
@Injectable()
export class MediaContentService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(STORAGE) private readonly storage: StorageDriver,
  ) {}

  async open(user: AuthUser, id: string): Promise<ServableAsset> {
    const privileged = hasRole(user, 'author', 'admin');
    const [row] = (await this.dataSource.query(
      `SELECT a.id, a.filename, a.mime, a.size, a.sha256, a.storage_key, a.created_at
         FROM media_assets a
        WHERE a.id = $2 AND a.status = 'ready' AND a.storage_key IS NOT NULL AND a.sha256 IS NOT NULL
          AND ($3::boolean OR EXISTS (
            SELECT 1 FROM courses c
              JOIN course_versions v ON v.course_id = c.id AND v.version = c.version
             WHERE ${courseVisibleSql('c', USER_PATH_SQL)}
               AND jsonb_path_exists(v.content, '$.** ? (@ == $id)', jsonb_build_object('id', a.id::text))))`,
      [user.id, id, privileged],
    )) as {
      id: string;
      filename: string;
      mime: string;
      size: string;
      sha256: string;
      storage_key: string;
      created_at: Date;
    }[];
    if (!row) throw new AppException('MEDIA_NOT_FOUND', 'No such media asset');
    return {
      id: row.id,
      filename: row.filename,
      mime: row.mime,
      size: Number(row.size),
      sha256: row.sha256,
      storageKey: row.storage_key,
      createdAt: row.created_at,
    };
  }

  read(asset: ServableAsset, range?: ByteRange): Promise<Readable> {
    return this.storage.get(asset.storageKey, range);
  }
}
