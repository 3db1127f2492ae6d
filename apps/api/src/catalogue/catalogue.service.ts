import { Injectable } from '@nestjs/common';
import {
  LOCALES,
  resolveText,
  type CatalogueItemDto,
  type CourseOutlineDto,
  type LessonContentDto,
  type Locale,
  type Page,
} from '@academy/contracts';
import { DataSource } from 'typeorm';
import { AppException } from '../common/app.exception.js';
import type { AuthUser } from '../identity/auth-user.js';
import { CatalogueCache } from './catalogue-cache.js';
import { audienceKey, visibleToSql } from './course-visibility.js';
import type { PublishedCourse } from './published-course.js';

interface VersionRow {
  id: string;
  code: string;
  version: number;
  content: PublishedCourse;
  /** Outline only: courses.self_enrolment (a live course setting, not part of the snapshot). */
  self_enrolment?: boolean;
}

export interface CatalogueFilter {
  q?: string;
  topic?: string;
  language?: Locale;
  locale?: Locale;
  page: number;
  pageSize: number;
}

const mediaUrl = (id: string | null | undefined) => (id ? `/api/media/${id}/content` : null);

/** What learners see: the latest published version of each course open to them, in their language. */
@Injectable()
export class CatalogueService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cache: CatalogueCache,
  ) {}

  /** Cached per audience, language and query (see CatalogueCache): the same for every such caller. */
  list(user: AuthUser, filter: CatalogueFilter): Promise<Page<CatalogueItemDto>> {
    const key = JSON.stringify([
      'list',
      audienceKey(user),
      filter.locale ?? user.locale,
      user.locale,
      filter.q?.trim() ?? '',
      filter.topic ?? '',
      filter.language ?? '',
      filter.page,
      filter.pageSize,
    ]);
    return this.cache.through(key, () => this.listUncached(user, filter));
  }

  private async listUncached(user: AuthUser, filter: CatalogueFilter): Promise<Page<CatalogueItemDto>> {
    const params: unknown[] = [user.id];
    const where = [visibleToSql(user)];
    const add = (value: unknown) => `$${params.push(value)}`;
    let rank = '';
    if (filter.q?.trim()) {
      const q = add(filter.q.trim());
      const query = `(websearch_to_tsquery('english', ${q}) || websearch_to_tsquery('russian', ${q}) || websearch_to_tsquery('simple', ${q}))`;
      where.push(`v.search @@ ${query}`);
      rank = `ts_rank(v.search, ${query}) DESC, `;
    }
    if (filter.topic) where.push(`v.topics @> ARRAY[${add(filter.topic)}::text]`);
    if (filter.language) where.push(`v.complete_locales @> ARRAY[${add(filter.language)}::text]`);
    const locale = filter.locale ?? user.locale;
    const from = `FROM courses c JOIN course_versions v ON v.course_id = c.id AND v.version = c.version
                  WHERE ${where.join(' AND ')}`;
    // One statement: the page is chosen on the small columns, and only its rows' full snapshots are read.
    const rows = (await this.dataSource.query(
      `WITH matches AS (
         SELECT c.id, c.code, c.version, v.id AS version_id, count(*) OVER () AS total,
                row_number() OVER (ORDER BY ${rank}COALESCE(v.title->>${add(locale)}, v.title->>v.base_locale), c.id) AS n
           ${from})
       SELECT m.id, m.code, m.version, m.total::int AS total, v.content
         FROM (SELECT * FROM matches ORDER BY n LIMIT ${add(filter.pageSize)} OFFSET ${add((filter.page - 1) * filter.pageSize)}) m
         JOIN course_versions v ON v.id = m.version_id
        ORDER BY m.n`,
      params,
    )) as (VersionRow & { total: number })[];
    const total =
      rows[0]?.total ??
      (
        (await this.dataSource.query(`SELECT count(*)::int AS total ${from}`, params.slice(0, -3))) as {
          total: number;
        }[]
      )[0].total;
    return {
      items: rows.map((row) => this.item(row, locale, user.locale)),
      total,
      page: filter.page,
      pageSize: filter.pageSize,
    };
  }

  topics(user: AuthUser): Promise<{ topic: string; count: number }[]> {
    return this.cache.through(JSON.stringify(['topics', audienceKey(user)]), () => this.topicsUncached(user));
  }

  private async topicsUncached(user: AuthUser): Promise<{ topic: string; count: number }[]> {
    return (await this.dataSource.query(
      `SELECT t AS topic, count(*)::int AS count
         FROM courses c JOIN course_versions v ON v.course_id = c.id AND v.version = c.version,
              unnest(v.topics) AS t
        WHERE ${visibleToSql(user)} GROUP BY t ORDER BY count DESC, t`,
      [user.id],
    )) as { topic: string; count: number }[];
  }

  async outline(user: AuthUser, id: string, requested?: Locale): Promise<CourseOutlineDto> {
    const row = await this.visibleVersion(user, id);
    const locale = requested ?? user.locale;
    const course = row.content;
    return {
      ...this.item(row, locale, user.locale),
      contentLocale: locale,
      baseLocale: course.baseLocale,
      selfEnrolment: row.self_enrolment ?? true,
      modules: course.modules.map((module) => ({
        id: module.id,
        title: resolveText(module.title, locale, user.locale, course.baseLocale),
        lessons: module.lessons.map((lesson) => ({
          id: lesson.id,
          kind: lesson.kind,
          title: resolveText(lesson.title, locale, user.locale, course.baseLocale),
          required: lesson.required,
          durationS: lesson.durationS,
          estimatedMinutes: lesson.estimatedMinutes,
        })),
      })),
    };
  }

  async lesson(user: AuthUser, lessonId: string, requested?: Locale): Promise<LessonContentDto> {
    const [found] = (await this.dataSource.query(
      `SELECT c.id FROM lessons l JOIN course_modules m ON m.id = l.module_id JOIN courses c ON c.id = m.course_id
        WHERE l.id = $1`,
      [lessonId],
    )) as { id: string }[];
    const row = found ? await this.visibleVersion(user, found.id).catch(() => null) : null;
    const lesson = row?.content.modules.flatMap((module) => module.lessons).find((l) => l.id === lessonId);
    if (!row || !lesson) throw new AppException('LESSON_NOT_FOUND', 'No such lesson', { id: lessonId });
    const course = row.content;
    const locale = requested ?? user.locale;
    const order = [...new Set([locale, user.locale, course.baseLocale, ...LOCALES])];
    const bodyLocale = order.find((l) => lesson.variants[l]?.html) ?? null;
    const mediaLocale = order.find((l) => lesson.variants[l]?.mediaAssetId) ?? null;
    const mediaId = mediaLocale ? lesson.variants[mediaLocale]!.mediaAssetId : null;
    const [asset] = mediaId
      ? ((await this.dataSource.query(
          `SELECT mime, duration_s, filename,
                  status = 'ready' AND renditions ? 'master' AS has_hls,
                  status = 'ready' AND renditions ? 'poster' AS has_poster
             FROM media_assets WHERE id = $1`,
          [mediaId],
        )) as {
          mime: string;
          duration_s: number | null;
          filename: string;
          has_hls: boolean;
          has_poster: boolean;
        }[])
      : [];
    return {
      id: lesson.id,
      courseId: row.id,
      kind: lesson.kind,
      title: resolveText(lesson.title, locale, user.locale, course.baseLocale),
      contentLocale: locale,
      html: bodyLocale ? lesson.variants[bodyLocale]!.html : null,
      bodyLocale,
      media:
        mediaId && asset
          ? {
              url: mediaUrl(mediaId)!,
              mime: asset.mime,
              locale: mediaLocale!,
              durationS: asset.duration_s,
              filename: asset.filename,
              // Once the transcoding job has made them; until then the original (url) plays.
              hlsUrl: asset.has_hls ? `/api/media/${mediaId}/hls/master.m3u8` : null,
              posterUrl: asset.has_poster ? `/api/media/${mediaId}/poster` : null,
            }
          : null,
      captions: LOCALES.filter((l) => lesson.variants[l]?.captionsAssetId).map((l) => ({
        locale: l,
        url: mediaUrl(lesson.variants[l]!.captionsAssetId)!,
      })),
    };
  }

  private async visibleVersion(user: AuthUser, courseId: string): Promise<VersionRow> {
    const [row] = (await this.dataSource.query(
      `SELECT c.id, c.code, c.version, c.self_enrolment, v.content
         FROM courses c JOIN course_versions v ON v.course_id = c.id AND v.version = c.version
        WHERE c.id = $2 AND ${visibleToSql(user)}`,
      [user.id, courseId],
    )) as VersionRow[];
    if (!row) throw new AppException('COURSE_NOT_FOUND', 'No such course', { id: courseId });
    return row;
  }

  private item(row: VersionRow, locale: Locale, userLocale: Locale): CatalogueItemDto {
    const course = row.content;
    return {
      id: row.id,
      code: row.code,
      title: resolveText(course.title, locale, userLocale, course.baseLocale),
      summary: resolveText(course.summary, locale, userLocale, course.baseLocale),
      topics: course.topics,
      estimatedMinutes: course.estimatedMinutes,
      coverUrl: mediaUrl(course.coverAssetId),
      completeLocales: course.translation.completeLocales,
      translationCompleteness: course.translation.completeness,
      version: row.version,
    };
  }
}
