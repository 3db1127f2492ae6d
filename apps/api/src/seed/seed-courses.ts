import { stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { INestApplicationContext } from '@nestjs/common';
import type { Locale } from '@academy/contracts';
import { DataSource } from 'typeorm';
import { AuthoringService } from '../catalogue/authoring.service.js';
import type { QuizDto } from '../catalogue/dto/quiz.dto.js';
import { PublishingService } from '../catalogue/publishing.service.js';
import type { AuthUser } from '../identity/auth-user.js';
import { probeDurationS, sha256OfFile, sniffFile } from '../media/media-files.js';
import { STORAGE, storageKeyFor, type StorageDriver } from '../media/storage/storage.driver.js';
import { TranscodeQueue } from '../transcoding/transcode.queue.js';
import { DEMO_COURSES, type DemoCourse } from './demo-courses.js';

const SEED_KEY = 'demo_courses';
const AUTHOR_EMAIL = 'author@demo.academy';

/**
 * Stores a committed demo file like an upload: sniffed from its bytes, kept once under its sha256. A video
 * is `processing` with its transcoding job queued (it plays as mp4 until its renditions are ready).
 */
async function ingest(
  db: DataSource,
  storage: StorageDriver,
  transcodes: TranscodeQueue,
  file: string,
  authorId: string,
): Promise<string> {
  const filePath = fileURLToPath(new URL(`./demo-media/${file}`, import.meta.url));
  const type = await sniffFile(filePath);
  if (!type) throw new Error(`demo file ${file} has an unexpected type`);
  const sha256 = await sha256OfFile(filePath);
  const { size } = await stat(filePath);
  const key = storageKeyFor(sha256);
  if (!(await storage.exists(key))) await storage.put(key, filePath, size);
  const durationS = type.kind === 'video' ? await probeDurationS(filePath) : null;
  const video = type.kind === 'video';
  return db.transaction(async (manager) => {
    const [row] = (await manager.query(
      `INSERT INTO media_assets (kind, filename, mime, size, sha256, storage_key, status, duration_s, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [type.kind, file, type.mime, size, sha256, key, video ? 'processing' : 'ready', durationS, authorId],
    )) as { id: string }[];
    if (video) await transcodes.enqueue(row.id, manager);
    return row.id;
  });
}

async function seedCourse(app: INestApplicationContext, author: AuthUser, course: DemoCourse): Promise<void> {
  const db = app.get(DataSource);
  const storage = app.get<StorageDriver>(STORAGE);
  const transcodes = app.get(TranscodeQueue);
  const authoring = app.get(AuthoringService);
  let draft = await authoring.create(author, {
    code: course.code,
    baseLocale: course.baseLocale,
    title: course.title,
    summary: course.summary,
    topics: course.topics,
    estimatedMinutes: course.estimatedMinutes,
  });
  for (const module of course.modules) {
    draft = await authoring.addModule(draft.id, { title: module.title });
    const moduleId = draft.modules[draft.modules.length - 1].id;
    for (const lesson of module.lessons) {
      const variants: Partial<
        Record<Locale, { body?: string; mediaAssetId?: string; captionsAssetId?: string }>
      > = {};
      if (lesson.kind === 'article') {
        for (const [locale, body] of Object.entries(lesson.body)) variants[locale as Locale] = { body };
      } else if (lesson.kind === 'video') {
        variants[course.baseLocale] = {
          mediaAssetId: await ingest(db, storage, transcodes, lesson.video, author.id),
        };
        for (const [locale, file] of Object.entries(lesson.captions)) {
          variants[locale as Locale] = {
            ...variants[locale as Locale],
            captionsAssetId: await ingest(db, storage, transcodes, file, author.id),
          };
        }
      } else if (lesson.kind === 'document') {
        for (const [locale, file] of Object.entries(lesson.files)) {
          variants[locale as Locale] = {
            mediaAssetId: await ingest(db, storage, transcodes, file, author.id),
          };
        }
      }
      draft = await authoring.addLesson(moduleId, {
        kind: lesson.kind,
        title: lesson.title,
        estimatedMinutes: lesson.kind === 'video' ? null : lesson.minutes,
        variants,
        // The quiz is checked and stored like one saved from the studio (ids assigned there).
        ...(lesson.kind === 'quiz' ? { quiz: lesson.quiz as QuizDto } : {}),
      });
    }
  }
  if (course.publish) await app.get(PublishingService).publish(author, draft.id);
}

/**
 * Seeds the demo courses (three published, bilingual, with video, captions, PDF, article and a closing
 * quiz; one draft missing its Russian) once, as the demo author. Skips courses whose code exists.
 */
export async function seedDemoCourses(app: INestApplicationContext): Promise<boolean> {
  const db = app.get(DataSource);
  if (((await db.query(`SELECT 1 FROM app_meta WHERE key = $1`, [SEED_KEY])) as unknown[]).length)
    return false;
  const [author] = (await db.query(
    `SELECT id, email, display_name, locale, organisation_id FROM users WHERE email = $1`,
    [AUTHOR_EMAIL],
  )) as { id: string; email: string; display_name: string; locale: Locale; organisation_id: string | null }[];
  if (!author) return false;
  const actor: AuthUser = {
    id: author.id,
    sessionId: '',
    email: author.email,
    displayName: author.display_name,
    locale: author.locale,
    organisationId: author.organisation_id,
    grants: [{ role: 'author', organisationId: null, organisationCode: null, organisationPath: null }],
  };
  // A session-level lock needs one connection for lock and unlock: a query runner, not the pool.
  const runner = db.createQueryRunner();
  await runner.connect();
  try {
    const [{ locked }] = (await runner.query(
      `SELECT pg_try_advisory_lock(hashtext('academy.seed.courses')) AS locked`,
    )) as {
      locked: boolean;
    }[];
    if (!locked) return false;
    try {
      const existing = new Set(
        ((await db.query(`SELECT code FROM courses`)) as { code: string }[]).map((r) => r.code),
      );
      for (const course of DEMO_COURSES) if (!existing.has(course.code)) await seedCourse(app, actor, course);
      await db.query(`INSERT INTO app_meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING`, [
        SEED_KEY,
        JSON.stringify({ at: new Date().toISOString(), courses: DEMO_COURSES.map((course) => course.code) }),
      ]);
      return true;
    } finally {
      await runner.query(`SELECT pg_advisory_unlock(hashtext('academy.seed.courses'))`);
    }
  } finally {
    await runner.release();
  }
}
