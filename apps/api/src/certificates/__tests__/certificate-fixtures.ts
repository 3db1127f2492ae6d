import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { QuizAttemptDto } from '@academy/contracts';
import type { TestContext } from '@academy/testing';
import type { Response } from 'superagent';
import type TestAgent from 'supertest/lib/agent.js';
import { sampleQuiz, type SampleQuiz } from '../../quizzes/__tests__/quiz-fixtures.js';

export const HAS_PDFTOTEXT = existsSync('/usr/bin/pdftotext');

let courses = 0;

export interface CertCourse {
  courseId: string;
  moduleId: string;
  title: { en: string; ru: string };
  /** Quiz lessons in order, each with its sample quiz (answers known). */
  quizzes: { id: string; quiz: SampleQuiz }[];
  videoIds: string[];
}

/** A ready video asset of `durationS` seconds, written straight into media_assets. */
export async function newVideoAsset(ctx: TestContext, durationS: number): Promise<string> {
  const [row] = (await ctx.db.query(
    `INSERT INTO media_assets (kind, filename, mime, size, status, duration_s)
     VALUES ('video', 'video.mp4', 'video/mp4', 100, 'ready', $1) RETURNING id`,
    [durationS],
  )) as { id: string }[];
  return row.id;
}

/**
 * A bilingual course published through the studio API: one module with `quizzes` quiz lessons (all
 * required) and `videos` 10-second video lessons (required).
 */
export async function buildCertCourse(
  ctx: TestContext,
  author: TestAgent,
  options: { quizzes?: number; videos?: number; en?: string; ru?: string } = {},
): Promise<CertCourse> {
  const n = ++courses;
  const title = {
    en: options.en ?? `Certified course ${n}`,
    ru: options.ru ?? `Курс с сертификатом ${n}`,
  };
  const course = await author
    .post('/api/studio/courses')
    .send({
      code: `CERT-${process.pid}-${n}`,
      baseLocale: 'en',
      title,
      summary: { en: 'Summary', ru: 'Описание' },
      audience: 'region',
    })
    .expect(201);
  const courseId = course.body.id as string;
  const withModule = await author
    .post(`/api/studio/courses/${courseId}/modules`)
    .send({ title: { en: 'Module', ru: 'Модуль' } })
    .expect(201);
  const moduleId = withModule.body.modules[0].id as string;
  const quizzes: CertCourse['quizzes'] = [];
  const videoIds: string[] = [];
  for (let i = 0; i < (options.quizzes ?? 1); i++) {
    const quiz = sampleQuiz();
    const draft = await author
      .post(`/api/studio/modules/${moduleId}/lessons`)
      .send({ kind: 'quiz', title: { en: `Quiz ${i + 1}`, ru: `Тест ${i + 1}` }, quiz: quiz.input })
      .expect(201);
    quizzes.push({ id: (draft.body.modules[0].lessons as { id: string }[]).at(-1)!.id, quiz });
  }
  for (let i = 0; i < (options.videos ?? 0); i++) videoIds.push(await addVideo(ctx, author, moduleId));
  await author.post(`/api/studio/courses/${courseId}/publish`).expect(200);
  return { courseId, moduleId, title, quizzes, videoIds };
}

/** Adds a required 10-second video lesson to the draft; returns its id. */
export async function addVideo(ctx: TestContext, author: TestAgent, moduleId: string): Promise<string> {
  const asset = await newVideoAsset(ctx, 10);
  const draft = await author
    .post(`/api/studio/modules/${moduleId}/lessons`)
    .send({
      kind: 'video',
      title: { en: 'Watch', ru: 'Смотреть' },
      required: true,
      variants: { en: { mediaAssetId: asset } },
    })
    .expect(201);
  return (draft.body.modules[0].lessons as { id: string }[]).at(-1)!.id;
}

export const allRight = (s: SampleQuiz) => ({
  [s.q.single]: [s.o.singleRight],
  [s.q.multiple]: [s.o.multiB, s.o.multiA],
  [s.q.tf]: true,
});

/** Starts an attempt on the quiz lesson; returns it. */
export async function startAttempt(learner: TestAgent, lessonId: string): Promise<QuizAttemptDto> {
  const response = await learner.post(`/api/lessons/${lessonId}/attempts`).expect(201);
  return response.body as QuizAttemptDto;
}

/** Starts and passes the quiz lesson (all answers right). */
export async function passQuiz(learner: TestAgent, quiz: CertCourse['quizzes'][number]): Promise<Response> {
  const attempt = await startAttempt(learner, quiz.id);
  return learner
    .post(`/api/attempts/${attempt.id}/submit`)
    .send({ answers: allRight(quiz.quiz) })
    .expect(200);
}

/** Collects a binary response body (supertest leaves PDFs unparsed otherwise). */
export function binary(response: Response, callback: (error: Error | null, body: Buffer) => void) {
  // At this point superagent hands over the raw Node response stream.
  const res = response as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
  res.on('error', (error) => callback(error, Buffer.alloc(0)));
}

/** The text of a PDF, as pdftotext extracts it, whitespace runs folded to one space. */
export function pdfText(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'cert-api-'));
  try {
    const file = join(dir, 'certificate.pdf');
    writeFileSync(file, pdf);
    return execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
