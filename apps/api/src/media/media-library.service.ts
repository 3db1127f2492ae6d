import { Injectable } from '@nestjs/common';
import type { MediaAssetDto, MediaKind, MediaStatus, MediaUsageDto, Page } from '@academy/contracts';
import { DataSource } from 'typeorm';
import { AppException } from '../common/app.exception.js';
import type { MediaQueryDto } from './dto/media-query.dto.js';
import { hasRenditions } from './media-renditions.js';

interface AssetRow {
  id: string;
  kind: MediaKind;
  filename: string;
  mime: string;
  size: string;
  sha256: string | null;
  status: MediaStatus;
  failure_reason: string | null;
  duration_s: number | null;
  width: number | null;
  height: number | null;
  renditions: unknown;
  created_at: Date;
  created_by: string | null;
  usage: MediaUsageDto[];
}

/** Where each asset is used in the courses' working drafts: lesson files and captions, course covers. */
const USAGE_SQL = `COALESCE((SELECT jsonb_agg(u.item ORDER BY u.code, u.ord) FROM (
    SELECT c.code, 1 AS ord, jsonb_build_object(
             'type', 'lesson',
             'role', CASE WHEN lv.media_asset_id = a.id THEN 'media' ELSE 'captions' END,
             'courseId', c.id, 'courseCode', c.code, 'courseTitle', c.title,
             'lessonId', l.id, 'lessonTitle', l.title, 'locale', lv.locale) AS item
      FROM lesson_variants lv
      JOIN lessons l ON l.id = lv.lesson_id
      JOIN course_modules m ON m.id = l.module_id
      JOIN courses c ON c.id = m.course_id
     WHERE lv.media_asset_id = a.id OR lv.captions_asset_id = a.id
    UNION ALL
    SELECT c.code, 0, jsonb_build_object(
             'type', 'cover', 'courseId', c.id, 'courseCode', c.code, 'courseTitle', c.title)
      FROM courses c WHERE c.cover_asset_id = a.id) u), '[]'::jsonb) AS usage`;

const COLUMNS = `a.id, a.kind, a.filename, a.mime, a.size, a.sha256, a.status, a.failure_reason, a.duration_s,
  a.width, a.height, a.renditions, a.created_at, a.created_by, ${USAGE_SQL}`;

/** The media library that authors browse: every asset, with where it is used. */
@Injectable()
export class MediaLibraryService {
  constructor(private readonly dataSource: DataSource) {}

  async search(query: MediaQueryDto): Promise<Page<MediaAssetDto>> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (query.kind) {
      params.push(query.kind);
      where.push(`a.kind = $${params.length}`);
    }
    if (query.q?.trim()) {
      params.push(`%${query.q.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      where.push(`a.filename ILIKE $${params.length}`);
    }
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }] = (await this.dataSource.query(
      `SELECT count(*)::int AS total FROM media_assets a ${filter}`,
      params,
    )) as { total: number }[];
    const rows = (await this.dataSource.query(
      `SELECT ${COLUMNS} FROM media_assets a ${filter}
        ORDER BY a.created_at DESC, a.id
        LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, query.pageSize, (query.page - 1) * query.pageSize],
    )) as AssetRow[];
    return { items: rows.map(toDto), total, page: query.page, pageSize: query.pageSize };
  }

  async get(id: string): Promise<MediaAssetDto> {
    const [row] = (await this.dataSource.query(`SELECT ${COLUMNS} FROM media_assets a WHERE a.id = $1`, [
      id,
    ])) as AssetRow[];
    if (!row) throw new AppException('MEDIA_NOT_FOUND', 'No such media asset');
    return toDto(row);
  }
}

function toDto(row: AssetRow): MediaAssetDto {
  return {
    id: row.id,
    kind: row.kind,
    filename: row.filename,
    mime: row.mime,
    size: Number(row.size),
    sha256: row.sha256,
    status: row.status,
    failureReason: row.failure_reason,
    durationS: row.duration_s,
    width: row.width,
    height: row.height,
    renditions:
      row.status === 'ready' && hasRenditions(row.renditions)
        ? {
            hlsUrl: `/api/media/${row.id}/hls/${row.renditions.master}`,
            posterUrl: `/api/media/${row.id}/poster`,
            heights: row.renditions.variants.map((v) => v.height).sort((a, b) => a - b),
          }
        : null,
    createdAt: row.created_at.toISOString(),
    createdBy: row.created_by,
    contentUrl: `/api/media/${row.id}/content`,
    usage: row.usage,
  };
}
