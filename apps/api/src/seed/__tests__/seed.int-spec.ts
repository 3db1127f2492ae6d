import type { QuizAnswer, QuizDefinition } from '@academy/contracts';
import type TestAgent from 'supertest/lib/agent.js';
import { DataSource } from 'typeorm';
import { createDataSource } from '../../database/data-source.js';
import { createTestDatabase, TestContext } from '@academy/testing';
import { DEMO_PASSWORD, DEMO_USERS } from '../demo-users.js';
import { seedDemoCourses } from '../seed-courses.js';
import { readAdministrations, seedDemoData } from '../seed-demo.js';

const counts = async (db: DataSource) =>
  (
    (await db.query(
      `SELECT (SELECT count(*) FROM organisations)::int AS organisations, (SELECT count(*) FROM users)::int AS users,
              (SELECT count(*) FROM role_grants)::int AS grants`,
    )) as { organisations: number; users: number; grants: number }[]
  )[0];

describe('demo seed', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = createDataSource(database.url);
    await db.initialize();
  });
  afterAll(async () => {
    await db.destroy();
    await database.drop();
  });

  it('seeds the WCO Europe administrations, training centres and the demo accounts', async () => {
    expect(await seedDemoData(db)).toBe(true);
    const administrations = await readAdministrations();
    expect(administrations.length).toBeGreaterThan(50);
    const rows = (await db.query(
      `SELECT o.code, o.kind, p.code AS parent FROM organisations o LEFT JOIN organisations p ON p.id = o.parent_id`,
    )) as { code: string; kind: string; parent: string | null }[];
    expect(rows.filter((row) => row.kind === 'administration')).toHaveLength(administrations.length);
    expect(rows).toContainEqual({ code: 'AZ-TC', kind: 'training_centre', parent: 'AZ' });
    expect(rows).toContainEqual({ code: 'GE-TC', kind: 'training_centre', parent: 'GE' });
    const { users } = await counts(db);
    expect(users).toBe(DEMO_USERS.length);
    expect(
      DEMO_USERS.filter((user) => user.roles.some((r) => r.role === 'learner')).length,
    ).toBeGreaterThanOrEqual(22);
    const [grant] = (await db.query(
      `SELECT o.code FROM role_grants g JOIN users u ON u.id = g.user_id JOIN organisations o ON o.id = g.organisation_id
        WHERE u.email = 'coordinator.az@demo.academy' AND g.role = 'coordinator'`,
    )) as { code: string }[];
    expect(grant.code).toBe('AZ');
  });

  it('runs once: a second start neither duplicates nor overwrites', async () => {
    await db.query(`UPDATE organisations SET name = name || '{"en": "Renamed"}' WHERE code = 'AZ'`);
    const before = await counts(db);
    expect(await seedDemoData(db)).toBe(false);
    await Promise.all([seedDemoData(db), seedDemoData(db)]);
    expect(await counts(db)).toEqual(before);
    const [az] = (await db.query(`SELECT name FROM organisations WHERE code = 'AZ'`)) as {
      name: { en: string };
    }[];
    expect(az.name.en).toBe('Renamed');
  });
});

