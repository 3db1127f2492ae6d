import { Injectable } from '@nestjs/common';
import type {
  CourseDraftDto,
  LessonDraftDto,
  LessonKind,
  Locale,
  LocalizedText,
  ModuleDraftDto,
  QuizDefinition,
} from '@academy/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { AppException } from '../common/app.exception.js';
import type { AuthUser } from '../identity/auth-user.js';
import type {
  CreateCourseDto,
  CreateLessonDto,
  ModuleDto,
  UpdateCourseDto,
  UpdateLessonDto,
  VariantsDto,
} from './dto/studio.dto.js';
import type { QuizDto } from './dto/quiz.dto.js';
import { mergeText } from './localized-text.js';
import { normaliseQuiz } from './quiz-definition.js';
import { translationReport } from './translation.js';

type Db = DataSource | EntityManager;

interface CourseRow {
  id: string;
  code: string;
  base_locale: Locale;
  title: LocalizedText;
  summary: LocalizedText;
  topics: string[];
  estimated_minutes: number | null;
  cover_asset_id: string | null;
  status: CourseDraftDto['status'];
  audience: CourseDraftDto['audience'];
  self_enrolment: boolean;
  version: number;
  published_at: Date | null;
  updated_at: Date;
}

const MEDIA_KIND_FOR: Record<string, string> = { video: 'video', document: 'document' };

