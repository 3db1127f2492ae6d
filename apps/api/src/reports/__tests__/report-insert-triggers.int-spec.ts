import { randomUUID } from 'node:crypto';
import { MIGRATIONS } from '@academy/migrations';
import { TestContext, type TestOrganisation, type TestUser } from '@academy/testing';
import type TestAgent from 'supertest/lib/agent.js';
import type { MigrationInterface } from 'typeorm';
import { buildCourse } from '../../progress/__tests__/progress-fixtures.js';

/**
 * The insert path of the report summaries (migration ReportInsertSetBased): new enrolments OR their languages
 * into `report_learners` instead of recomputing from all of the learner's enrolments, and take the best quiz
 * score from one aggregate. These cases are the ones that path could get wrong: learners who already had
 * enrolments (flags must be kept and added to), a re-enrolment of a learner with submitted attempts (the
 * score must come back), and one statement inserting enrolments in several courses.
 */
describe('report summaries on new enrolments', () => {
  let ctx: TestContext;
  let admin: TestAgent;
  let unit: TestOrganisation;
  let enOnly: string;
  let ruOnly: string;
  let bilingual: string;

  const q = async <T>(sql: string, params: unknown[] = []) => (await ctx.db.query(sql, params)) as T[];

  /** Rows of report_learners (languages) and report_enrolments (best score) that differ from a direct computation. */
  async function drift(): Promise<{ learners: number; scores: number }> {
    const [learners] = await q<{ n: number }>(`
      WITH per_enrolment AS (
        SELECT e.user_id, coalesce(u.locale, 'en') AS locale,
               CASE WHEN coalesce(u.locale, 'en') = ANY (coalesce(v.complete_locales, ARRAY[c.base_locale]))
                    THEN coalesce(u.locale, 'en') ELSE coalesce(v.base_locale, c.base_locale) END AS content
          FROM enrolments e JOIN users u ON u.id = e.user_id JOIN courses c ON c.id = e.course_id
          LEFT JOIN course_versions v ON v.course_id = c.id AND v.version = c.version),
      direct AS (SELECT user_id, min(locale) AS locale, bool_or(content = 'en') AS en, bool_or(content = 'ru') AS ru
                   FROM per_enrolment GROUP BY user_id),
      kept AS (SELECT user_id, learner_locale, studies_en, studies_ru FROM report_learners)
      SELECT (SELECT count(*) FROM (SELECT * FROM direct EXCEPT SELECT * FROM kept) a)::int
           + (SELECT count(*) FROM (SELECT * FROM kept EXCEPT SELECT * FROM direct) b)::int AS n`);
    const [scores] = await q<{ n: number }>(`
      SELECT count(*)::int AS n FROM enrolments e
        LEFT JOIN report_enrolments r ON r.enrolment_id = e.id
        LEFT JOIN (SELECT user_id, course_id, max(score_points * 100.0 / max_points)::double precision AS best
                     FROM quiz_attempts WHERE submitted_at IS NOT NULL GROUP BY 1, 2) b
               ON b.user_id = e.user_id AND b.course_id = e.course_id
       WHERE r.enrolment_id IS NULL OR r.best_quiz_pct IS DISTINCT FROM b.best`);
    return { learners: learners.n, scores: scores.n };
  }

  const flags = async (user: TestUser) =>
    (
      await q<{ learner_locale: string; studies_en: boolean; studies_ru: boolean }>(
        `SELECT learner_locale, studies_en, studies_ru FROM report_learners WHERE user_id = $1`,
        [user.id],
      )
    )[0];
  const best = async (user: TestUser, courseId: string) =>
    (
      await q<{ best_quiz_pct: number | null }>(
        `SELECT best_quiz_pct FROM report_enrolments WHERE user_id = $1 AND course_id = $2`,
        [user.id, courseId],
      )
    )[0]?.best_quiz_pct;
  const enrol = (user: TestUser, courseId: string) =>
    q(`INSERT INTO enrolments (user_id, course_id, source) VALUES ($1, $2, 'self')`, [user.id, courseId]);
  const attempt = (user: TestUser, courseId: string, number: number, score: number | null) =>
    q(
      `INSERT INTO quiz_attempts (user_id, lesson_id, course_id, number, questions, pass_mark_pct, max_points, started_at,
                                  submitted_at, score_points, passed)
       VALUES ($1, $2, $3, $4, '[]', 70, 4, now(), CASE WHEN $5::int IS NULL THEN NULL ELSE now() END, $5::int,
               CASE WHEN $5::int IS NULL THEN NULL ELSE $5::int >= 3 END)`,
      [user.id, randomUUID(), courseId, number, score],
    );
  const assign = async (courseId: string) => {
    const res = await admin
      .post('/api/assignments')
      .send({ courseId, organisationId: unit.id, dueAt: '2031-04-01T12:00:00.000Z' });
    expect(res.status).toBeLessThan(300);
    return res.body as { assigned: number; updated: number };
  };

  beforeAll(async () => {
    ctx = await TestContext.create();
    const author = await ctx.login(await ctx.newUser({ roles: ['author'] }));
    admin = await ctx.login(await ctx.newUser({ roles: ['admin'] }));
    const region = await ctx.newOrganisation({ kind: 'region' });
    unit = await ctx.newOrganisation({ parent: region });
    const course = async () => (await buildCourse(ctx, author, [{ kind: 'article' }])).id;
    enOnly = await course();
    ruOnly = await course();
    bilingual = await course();
    // Published in English only (buildCourse); make one Russian only and one complete in both languages.
    await q(
      `UPDATE course_versions SET base_locale = 'ru', complete_locales = ARRAY['ru'] WHERE course_id = $1`,
      [ruOnly],
    );
    await q(
      `UPDATE courses SET base_locale = 'ru', title = title || jsonb_build_object('ru', title->'en') WHERE id = $1`,
      [ruOnly],
    );
    await q(`UPDATE course_versions SET complete_locales = ARRAY['en', 'ru'] WHERE course_id = $1`, [
      bilingual,
    ]);
    await q(`UPDATE courses SET version = version WHERE id = $1`, [bilingual]);
  }, 60_000);

  afterAll(() => ctx.close());

  it('adds the languages of new enrolments to learners who already had some', async () => {
    const enWithEn = await ctx.newUser({ organisation: unit, locale: 'en' });
    const ruWithEn = await ctx.newUser({ organisation: unit, locale: 'ru' });
    const ruNew = await ctx.newUser({ organisation: unit, locale: 'ru' });
    const enNew = await ctx.newUser({ organisation: unit, locale: 'en' });
    await enrol(enWithEn, enOnly);
    await enrol(ruWithEn, enOnly); // a Russian speaker in an English-only course studies in English
    expect(await flags(ruWithEn)).toEqual({ learner_locale: 'ru', studies_en: true, studies_ru: false });

    // One statement, four learners: two with enrolments, two without.
    expect(await assign(ruOnly)).toMatchObject({ assigned: 4 });
    expect(await flags(enWithEn)).toEqual({ learner_locale: 'en', studies_en: true, studies_ru: true });
    expect(await flags(ruWithEn)).toEqual({ learner_locale: 'ru', studies_en: true, studies_ru: true });
    expect(await flags(ruNew)).toEqual({ learner_locale: 'ru', studies_en: false, studies_ru: true });
    expect(await flags(enNew)).toEqual({ learner_locale: 'en', studies_en: false, studies_ru: true });

    // A bilingual course is studied in each learner's own language.
    const late = await ctx.newUser({ organisation: unit, locale: 'en' });
    await assign(bilingual);
    expect(await flags(ruNew)).toEqual({ learner_locale: 'ru', studies_en: false, studies_ru: true });
    expect(await flags(late)).toEqual({ learner_locale: 'en', studies_en: true, studies_ru: false });
    expect(await drift()).toEqual({ learners: 0, scores: 0 });
  });

  it('brings back the best quiz score when a learner with attempts is enrolled again', async () => {
    const returning = await ctx.newUser({ organisation: unit, locale: 'en' });
    const converted = await ctx.newUser({ organisation: unit, locale: 'ru' });
    const fresh = await ctx.newUser({ organisation: unit, locale: 'en' });
    await enrol(returning, enOnly);
    await attempt(returning, enOnly, 1, 2);
    await attempt(returning, enOnly, 2, 3);
    await attempt(returning, enOnly, 3, null); // open: does not count
    await attempt(returning, ruOnly, 1, 4); // another course: does not count for enOnly
    expect(await best(returning, enOnly)).toBe(75);
    await q(`DELETE FROM enrolments WHERE user_id = $1 AND course_id = $2`, [returning.id, enOnly]);
    expect(await best(returning, enOnly)).toBeUndefined();
    await enrol(converted, enOnly);
    await attempt(converted, enOnly, 1, 1);

    const result = await assign(enOnly);
    expect(result.assigned).toBeGreaterThanOrEqual(2);
    expect(await best(returning, enOnly)).toBe(75);
    expect(await best(converted, enOnly)).toBe(25);
    expect(await best(fresh, enOnly)).toBeNull();
    expect(await drift()).toEqual({ learners: 0, scores: 0 });
  });

  it('stays exact for one statement inserting enrolments in several courses', async () => {
    const people = await Promise.all(
      ['en', 'ru', 'ru', 'en', 'ru'].map((locale) =>
        ctx.newUser({ organisation: unit, locale: locale as 'en' | 'ru' }),
      ),
    );
    await attempt(people[1], bilingual, 1, 4);
    await q(
      `INSERT INTO enrolments (user_id, course_id, source)
       SELECT u, c, 'self' FROM unnest($1::uuid[]) AS u, unnest($2::uuid[]) AS c`,
      [people.map((p) => p.id), [enOnly, ruOnly, bilingual]],
    );
    expect(await flags(people[1])).toEqual({ learner_locale: 'ru', studies_en: true, studies_ru: true });
    expect(await flags(people[0])).toEqual({ learner_locale: 'en', studies_en: true, studies_ru: true });
    expect(await best(people[1], bilingual)).toBe(100);
    expect(await drift()).toEqual({ learners: 0, scores: 0 });
  });

  it('migrates down to the full recompute and up again without drift', async () => {
    const runner = ctx.db.createQueryRunner();
    const Migration = MIGRATIONS.find((m) => m.name === 'ReportInsertSetBased1795450400000');
    const migration = new Migration!() as MigrationInterface;
    try {
      await migration.down(runner);
      const before = await ctx.newUser({ organisation: unit, locale: 'ru' });
      await enrol(before, enOnly);
      expect(await drift()).toEqual({ learners: 0, scores: 0 });
      await migration.up(runner);
      const after = await ctx.newUser({ organisation: unit, locale: 'ru' });
      await enrol(after, ruOnly);
      await assign(bilingual);
      expect(await flags(before)).toEqual({ learner_locale: 'ru', studies_en: true, studies_ru: true });
      expect(await drift()).toEqual({ learners: 0, scores: 0 });
    } finally {
      await runner.release();
    }
  });
});
