import { Inject, Injectable } from '@nestjs/common';
import type { LessonKind } from '@academy/contracts';
import { DataSource } from 'typeorm';
import type { PublishedCourse } from '../catalogue/published-course.js';
import { CatalogueCache } from '../catalogue/catalogue-cache.js';
import { audienceKey, visibleToSql } from '../catalogue/course-visibility.js';
import { AppException } from '../common/app.exception.js';
import type { AuthUser } from '../identity/auth-user.js';

/** What progress needs of a lesson, as published. */
export interface PublishedLesson {
  id: string;
  kind: LessonKind;
  required: boolean;
  durationS: number | null;
  completionThreshold: number | null;
}

/** The lessons of one published version, in course order. */
export interface PublishedLessons {
  courseId: string;
  versionId: string;
  lessons: PublishedLesson[];
  /** The lessons a learner must complete: the required ones, or every lesson when none is marked required. */
  requiredIds: string[];
}

/** A published version as a learner reaches it, with the course's current self-enrolment setting. */
export interface VisibleCourse extends PublishedLessons {
  /** Whether learners may enrol themselves (otherwise only an assignment lets them work in it). */
  selfEnrolment: boolean;
}

interface VisibleVersion {
  versionId: string;
  selfEnrolment: boolean;
}

const CACHED_VERSIONS = 500;

/**
 * The per-process cache of which published version (if any) a lesson or course is in for an audience: a
 * CatalogueCache of its own (module-scoped instance, not the catalogue's), so many lessons do not push
 * catalogue pages out of that one's LRU. Same invalidation: any change to what is published or to who
 * may see it bumps the catalogue generation and empties it.
 */
export const LESSON_VISIBILITY_CACHE = Symbol('LESSON_VISIBILITY_CACHE');

/**
 * Finds lessons and courses of the current published version that the caller may see (the catalogue's
 * rule: authors and admins every published course, others their audience), or answers "not found".
 * Which version an audience sees is cached per catalogue generation (a report would otherwise start
 * with a query of its own), and published versions never change, so their lesson lists are cached by
 * version id.
 */
@Injectable()
export class PublishedLessonsService {
  private readonly versions = new Map<string, Promise<PublishedLessons>>();

  constructor(
    private readonly dataSource: DataSource,
    @Inject(LESSON_VISIBILITY_CACHE) private readonly cache: CatalogueCache,
  ) {}

  async lesson(
    user: AuthUser,
    lessonId: string,
  ): Promise<{ course: VisibleCourse; lesson: PublishedLesson }> {
    const visible = await this.cache.through(
      JSON.stringify(['lesson', audienceKey(user), lessonId]),
      async (): Promise<VisibleVersion | null> => {
        const [row] = (await this.dataSource.query(
          `SELECT v.id AS version_id, c.self_enrolment
             FROM lessons l JOIN course_modules m ON m.id = l.module_id JOIN courses c ON c.id = m.course_id
             JOIN course_versions v ON v.course_id = c.id AND v.version = c.version
            WHERE l.id = $2 AND ${visibleToSql(user)}`,
          [user.id, lessonId],
        )) as { version_id: string; self_enrolment: boolean }[];
        return row ? { versionId: row.version_id, selfEnrolment: row.self_enrolment } : null;
      },
    );
    const course = visible === null ? null : await this.visibleCourse(visible);
    // A lesson added to the draft after the last publication is not there yet for learners.
    const lesson = course?.lessons.find((l) => l.id === lessonId);
    if (!course || !lesson) throw new AppException('LESSON_NOT_FOUND', 'No such lesson', { id: lessonId });
    return { course, lesson };
  }

  async course(user: AuthUser, courseId: string): Promise<VisibleCourse> {
    const visible = await this.cache.through(
      JSON.stringify(['course', audienceKey(user), courseId]),
      async (): Promise<VisibleVersion | null> => {
        const [row] = (await this.dataSource.query(
          `SELECT v.id AS version_id, c.self_enrolment
             FROM courses c JOIN course_versions v ON v.course_id = c.id AND v.version = c.version
            WHERE c.id = $2 AND ${visibleToSql(user)}`,
          [user.id, courseId],
        )) as { version_id: string; self_enrolment: boolean }[];
        return row ? { versionId: row.version_id, selfEnrolment: row.self_enrolment } : null;
      },
    );
    if (visible === null) throw new AppException('COURSE_NOT_FOUND', 'No such course', { id: courseId });
    return this.visibleCourse(visible);
  }