/** The authoring studio: courses, modules and lessons as drafts. Learners never read these tables. */
@Injectable()
export class AuthoringService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Every course's fields and translation report (without the modules themselves). */
  async list(): Promise<Omit<CourseDraftDto, 'modules'>[]> {
    const rows = (await this.dataSource.query(
      `SELECT c.*, COALESCE(array_agg(a.organisation_id) FILTER (WHERE a.organisation_id IS NOT NULL), '{}') AS audience_ids
         FROM courses c LEFT JOIN course_audiences a ON a.course_id = c.id
        GROUP BY c.id ORDER BY c.updated_at DESC`,
    )) as (CourseRow & { audience_ids: string[] })[];
    const modules = await this.modules(
      this.dataSource,
      rows.map((row) => row.id),
    );
    return rows.map((row) => ({
      ...this.courseFields(row, row.audience_ids),
      translation: translationReport({
        title: row.title,
        summary: row.summary,
        modules: modules.get(row.id) ?? [],
      }),
    }));
  }

  async create(actor: AuthUser, body: CreateCourseDto): Promise<CourseDraftDto> {
    const title = mergeText({}, body.title, body.baseLocale, 'title');
    const summary = mergeText({}, body.summary, body.baseLocale, 'summary', { requireBase: false });
    const id = await this.dataSource.transaction(async (manager) => {
      const [row] = (await manager
        .query(
          `INSERT INTO courses (code, base_locale, title, summary, topics, estimated_minutes, audience, cover_asset_id,
                                created_by, self_enrolment)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
          [
            body.code.toUpperCase(),
            body.baseLocale,
            JSON.stringify(title),
            JSON.stringify(summary),
            body.topics ?? [],
            body.estimatedMinutes ?? null,
            body.audience ?? 'region',
            body.coverAssetId ?? null,
            actor.id,
            body.selfEnrolment ?? true,
          ],
        )
        .catch(uniqueCode)) as { id: string }[];
      await this.setAudience(manager, row.id, body.audienceOrganisationIds);
      await this.audit.record(actor.id, 'course.created', 'course', row.id, { code: body.code }, manager);
      return row.id;
    });
    return this.get(id);
  }

  async update(actor: AuthUser, id: string, body: UpdateCourseDto): Promise<CourseDraftDto> {
    await this.dataSource.transaction(async (manager) => {
      const course = await this.course(manager, id, true);
      const base = body.baseLocale ?? course.base_locale;
      const title = mergeText(course.title, body.title, base, 'title');
      const summary = mergeText(course.summary, body.summary, base, 'summary', { requireBase: false });
      await manager
        .query(
          `UPDATE courses SET code = $2, base_locale = $3, title = $4, summary = $5, topics = $6,
                  estimated_minutes = $7, audience = $8, cover_asset_id = $9, self_enrolment = $10,
                  updated_at = now()
            WHERE id = $1`,
          [
            id,
            body.code?.toUpperCase() ?? course.code,
            base,
            JSON.stringify(title),
            JSON.stringify(summary),
            body.topics ?? course.topics,
            body.estimatedMinutes === undefined ? course.estimated_minutes : body.estimatedMinutes,
            body.audience ?? course.audience,
            body.coverAssetId === undefined ? course.cover_asset_id : body.coverAssetId,
            body.selfEnrolment ?? course.self_enrolment,
          ],
        )
        .catch(uniqueCode);
      await this.setAudience(manager, id, body.audienceOrganisationIds);
      const changes =
        body.selfEnrolment !== undefined && body.selfEnrolment !== course.self_enrolment
          ? { selfEnrolment: body.selfEnrolment }
          : {};
      await this.audit.record(actor.id, 'course.updated', 'course', id, changes, manager);
    });
    return this.get(id);
  }

  async addModule(id: string, body: ModuleDto): Promise<CourseDraftDto> {
    await this.dataSource.transaction(async (manager) => {
      const course = await this.course(manager, id, true);
      await manager.query(
        `INSERT INTO course_modules (course_id, position, title)
         SELECT $1, COALESCE(max(position) + 1, 0), $2 FROM course_modules WHERE course_id = $1`,
        [id, JSON.stringify(mergeText({}, body.title, course.base_locale, 'title'))],
      );
      await touch(manager, id);
    });
    return this.get(id);
  }

  async renameModule(moduleId: string, body: ModuleDto): Promise<CourseDraftDto> {
    const courseId = await this.dataSource.transaction(async (manager) => {
      const module = await this.module(manager, moduleId);
      const title = mergeText(module.title, body.title, module.base_locale, 'title');
      await manager.query(`UPDATE course_modules SET title = $2 WHERE id = $1`, [
        moduleId,
        JSON.stringify(title),
      ]);
      await touch(manager, module.course_id);
      return module.course_id;
    });
    return this.get(courseId);
  }

  async deleteModule(moduleId: string): Promise<CourseDraftDto> {
    const courseId = await this.dataSource.transaction(async (manager) => {
      const module = await this.module(manager, moduleId);
      await manager.query(`DELETE FROM course_modules WHERE id = $1`, [moduleId]);
      await touch(manager, module.course_id);
      return module.course_id;
    });
    return this.get(courseId);
  }

  /** Sets the order of a course's modules: `ids` must list each of its modules exactly once. */
  async orderModules(id: string, ids: string[]): Promise<CourseDraftDto> {
    await this.dataSource.transaction(async (manager) => {
      await this.course(manager, id, true);
      await reorder(manager, 'course_modules', 'course_id', id, ids);
      await touch(manager, id);
    });
    return this.get(id);
  }

  async addLesson(moduleId: string, body: CreateLessonDto): Promise<CourseDraftDto> {
    const courseId = await this.dataSource.transaction(async (manager) => {
      const module = await this.module(manager, moduleId);
      const [lesson] = (await manager.query(
        `INSERT INTO lessons (module_id, position, kind, title, required, estimated_minutes, completion_threshold, quiz)
         SELECT $1, COALESCE(max(position) + 1, 0), $2, $3, $4, $5, $6, $7 FROM lessons WHERE module_id = $1
         RETURNING id`,
        [
          moduleId,
          body.kind,
          JSON.stringify(mergeText({}, body.title, module.base_locale, 'title')),
          body.required ?? true,
          body.estimatedMinutes ?? null,
          body.completionThreshold ?? null,
          quizJson(body.kind, body.quiz, null),
        ],
      )) as { id: string }[];
      await this.saveVariants(manager, lesson.id, body.kind, body.variants);
      await touch(manager, module.course_id);
      return module.course_id;
    });
    return this.get(courseId);
  }

  async updateLesson(lessonId: string, body: UpdateLessonDto): Promise<CourseDraftDto> {
    const courseId = await this.dataSource.transaction(async (manager) => {
      const lesson = await this.lesson(manager, lessonId);
      const title = mergeText(lesson.title, body.title, lesson.base_locale, 'title');
      await manager.query(
        `UPDATE lessons SET title = $2, required = $3, estimated_minutes = $4, completion_threshold = $5,
                quiz = $6 WHERE id = $1`,
        [
          lessonId,
          JSON.stringify(title),
          body.required ?? lesson.required,
          body.estimatedMinutes === undefined ? lesson.estimated_minutes : body.estimatedMinutes,
          body.completionThreshold === undefined ? lesson.completion_threshold : body.completionThreshold,
          body.quiz === undefined
            ? lesson.quiz && JSON.stringify(lesson.quiz)
            : quizJson(lesson.kind, body.quiz, lesson.quiz),
        ],
      );
      await this.saveVariants(manager, lessonId, lesson.kind, body.variants);
      await touch(manager, lesson.course_id);
      return lesson.course_id;
    });
    return this.get(courseId);
  }

  async deleteLesson(lessonId: string): Promise<CourseDraftDto> {
    const courseId = await this.dataSource.transaction(async (manager) => {
      const lesson = await this.lesson(manager, lessonId);
      await manager.query(`DELETE FROM lessons WHERE id = $1`, [lessonId]);
      await touch(manager, lesson.course_id);
      return lesson.course_id;
    });
    return this.get(courseId);
  }

  async orderLessons(moduleId: string, ids: string[]): Promise<CourseDraftDto> {
    const courseId = await this.dataSource.transaction(async (manager) => {
      const module = await this.module(manager, moduleId);
      await reorder(manager, 'lessons', 'module_id', moduleId, ids);
      await touch(manager, module.course_id);
      return module.course_id;
    });
    return this.get(courseId);
  }

  /** The whole draft: fields, modules, lessons with their language variants, and the translation report. */
  async get(id: string, db: Db = this.dataSource): Promise<CourseDraftDto> {
    const course = await this.course(db, id);
    const audience = (await db.query(`SELECT organisation_id FROM course_audiences WHERE course_id = $1`, [
      id,
    ])) as {
      organisation_id: string;
    }[];
    const modules = (await this.modules(db, [id])).get(id) ?? [];
    return {
      ...this.courseFields(
        course,
        audience.map((row) => row.organisation_id),
      ),
      modules,
      translation: translationReport({ title: course.title, summary: course.summary, modules }),
    };
  }

  /** Modules with their lessons and language variants, for several courses in two statements. */
  private async modules(db: Db, courseIds: string[]): Promise<Map<string, ModuleDraftDto[]>> {
    const modules = (await db.query(
      `SELECT id, course_id, position, title FROM course_modules WHERE course_id = ANY($1::uuid[])
        ORDER BY position, id`,
      [courseIds],
    )) as { id: string; course_id: string; position: number; title: LocalizedText }[];
    const lessons = (await db.query(
      `SELECT l.id, l.module_id, l.position, l.kind, l.title, l.required, l.estimated_minutes,
              l.completion_threshold, l.quiz, COALESCE(jsonb_object_agg(v.locale, jsonb_build_object('body', v.body, 'mediaAssetId', v.media_asset_id,
                       'captionsAssetId', v.captions_asset_id)) FILTER (WHERE v.locale IS NOT NULL), '{}') AS variants
         FROM lessons l JOIN course_modules m ON m.id = l.module_id
         LEFT JOIN lesson_variants v ON v.lesson_id = l.id
        WHERE m.course_id = ANY($1::uuid[])
        GROUP BY l.id ORDER BY l.position, l.id`,
      [courseIds],
    )) as {
      id: string;
      module_id: string;
      position: number;
      kind: LessonKind;
      title: LocalizedText;
      required: boolean;
      estimated_minutes: number | null;
      completion_threshold: number | null;
      quiz: QuizDefinition | null;
      variants: LessonDraftDto['variants'];
    }[];
    const byModule = new Map<string, LessonDraftDto[]>();
    for (const lesson of lessons) {
      const list = byModule.get(lesson.module_id) ?? [];
      list.push({
        id: lesson.id,
        position: lesson.position,
        kind: lesson.kind,
        title: lesson.title,
        required: lesson.required,
        estimatedMinutes: lesson.estimated_minutes,
        completionThreshold: lesson.completion_threshold,
        variants: lesson.variants,
        quiz: lesson.quiz,
      });
      byModule.set(lesson.module_id, list);
    }
    const byCourse = new Map<string, ModuleDraftDto[]>();
    for (const module of modules) {
      const list = byCourse.get(module.course_id) ?? [];
      list.push({
        id: module.id,
        position: module.position,
        title: module.title,
        lessons: byModule.get(module.id) ?? [],
      });
      byCourse.set(module.course_id, list);
    }
    return byCourse;
  }

  private courseFields(
    row: CourseRow,
    audienceIds: string[],
  ): Omit<CourseDraftDto, 'modules' | 'translation'> {
    return {
      id: row.id,
      code: row.code,
      baseLocale: row.base_locale,
      title: row.title,
      summary: row.summary,
      topics: row.topics,
      estimatedMinutes: row.estimated_minutes,
      coverAssetId: row.cover_asset_id,
      status: row.status,
      audience: row.audience,
      audienceOrganisationIds: audienceIds,
      selfEnrolment: row.self_enrolment,
      version: row.version,
      publishedAt: row.published_at ? new Date(row.published_at).toISOString() : null,
      updatedAt: new Date(row.updated_at).toISOString(),
      hasUnpublishedChanges:
        row.published_at === null || new Date(row.updated_at) > new Date(row.published_at),
    };
  }

  async course(db: Db, id: string, lock = false): Promise<CourseRow> {
    const [row] = (await db.query(`SELECT * FROM courses WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`, [
      id,
    ])) as CourseRow[];
    if (!row) throw new AppException('COURSE_NOT_FOUND', 'No such course', { id });
    return row;
  }

  private async module(db: Db, id: string) {
    const [row] = (await db.query(
      `SELECT m.id, m.course_id, m.title, c.base_locale FROM course_modules m JOIN courses c ON c.id = m.course_id
        WHERE m.id = $1 FOR UPDATE OF c`,
      [id],
    )) as { id: string; course_id: string; title: LocalizedText; base_locale: Locale }[];
    if (!row) throw new AppException('MODULE_NOT_FOUND', 'No such module', { id });
    return row;
  }

  private async lesson(db: Db, id: string) {
    const [row] = (await db.query(
      `SELECT l.*, m.course_id, c.base_locale FROM lessons l JOIN course_modules m ON m.id = l.module_id
         JOIN courses c ON c.id = m.course_id WHERE l.id = $1 FOR UPDATE OF c`,
      [id],
    )) as {
      id: string;
      kind: LessonKind;
      title: LocalizedText;
      required: boolean;
      estimated_minutes: number | null;
      completion_threshold: number | null;
      quiz: QuizDefinition | null;
      course_id: string;
      base_locale: Locale;
    }[];
    if (!row) throw new AppException('LESSON_NOT_FOUND', 'No such lesson', { id });
    return row;
  }

  private async setAudience(
    manager: EntityManager,
    courseId: string,
    ids: string[] | undefined,
  ): Promise<void> {
    if (ids === undefined) return;
    const found = (await manager.query(
      `SELECT id FROM organisations WHERE id = ANY($1::uuid[]) AND kind IN ('administration', 'training_centre', 'unit')`,
      [ids],
    )) as { id: string }[];
    if (found.length !== new Set(ids).size) {
      throw new AppException('VALIDATION_FAILED', 'Unknown organisation in the audience', {
        audienceOrganisationIds: 'INVALID',
      });
    }
    await manager.query(`DELETE FROM course_audiences WHERE course_id = $1`, [courseId]);
    await manager.query(
      `INSERT INTO course_audiences (course_id, organisation_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING`,
      [courseId, ids],
    );
  }

  /** Upserts language variants; a media file must exist and be of the lesson's kind, captions must be WebVTT. */
  private async saveVariants(
    manager: EntityManager,
    lessonId: string,
    kind: string,
    variants: VariantsDto | undefined,
  ) {
    for (const locale of ['en', 'ru'] as const) {
      const patch = variants?.[locale];
      if (!patch) continue;
      await this.checkAsset(
        manager,
        patch.mediaAssetId,
        MEDIA_KIND_FOR[kind],
        `variants.${locale}.mediaAssetId`,
      );
      await this.checkAsset(manager, patch.captionsAssetId, 'captions', `variants.${locale}.captionsAssetId`);
      if (kind === 'article' && (patch.mediaAssetId || patch.captionsAssetId)) {
        throw new AppException('LESSON_MEDIA_INVALID', 'Articles have text, not files', {
          [`variants.${locale}`]: 'INVALID',
        });
      }
      if (kind !== 'article' && patch.body) {
        throw new AppException('LESSON_MEDIA_INVALID', 'Only articles have a body', {
          [`variants.${locale}.body`]: 'INVALID',
        });
      }
      await manager.query(
        `INSERT INTO lesson_variants (lesson_id, locale, body, media_asset_id, captions_asset_id)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (lesson_id, locale) DO UPDATE SET
           body = CASE WHEN $6 THEN EXCLUDED.body ELSE lesson_variants.body END,
           media_asset_id = CASE WHEN $7 THEN EXCLUDED.media_asset_id ELSE lesson_variants.media_asset_id END,
           captions_asset_id = CASE WHEN $8 THEN EXCLUDED.captions_asset_id ELSE lesson_variants.captions_asset_id END`,
        [
          lessonId,
          locale,
          patch.body?.trim() ? patch.body : null,
          patch.mediaAssetId ?? null,
          patch.captionsAssetId ?? null,
          'body' in patch,
          'mediaAssetId' in patch,
          'captionsAssetId' in patch,
        ],
      );
    }
  }

  private async checkAsset(
    manager: EntityManager,
    id: string | null | undefined,
    kind: string | undefined,
    path: string,
  ) {
    if (!id) return;
    const [asset] = (await manager.query(`SELECT kind FROM media_assets WHERE id = $1`, [id])) as {
      kind: string;
    }[];
    if (!asset || asset.kind !== kind) {
      throw new AppException(
        'LESSON_MEDIA_INVALID',
        `This file cannot be used here (needs ${kind ?? 'none'})`,
        {
          [path]: asset ? 'INVALID' : 'NOT_FOUND',
        },
      );
    }
  }
}

/** The quiz column's new value: only quiz lessons have one; null clears it. */
function quizJson(
  kind: string,
  quiz: QuizDto | null | undefined,
  current: QuizDefinition | null,
): string | null {
  if (quiz === undefined || quiz === null) return null;
  if (kind !== 'quiz') {
    throw new AppException('VALIDATION_FAILED', 'Only quiz lessons have questions', { quiz: 'INVALID' });
  }
  return JSON.stringify(normaliseQuiz(quiz, current));
}

async function touch(manager: EntityManager, courseId: string): Promise<void> {
  await manager.query(`UPDATE courses SET updated_at = now() WHERE id = $1`, [courseId]);
}

async function reorder(
  manager: EntityManager,
  table: 'course_modules' | 'lessons',
  parent: string,
  parentId: string,
  ids: string[],
) {
  const current = (await manager.query(`SELECT id FROM ${table} WHERE ${parent} = $1`, [parentId])) as {
    id: string;
  }[];
  const known = new Set(current.map((row) => row.id));
  if (new Set(ids).size !== ids.length || ids.length !== known.size || ids.some((id) => !known.has(id))) {
    throw new AppException('ORDER_INVALID', 'List every item exactly once, and only items of this parent', {
      ids: 'INVALID',
      expected: current.length,
    });
  }
  await manager.query(
    `UPDATE ${table} t SET position = o.position - 1 FROM unnest($1::uuid[]) WITH ORDINALITY AS o(id, position) WHERE t.id = o.id`,
    [ids],
  );
}

function uniqueCode(error: { code?: string }): never {
  if (error.code === '23505')
    throw new AppException('COURSE_CODE_TAKEN', 'This course code is taken', { code: 'TAKEN' });
  throw error;
}
