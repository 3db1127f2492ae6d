import { Injectable } from '@nestjs/common';
import { LOCALES, type PublishProblem, type PublishResult } from '@academy/contracts';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { AppException } from '../common/app.exception.js';
import type { AuthUser } from '../identity/auth-user.js';
import { AuthoringService } from './authoring.service.js';
import { renderMarkdown } from './markdown.js';
import type { PublishedCourse } from './published-course.js';
import { quizProblems } from './quiz-definition.js';
import { lessonHasAnyContent, translationReport } from './translation.js';

/** Publishing snapshots the draft for learners; archiving hides a course from the catalogue. */
@Injectable()
export class PublishingService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly authoring: AuthoringService,
    private readonly audit: AuditService,
  ) {}

  /**
   * Refused, listing each problem, when the base language is incomplete, a required lesson has no
   * content, or a quiz has no questions, a question without its correct answer or draws more questions
   * than it has. Missing translations do not stop it; they are returned.
   */
  async publish(actor: AuthUser, id: string): Promise<PublishResult> {
    return this.dataSource.transaction(async (manager) => {
      await this.authoring.course(manager, id, true);
      const draft = await this.authoring.get(id, manager);
      const problems: PublishProblem[] = [];
      if (!draft.modules.some((module) => module.lessons.length > 0))
        problems.push({ code: 'NO_LESSONS', path: 'modules' });
      for (const path of draft.translation.missing[draft.baseLocale]) {
        problems.push({ code: 'BASE_LOCALE_INCOMPLETE', path });
      }
      draft.modules.forEach((module, m) =>
        module.lessons.forEach((lesson, l) => {
          if (lesson.kind === 'quiz') {
            problems.push(...quizProblems(lesson.quiz, `modules[${m}].lessons[${l}]`));
          } else if (lesson.required && !lessonHasAnyContent(lesson)) {
            problems.push({ code: 'REQUIRED_LESSON_EMPTY', path: `modules[${m}].lessons[${l}]` });
          }
        }),
      );
      if (problems.length) {
        throw new AppException('PUBLISH_REFUSED', 'The course cannot be published yet', {
          problems: problems.filter(
            (problem, i) =>
              problems.findIndex((p) => p.code === problem.code && p.path === problem.path) === i,
          ),
        });
      }

      const mediaIds = draft.modules.flatMap((module) =>
        module.lessons.flatMap((lesson) =>
          LOCALES.map((locale) => lesson.variants[locale]?.mediaAssetId).filter(Boolean),
        ),
      );
      const durations = new Map(
        (
          (await manager.query(`SELECT id, duration_s FROM media_assets WHERE id = ANY($1::uuid[])`, [
            mediaIds,
          ])) as {
            id: string;
            duration_s: number | null;
          }[]
        ).map((row) => [row.id, row.duration_s]),
      );
      const snapshot: PublishedCourse = {
        code: draft.code,
        baseLocale: draft.baseLocale,
        title: draft.title,
        summary: draft.summary,
        topics: draft.topics,
        estimatedMinutes: draft.estimatedMinutes,
        coverAssetId: draft.coverAssetId,
        translation: translationReport(draft),
        modules: draft.modules.map((module) => ({
          id: module.id,
          title: module.title,
          lessons: module.lessons.map((lesson) => {
            const mediaId = LOCALES.map((locale) => lesson.variants[locale]?.mediaAssetId).find(Boolean);
            return {
              id: lesson.id,
              kind: lesson.kind,
              title: lesson.title,
              required: lesson.required,
              estimatedMinutes: lesson.estimatedMinutes,
              durationS: mediaId ? (durations.get(mediaId) ?? null) : null,
              completionThreshold: lesson.completionThreshold,
              ...(lesson.kind === 'quiz' && lesson.quiz ? { quiz: lesson.quiz } : {}),
              variants: Object.fromEntries(
                LOCALES.filter((locale) => lesson.variants[locale]).map((locale) => {
                  const variant = lesson.variants[locale]!;
                  return [
                    locale,
                    {
                      html: variant.body ? renderMarkdown(variant.body) : null,
                      mediaAssetId: variant.mediaAssetId,
                      captionsAssetId: variant.captionsAssetId,
                    },
                  ];
                }),
              ),
            };
          }),
        })),
      };
      const text = (locale: 'en' | 'ru') =>
        [
          snapshot.title[locale],
          snapshot.summary[locale],
          ...snapshot.modules.flatMap((module) => [
            module.title[locale],
            ...module.lessons.map((lesson) => lesson.title[locale]),
          ]),
        ]
          .filter(Boolean)
          .join(' \n ');
      const [{ version, published_at }] = (await manager.query(
        `WITH next AS (
           UPDATE courses SET version = version + 1, status = 'published', published_at = now(), updated_at = now()
            WHERE id = $1 RETURNING version, published_at)
         INSERT INTO course_versions (course_id, version, content, search, published_by, published_at,
                                      title, base_locale, topics, complete_locales)
         SELECT $1, next.version, $2::jsonb,
                setweight(to_tsvector('english', $3), 'A') || setweight(to_tsvector('russian', $4), 'A')
                  || setweight(to_tsvector('simple', $5), 'B'),
                $6, next.published_at,
                $2::jsonb -> 'title', $2::jsonb ->> 'baseLocale', $7::text[], $8::text[]
           FROM next RETURNING version, published_at`,
        [
          id,
          JSON.stringify(snapshot),
          text('en'),
          text('ru'),
          `${snapshot.code} ${snapshot.topics.join(' ')}`,
          actor.id,
          snapshot.topics,
          snapshot.translation.completeLocales,
        ],
      )) as { version: number; published_at: Date }[];
      await this.audit.record(actor.id, 'course.published', 'course', id, { version }, manager);
      return {
        version,
        publishedAt: new Date(published_at).toISOString(),
        missingTranslations: snapshot.translation.missing,
      };
    });
  }

  async archive(actor: AuthUser, id: string, archived: boolean) {
    await this.dataSource.transaction(async (manager) => {
      const course = await this.authoring.course(manager, id, true);
      const status = archived ? 'archived' : course.version > 0 ? 'published' : 'draft';
      // The status change alone is not an unpublished edit: keep updated_at as it was.
      await manager.query(`UPDATE courses SET status = $2, updated_at = $3 WHERE id = $1`, [
        id,
        status,
        course.updated_at,
      ]);
      await this.audit.record(
        actor.id,
        archived ? 'course.archived' : 'course.unarchived',
        'course',
        id,
        {},
        manager,
      );
    });
    return this.authoring.get(id);
  }
}