  /**
   * Refuses with ENROLMENT_REQUIRED when the course is closed to self-enrolment and the learner has no
   * enrolment in it (only an assignment lets them work there). Open courses cost no query.
   */
  async requireEnrolment(user: AuthUser, course: VisibleCourse): Promise<void> {
    if (course.selfEnrolment) return;
    const [row] = (await this.dataSource.query(
      `SELECT 1 FROM enrolments WHERE user_id = $1 AND course_id = $2`,
      [user.id, course.courseId],
    )) as unknown[];
    if (!row) {
      throw new AppException('ENROLMENT_REQUIRED', 'This course is open only to officers it is assigned to', {
        courseId: course.courseId,
      });
    }
  }

  private async visibleCourse({ versionId, selfEnrolment }: VisibleVersion): Promise<VisibleCourse> {
    return { ...(await this.version(versionId)), selfEnrolment };
  }

  /** Several published versions by id (My learning needs every course of a learner at once). */
  async versionsById(versionIds: string[]): Promise<Map<string, PublishedLessons>> {
    const ids = [...new Set(versionIds)];
    const found = await Promise.all(ids.map((id) => this.version(id)));
    return new Map(ids.map((id, i) => [id, found[i]]));
  }

  private version(versionId: string): Promise<PublishedLessons> {
    let found = this.versions.get(versionId);
    if (!found) {
      found = this.load(versionId);
      found.catch(() => this.versions.delete(versionId));
      this.versions.set(versionId, found);
      if (this.versions.size > CACHED_VERSIONS) this.versions.delete(this.versions.keys().next().value!);
    }
    return found;
  }

  private async load(versionId: string): Promise<PublishedLessons> {
    const [row] = (await this.dataSource.query(
      `SELECT course_id, content FROM course_versions WHERE id = $1`,
      [versionId],
    )) as { course_id: string; content: PublishedCourse }[];
    const published = row.content.modules.flatMap((module) => module.lessons);
    const probed = await this.probedDurations(published);
    const lessons = published.map((lesson): PublishedLesson => ({
      id: lesson.id,
      kind: lesson.kind,
      required: lesson.required,
      durationS: lesson.durationS ?? probed.get(lesson.id) ?? null,
      completionThreshold: lesson.completionThreshold ?? null,
    }));
    // A video published before its duration was known (no ffprobe at upload) gets it once transcoding
    // has probed the file; until then the version is not kept, so the next request looks again.
    if (lessons.some((lesson) => lesson.kind === 'video' && lesson.durationS === null)) {
      queueMicrotask(() => this.versions.delete(versionId));
    }
    const required = lessons.filter((lesson) => lesson.required);
    return {
      courseId: row.course_id,
      versionId,
      lessons,
      requiredIds: (required.length > 0 ? required : lessons).map((lesson) => lesson.id),
    };
  }

  /** Durations of the video files of videos whose snapshot has none, by lesson id (longest language). */
  private async probedDurations(
    lessons: PublishedCourse['modules'][number]['lessons'],
  ): Promise<Map<string, number>> {
    const missing = lessons.flatMap((lesson) =>
      lesson.kind === 'video' && lesson.durationS === null
        ? Object.values(lesson.variants).flatMap((variant) =>
            variant?.mediaAssetId ? [{ lesson: lesson.id, asset: variant.mediaAssetId }] : [],
          )
        : [],
    );
    if (!missing.length) return new Map();
    const rows = (await this.dataSource.query(
      `SELECT id, duration_s FROM media_assets WHERE id = ANY($1::uuid[]) AND duration_s IS NOT NULL`,
      [missing.map((m) => m.asset)],
    )) as { id: string; duration_s: number }[];
    const byAsset = new Map(rows.map((r) => [r.id, r.duration_s]));
    const out = new Map<string, number>();
    for (const { lesson, asset } of missing) {
      const d = byAsset.get(asset);
      if (d !== undefined) out.set(lesson, Math.max(out.get(lesson) ?? 0, d));
    }
    return out;
  }
}