describe('demo courses', () => {
  let ctx: TestContext;

  /**
   * A demo quiz: 3–5 questions mixing the three types, pass mark 70–80%, unlimited attempts; question
   * texts and explanations in Russian; all-wrong answers fail, the right ones (from the published
   * snapshot) pass and complete the lesson.
   */
  const expectPassableQuiz = async (learner: TestAgent, lessonId: string) => {
    const summary = await learner.get(`/api/lessons/${lessonId}/attempts`).expect(200);
    expect(summary.body.questionCount).toBeGreaterThanOrEqual(3);
    expect(summary.body.questionCount).toBeLessThanOrEqual(5);
    expect(summary.body.passMarkPct).toBeGreaterThanOrEqual(70);
    expect(summary.body.passMarkPct).toBeLessThanOrEqual(80);
    expect(summary.body.attemptsAllowed).toBeNull();
    const [row] = (await ctx.db.query(
      `SELECT l -> 'quiz' AS quiz
         FROM course_versions v, jsonb_array_elements(v.content -> 'modules') m,
              jsonb_array_elements(m -> 'lessons') l
        WHERE l ->> 'id' = $1
        ORDER BY v.version DESC LIMIT 1`,
      [lessonId],
    )) as { quiz: QuizDefinition }[];
    const questions = row.quiz.questions;
    expect(new Set(questions.map((q) => q.type))).toEqual(new Set(['single', 'multiple', 'true_false']));
    for (const question of questions) {
      expect(question.explanation.en && question.explanation.ru).toBeTruthy();
      expect(question.text.en && question.text.ru).toBeTruthy();
    }
    const wrong: Record<string, QuizAnswer> = {};
    const right: Record<string, QuizAnswer> = {};
    for (const q of questions) {
      if (q.type === 'true_false') {
        wrong[q.id] = !q.answer;
        right[q.id] = q.answer!;
      } else {
        wrong[q.id] = q.options
          .filter((o) => !o.correct)
          .map((o) => o.id)
          .slice(0, 1);
        right[q.id] = q.options.filter((o) => o.correct).map((o) => o.id);
      }
    }
    const first = await learner.post(`/api/lessons/${lessonId}/attempts`).query({ locale: 'ru' }).expect(201);
    expect(first.body.questions[0].text.locale).toBe('ru');
    const failed = await learner
      .post(`/api/attempts/${first.body.id}/submit`)
      .query({ locale: 'ru' })
      .send({ answers: wrong })
      .expect(200);
    expect(failed.body.result).toMatchObject({ passed: false, scorePct: 0 });
    expect(failed.body.result.review[0].explanation.locale).toBe('ru');
    const second = await learner.post(`/api/lessons/${lessonId}/attempts`).expect(201);
    const passed = await learner
      .post(`/api/attempts/${second.body.id}/submit`)
      .send({ answers: right })
      .expect(200);
    expect(passed.body.result).toMatchObject({ passed: true, scorePct: 100 });
    const progress = await learner.get(`/api/lessons/${lessonId}/progress`).expect(200);
    expect(progress.body.status).toBe('completed');
  };

  beforeAll(async () => {
    ctx = await TestContext.create();
    await seedDemoData(ctx.db);
  });
  afterAll(() => ctx.close());

  it('seeds three published bilingual courses with video, captions, PDF, article and quiz, and one draft', async () => {
    expect(await seedDemoCourses(ctx.app)).toBe(true);
    const learner = await ctx.login({ email: 'learner.ge@demo.academy', password: DEMO_PASSWORD });
    const catalogue = await learner.get('/api/courses').query({ locale: 'ru' }).expect(200);
    expect(catalogue.body.total).toBe(3);
    for (const course of catalogue.body.items) {
      expect(course.completeLocales).toEqual(['en', 'ru']);
      expect(course.title.locale).toBe('ru');
      const outline = await learner.get(`/api/courses/${course.id}`).query({ locale: 'ru' }).expect(200);
      expect(outline.body.modules.length).toBeGreaterThanOrEqual(2);
      const lessons = outline.body.modules.flatMap(
        (m: { lessons: { kind: string; id: string }[] }) => m.lessons,
      );
      expect(new Set(lessons.map((l: { kind: string }) => l.kind))).toEqual(
        new Set(['video', 'document', 'article', 'quiz']),
      );
      // The closing quiz: the last lesson of the last module, bilingual, passable.
      expect(lessons.at(-1).kind).toBe('quiz');
      await expectPassableQuiz(learner, lessons.at(-1).id);
      const video = await learner
        .get(`/api/lessons/${lessons.find((l: { kind: string }) => l.kind === 'video').id}`)
        .expect(200);
      expect(video.body.captions.map((c: { locale: string }) => c.locale).sort()).toEqual(['en', 'ru']);
      const bytes = await learner.get(video.body.media.url).set('Range', 'bytes=0-99').expect(206);
      expect(bytes.body.length ?? Buffer.byteLength(bytes.text)).toBe(100);
      const pdf = await learner
        .get(`/api/lessons/${lessons.find((l: { kind: string }) => l.kind === 'document').id}`)
        .query({ locale: 'ru' })
        .expect(200);
      expect(pdf.body.media).toMatchObject({ locale: 'ru', mime: 'application/pdf' });
    }
    const [draft] = (await ctx.db.query(
      `SELECT status, title FROM courses WHERE code = 'VALUATION-DRAFT'`,
    )) as { status: string; title: { ru?: string } }[];
    expect(draft.status).toBe('draft');
    expect(draft.title.ru).toBeUndefined();
    expect(await seedDemoCourses(ctx.app)).toBe(false);
    const [{ count }] = (await ctx.db.query(`SELECT count(*)::int AS count FROM courses`)) as {
      count: number;
    }[];
    expect(count).toBe(4);
  });
});
