import { randomUUID } from 'node:crypto';
import type {
  CourseReportDto,
  LearnerReportDto,
  Page,
  PersonRowDto,
  RegionReportDto,
  ReportFiltersDto,
  UnitReportDto,
  WeeklyCompletionsDto,
} from '@academy/contracts';
import { TestContext, type TestOrganisation, type TestUser } from '@academy/testing';
import type TestAgent from 'supertest/lib/agent.js';
import { buildCourse } from '../../progress/__tests__/progress-fixtures.js';
import {
  expectCounts,
  expectedCounts,
  generateWorld,
  mondayOf,
  overdueAt,
  prng,
  readPlain,
  select,
  type Filter,
  type PlainEnrolment,
  type World,
} from './report-fixtures.js';

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];
const DAY = 86_400_000;

describe('reports', () => {
  let ctx: TestContext;
  let region: TestOrganisation;
  let author: TestAgent;
  let admin: TestAgent;
  let courses: { id: string; quizLessonId: string | null }[];
  const worlds = new Map<number, { world: World; coordinator: TestUser; agent: TestAgent }>();

  const get = async <T>(agent: TestAgent, path: string, status = 200): Promise<T> => {
    const res = await agent.get(path);
    if (res.status !== status) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as T;
  };
  const qs = (f: Record<string, string | undefined>) =>
    new URLSearchParams(
      Object.entries(f).filter((e): e is [string, string] => e[1] !== undefined),
    ).toString();

  beforeAll(async () => {
    ctx = await TestContext.create();
    const roots = (await ctx.db.query(
      `SELECT id, code, path FROM organisations WHERE kind = 'region' AND parent_id IS NULL LIMIT 1`,
    )) as TestOrganisation[];
    region = roots[0] ?? (await ctx.newOrganisation({ kind: 'region' }));
    author = await ctx.login(await ctx.newUser({ roles: ['author'] }));
    admin = await ctx.login(await ctx.newUser({ roles: ['admin'] }));
    courses = [];
    for (let i = 0; i < 3; i++) {
      const c = await buildCourse(ctx, author, [{ kind: 'video', durationS: 60 }, { kind: 'article' }]);
      courses.push({ id: c.id, quizLessonId: i < 2 ? randomUUID() : null });
    }
    const now = Date.now();
    for (const seed of SEEDS) {
      const world = await generateWorld(ctx, seed, region, courses, now);
      const coordinator = await ctx.newUser({
        organisation: world.admin,
        roles: [{ role: 'coordinator', organisation: world.admin }],
      });
      worlds.set(seed, { world, coordinator, agent: await ctx.login(coordinator) });
    }
  }, 120_000);

  afterAll(() => ctx.close());

  /** Every coordinator report equals the direct computation, for random filters of each seed. */
  async function checkSeed(seed: number, plain: PlainEnrolment[], rounds = 3) {
    const { world, agent } = worlds.get(seed)!;
    const r = prng(seed * 7919);
    for (let round = 0; round < rounds; round++) {
      const unit = round === 0 ? undefined : r.pick(world.orgs);
      const now = Date.now();
      const from = r.chance(0.4)
        ? new Date(now - r.int(30, 300) * DAY).toISOString().slice(0, 10)
        : undefined;
      const to =
        from && r.chance(0.5) ? new Date(now - r.int(0, 29) * DAY).toISOString().slice(0, 10) : undefined;
      const query = {
        unitId: unit?.id,
        courseId: r.chance(0.3) ? r.pick(courses).id : undefined,
        from,
        to,
        status: r.chance(0.3)
          ? r.pick(['not_started', 'in_progress', 'completed', 'overdue'] as const)
          : undefined,
      };
      const filter: Filter = { ...query, paths: [unit?.path ?? world.admin.path] };
      const label = `seed ${seed} round ${round} ${JSON.stringify(query)}`;
      const selected = select(plain, filter, now);

      // Per course, and the total.
      const byCourse = await get<CourseReportDto>(agent, `/api/reports/courses?${qs(query)}`);
      const courseIds = [...new Set(selected.map((e) => e.course_id))].sort();
      expect({ label, ids: byCourse.items.map((i) => i.courseId).sort() }).toEqual({ label, ids: courseIds });
      for (const item of byCourse.items)
        expectCounts(
          item,
          expectedCounts(
            selected.filter((e) => e.course_id === item.courseId),
            now,
          ),
        );
      expectCounts(byCourse.total, expectedCounts(selected, now));

      // Per unit: children of the unit (or of the administration), each its subtree; `direct` rows for the parent.
      const parent = unit ?? world.admin;
      const units = await get<UnitReportDto>(agent, `/api/reports/units?${qs(query)}`);
      expect(units.parent?.id).toBe(parent.id);
      const children = world.orgs.filter(
        (o) =>
          o.path.startsWith(parent.path) && o.path.split('/').length === parent.path.split('/').length + 1,
      );
      expect(
        units.items
          .filter((i) => !i.direct)
          .map((i) => i.organisationId)
          .sort(),
      ).toEqual(children.map((c) => c.id).sort());
      for (const item of units.items) {
        const org = world.orgs.find((o) => o.id === item.organisationId)!;
        const rows = item.direct
          ? selected.filter((e) => e.organisation_id === org.id)
          : selected.filter((e) => (e.org_path as string).startsWith(org.path));
        expectCounts(item, expectedCounts(rows, now));
      }
      const directRows = selected.filter((e) => e.organisation_id === parent.id).length;
      expect(units.items.some((i) => i.direct)).toBe(directRows > 0);
      expectCounts(units.total, expectedCounts(selected, now));

      // Completions per week, by completion date (from/to on completion, default 26 weeks).
      const weekly = await get<WeeklyCompletionsDto>(agent, `/api/reports/completions-weekly?${qs(query)}`);
      const completedSel = select(plain, { ...filter, from: undefined, to: undefined }, now).filter((e) => {
        if (!e.completed_at) return false;
        const t = e.completed_at.getTime();
        const start = from
          ? Date.parse(`${from}T00:00:00Z`)
          : Date.parse(`${weekly.items[0].weekStart}T00:00:00Z`);
        const end = to
          ? Date.parse(`${to}T00:00:00Z`) + DAY
          : Date.parse(`${weekly.items[weekly.items.length - 1].weekStart}T00:00:00Z`) + 7 * DAY;
        return t >= start && t < end;
      });
      const perWeek = new Map<string, number>();
      for (const e of completedSel) {
        const w = mondayOf((e.completed_at as Date).getTime());
        perWeek.set(w, (perWeek.get(w) ?? 0) + 1);
      }
      expect(weekly.items.reduce((s, w) => s + w.completions, 0)).toBe(completedSel.length);
      for (const w of weekly.items)
        expect({ label, w: w.weekStart, n: w.completions }).toEqual({
          label,
          w: w.weekStart,
          n: perWeek.get(w.weekStart) ?? 0,
        });
      if (!from && !to) expect(weekly.items).toHaveLength(26);

      // The people behind the numbers: the same enrolments, paged.
      const people = await get<Page<PersonRowDto>>(agent, `/api/reports/people?${qs(query)}&pageSize=200`);
      expect(people.total).toBe(selected.length);
      const selectedIds = new Set(selected.map((e) => e.id));
      expect(people.items.every((p) => selectedIds.has(p.enrolmentId))).toBe(true);
      expect(people.items).toHaveLength(Math.min(200, selected.length));
      const overdue = await get<Page<PersonRowDto>>(
        agent,
        `/api/reports/overdue?${qs({ ...query, status: undefined })}&pageSize=200`,
      );
      const expectedOverdue = select(plain, { ...filter, status: 'overdue' }, now);
      expect(overdue.total).toBe(expectedOverdue.length);
      const dues = overdue.items.map((p) => Date.parse(p.dueAt as string));
      expect(dues).toEqual([...dues].sort((a, b) => a - b));
      expect(overdue.items.every((p) => p.overdue && p.daysOverdue >= 0)).toBe(true);
    }
  }

  it('aggregates equal a direct computation on random data (many seeds)', async () => {
    const plain = await readPlain(ctx);
    for (const seed of SEEDS) await checkSeed(seed, plain);
  }, 120_000);

  it('stays exact as progress, assignments, attempts, moves and deletions arrive', async () => {
    const seed = SEEDS[0];
    const { world } = worlds.get(seed)!;
    const ids = (await ctx.db.query(
      `SELECT e.id, e.user_id, e.course_id FROM enrolments e JOIN users u ON u.id = e.user_id
         JOIN organisations o ON o.id = u.organisation_id WHERE o.path LIKE $1 || '%' ORDER BY e.id`,
      [world.admin.path],
    )) as { id: string; user_id: string; course_id: string }[];
    // Progress: some start, some complete (as the learning service writes them).
    await ctx.db.query(
      `UPDATE enrolments SET status = 'in_progress', started_at = now(), last_activity_at = now(), progress_pct = 50
        WHERE id = ANY ($1::uuid[]) AND status = 'not_started'`,
      [ids.slice(0, 10).map((e) => e.id)],
    );
    await ctx.db.query(
      `UPDATE enrolments SET status = 'completed', completed_at = now(), last_activity_at = now(), progress_pct = 100
        WHERE id = ANY ($1::uuid[]) AND status <> 'completed'`,
      [ids.slice(10, 20).map((e) => e.id)],
    );
    // A new assignment with a past due date, a deleted enrolment, a better quiz attempt.
    const newcomer = await ctx.newUser({ organisation: world.orgs[world.orgs.length - 1] });
    await ctx.db.query(
      `INSERT INTO enrolments (user_id, course_id, source, assigned_at, due_at) VALUES ($1, $2, 'assigned', now(), now() - interval '3 days')`,
      [newcomer.id, courses[0].id],
    );
    await ctx.db.query(`DELETE FROM enrolments WHERE id = $1`, [ids[25].id]);
    const quiz = courses[0];
    const target = ids.find((e) => e.course_id === quiz.id)!;
    await ctx.db.query(
      `INSERT INTO quiz_attempts (user_id, lesson_id, course_id, number, questions, pass_mark_pct, max_points, started_at,
                                  submitted_at, score_points, passed)
       VALUES ($1, $2, $3, 99, '[]', 70, 4, now(), NULL, NULL, NULL)`,
      [target.user_id, quiz.quizLessonId, quiz.id],
    );
    await ctx.db.query(
      `UPDATE quiz_attempts SET submitted_at = now(), score_points = 4, passed = true WHERE user_id = $1 AND number = 99`,
      [target.user_id],
    );
    // An officer moves to another unit; another switches to Russian.
    await ctx.db.query(`UPDATE users SET organisation_id = $2 WHERE id = $1`, [
      ids[30].user_id,
      world.orgs[1].id,
    ]);
    await ctx.db.query(`UPDATE users SET locale = 'ru' WHERE id = $1`, [ids[31].user_id]);
    const plain = await readPlain(ctx);
    await checkSeed(seed, plain, 4);
    // The summary table holds exactly the enrolments, with the users' current organisation and language.
    const [diff] = (await ctx.db.query(
      `SELECT count(*)::int AS n FROM (
         (SELECT e.id, u.organisation_id, u.locale, e.status, e.due_at, e.completed_at FROM enrolments e JOIN users u ON u.id = e.user_id
          EXCEPT SELECT enrolment_id, organisation_id, learner_locale, status, due_at, completed_at FROM report_enrolments)
         UNION ALL
         (SELECT enrolment_id, organisation_id, learner_locale, status, due_at, completed_at FROM report_enrolments
          EXCEPT SELECT e.id, u.organisation_id, u.locale, e.status, e.due_at, e.completed_at FROM enrolments e JOIN users u ON u.id = e.user_id)) d`,
    )) as { n: number }[];
    expect(diff.n).toBe(0);
    // So do the pre-aggregated counts and the learners' latest activity (computed here from the base tables).
    const [counts] = (await ctx.db.query(
      `WITH direct AS (
         SELECT coalesce(u.organisation_id, '00000000-0000-0000-0000-000000000000') AS organisation_id, e.course_id,
                u.locale AS learner_locale, e.source, e.status, count(*) AS enrolments,
                count(b.best) AS quiz_n, round(coalesce(sum(b.best), 0), 6) AS quiz_sum
           FROM enrolments e JOIN users u ON u.id = e.user_id
           LEFT JOIN (SELECT user_id, course_id, max(score_points * 100.0 / max_points) AS best FROM quiz_attempts
                       WHERE submitted_at IS NOT NULL GROUP BY 1, 2) b ON b.user_id = e.user_id AND b.course_id = e.course_id
          GROUP BY 1, 2, 3, 4, 5),
       kept AS (SELECT organisation_id, course_id, learner_locale, source, status, enrolments, quiz_n, round(quiz_sum, 6) AS quiz_sum
                  FROM report_counts WHERE enrolments <> 0 OR quiz_n <> 0)
       SELECT (SELECT count(*) FROM (SELECT * FROM direct EXCEPT SELECT * FROM kept) a)::int
            + (SELECT count(*) FROM (SELECT * FROM kept EXCEPT SELECT * FROM direct) b)::int AS n`,
    )) as { n: number }[];
    expect(counts.n).toBe(0);
    const [learners] = (await ctx.db.query(
      `WITH direct AS (SELECT e.user_id, coalesce(u.organisation_id, '00000000-0000-0000-0000-000000000000') AS organisation_id,
                              max(e.last_activity_at) AS last_activity_at
                         FROM enrolments e JOIN users u ON u.id = e.user_id GROUP BY e.user_id, u.organisation_id)
       SELECT (SELECT count(*) FROM (SELECT * FROM direct EXCEPT SELECT user_id, organisation_id, last_activity_at FROM report_learners) a)::int
            + (SELECT count(*) FROM (SELECT user_id, organisation_id, last_activity_at FROM report_learners EXCEPT SELECT * FROM direct) b)::int AS n`,
    )) as { n: number }[];
    expect(learners.n).toBe(0);
  }, 60_000);

  it('keeps a coordinator inside their subtree in every report', async () => {
    const a = worlds.get(SEEDS[0])!;
    const b = worlds.get(SEEDS[1])!;
    const plain = await readPlain(ctx);
    const people = await get<Page<PersonRowDto>>(a.agent, `/api/reports/people?pageSize=200`);
    const inA = new Set(a.world.orgs.map((o) => o.id));
    expect(people.items.length).toBeGreaterThan(0);
    expect(people.items.every((p) => inA.has(p.organisationId as string))).toBe(true);
    const filters = await get<ReportFiltersDto>(a.agent, `/api/reports/filters`);
    expect(filters.scope).toBe('subtree');
    expect(filters.units.map((u) => u.id).sort()).toEqual([...inA].sort());
    expect(filters.canSeePeople).toBe(true);
    // Another administration's unit: 403 OUT_OF_SCOPE; an unknown one: 404.
    for (const path of ['courses', 'units', 'completions-weekly', 'people', 'overdue']) {
      const res = await a.agent.get(`/api/reports/${path}?unitId=${b.world.orgs[1].id}`);
      expect({ path, status: res.status, code: res.body.error?.code }).toEqual({
        path,
        status: 403,
        code: 'OUT_OF_SCOPE',
      });
    }
    expect((await a.agent.get(`/api/reports/courses?unitId=${randomUUID()}`)).body.error.code).toBe(
      'ORGANISATION_NOT_FOUND',
    );
    expect((await a.agent.get(`/api/reports/courses?courseId=${randomUUID()}`)).body.error.code).toBe(
      'COURSE_NOT_FOUND',
    );
    // Drill-down: own learner yes; another administration's or an unknown id: 404 USER_NOT_FOUND.
    const own = plain.find((e) => inA.has(e.organisation_id as string))!;
    const other = plain.find((e) => b.world.orgs.some((o) => o.id === e.organisation_id))!;
    const learner = await get<LearnerReportDto>(a.agent, `/api/reports/learners/${own.user_id}`);
    expect(learner.user.id).toBe(own.user_id);
    expect(learner.courses.map((c) => c.enrolmentId).sort()).toEqual(
      plain
        .filter((e) => e.user_id === own.user_id)
        .map((e) => e.id)
        .sort(),
    );
    for (const c of learner.courses) {
      expect(c.lessons).toHaveLength(2);
      expect(c.lessons[0].kind).toBe('video');
      expect(c.lessons[1].watchedPct).toBeNull();
    }
    for (const id of [other.user_id, randomUUID()]) {
      const res = await a.agent.get(`/api/reports/learners/${id}`);
      expect({ status: res.status, code: res.body.error?.code }).toEqual({
        status: 404,
        code: 'USER_NOT_FOUND',
      });
    }
    // Totals never include the other administration.
    const mine = await get<CourseReportDto>(a.agent, `/api/reports/courses`);
    expect(mine.total.enrolled).toBe(select(plain, { paths: [a.world.admin.path] }, Date.now()).length);
  });

  it('answers learners 403, authors aggregates only, and checks its input', async () => {
    const learner = await ctx.login(await ctx.newUser({ organisation: worlds.get(SEEDS[0])!.world.orgs[1] }));
    for (const path of [
      'filters',
      'courses',
      'units',
      'completions-weekly',
      'people',
      'overdue',
      'region',
      'region/courses',
      'region/completions',
      'region/languages',
      `learners/${randomUUID()}`,
    ])
      expect({ path, status: (await learner.get(`/api/reports/${path}`)).status }).toEqual({
        path,
        status: 403,
      });
    expect((await ctx.http().get('/api/reports/courses')).status).toBe(401);
    // Author: region-wide aggregates, no personal detail.
    const plain = await readPlain(ctx);
    const courses = await get<CourseReportDto>(author, '/api/reports/courses');
    expect(courses.total.enrolled).toBe(plain.filter((e) => e.org_path !== null).length);
    const filters = await get<ReportFiltersDto>(author, '/api/reports/filters');
    expect(filters).toMatchObject({ scope: 'region', canSeePeople: false });
    for (const path of ['people', 'overdue', `learners/${plain[0].user_id}`])
      expect({ path, status: (await author.get(`/api/reports/${path}`)).status }).toEqual({
        path,
        status: 403,
      });
    await get(author, '/api/reports/region');
    // Coordinators do not see region figures.
    expect((await worlds.get(SEEDS[0])!.agent.get('/api/reports/region')).status).toBe(403);
    // Bad input: 400.
    const coord = worlds.get(SEEDS[0])!.agent;
    for (const query of [
      'status=lost',
      'from=2026-13-01',
      'from=2026-05-01&to=2026-04-01',
      'unitId=x',
      'sort=password',
      'pageSize=1000',
      'extra=1',
      'from=1990-01-01',
    ])
      expect({
        query,
        status: (
          await coord.get(
            `/api/reports/${query.startsWith('sort') || query.startsWith('pageSize') ? 'people' : query.startsWith('from=1990') ? 'completions-weekly' : 'courses'}?${query}`,
          )
        ).status,
      }).toEqual({ query, status: 400 });
  });

  it('region figures by administration equal a direct computation', async () => {
    const plain = await readPlain(ctx);
    const now = Date.now();
    const report = await get<RegionReportDto>(admin, '/api/reports/region');
    const administrations = (await ctx.db.query(
      `SELECT id, path FROM organisations WHERE kind = 'administration'`,
    )) as { id: string; path: string }[];
    expect(report.items.map((i) => i.organisationId).sort()).toEqual(administrations.map((a) => a.id).sort());
    const learners = (await ctx.db.query(
      `SELECT o.path FROM users u JOIN organisations o ON o.id = u.organisation_id
        WHERE u.status = 'active' AND EXISTS (SELECT 1 FROM role_grants g WHERE g.user_id = u.id AND g.role = 'learner')`,
    )) as { path: string }[];
    for (const item of report.items) {
      const adm = administrations.find((a) => a.id === item.organisationId)!;
      const rows = plain.filter((e) => e.org_path?.startsWith(adm.path));
      const completions = rows.filter((e) => e.status === 'completed').length;
      expect(item).toMatchObject({
        learners: learners.filter((l) => l.path.startsWith(adm.path)).length,
        enrolments: rows.length,
        completions,
        completionRate: rows.length ? Math.round((1000 * completions) / rows.length) / 10 : null,
        active30d: new Set(
          rows
            .filter((e) => e.last_activity_at && e.last_activity_at.getTime() >= now - 30 * DAY)
            .map((e) => e.user_id),
        ).size,
      });
    }
    // Courses: most completed first, same numbers.
    const top = await get<
      Page<{ courseId: string; enrolments: number; completions: number; completionRate: number | null }>
    >(admin, '/api/reports/region/courses?pageSize=200');
    const rates = top.items.map((i) => i.completionRate ?? -1);
    expect(rates).toEqual([...rates].sort((x, y) => y - x));
    for (const item of top.items) {
      const rows = plain.filter((e) => e.course_id === item.courseId && e.org_path !== null);
      expect(item.enrolments).toBe(rows.length);
      expect(item.completions).toBe(rows.filter((e) => e.status === 'completed').length);
    }
    // Languages: every enrolment counted once; ru learners in an English-only course study in English.
    const langs = await get<{
      items: { learnerLocale: string; contentLocale: string; enrolments: number }[];
      byContentLocale: Record<string, number>;
    }>(admin, '/api/reports/region/languages');
    expect(langs.items.reduce((s, r) => s + r.enrolments, 0)).toBe(
      plain.filter((e) => e.org_path !== null).length,
    );
    const ruLearners = plain.filter((e) => e.org_path !== null && e.locale === 'ru').length;
    expect(langs.items.filter((r) => r.learnerLocale === 'ru').reduce((s, r) => s + r.enrolments, 0)).toBe(
      ruLearners,
    );
    const courseLocales = (await ctx.db.query(
      `SELECT c.id, coalesce(v.base_locale, c.base_locale) AS base, coalesce(v.complete_locales, ARRAY[c.base_locale]) AS complete
         FROM courses c LEFT JOIN course_versions v ON v.course_id = c.id AND v.version = c.version`,
    )) as { id: string; base: string; complete: string[] }[];
    const studied = (e: PlainEnrolment) => {
      const c = courseLocales.find((x) => x.id === e.course_id)!;
      return c.complete.includes(e.locale) ? e.locale : c.base;
    };
    for (const row of langs.items as {
      learnerLocale: string;
      contentLocale: string;
      enrolments: number;
      learners: number;
    }[]) {
      const rows = plain.filter(
        (e) => e.org_path !== null && e.locale === row.learnerLocale && studied(e) === row.contentLocale,
      );
      expect({
        row: `${row.learnerLocale}/${row.contentLocale}`,
        enrolments: row.enrolments,
        learners: row.learners,
      }).toEqual({
        row: `${row.learnerLocale}/${row.contentLocale}`,
        enrolments: rows.length,
        learners: new Set(rows.map((e) => e.user_id)).size,
      });
    }
    // The same with a date range (read from the enrolments rather than the counts).
    const from = new Date(now - 200 * DAY).toISOString().slice(0, 10);
    const dated = await get<RegionReportDto>(admin, `/api/reports/region?from=${from}`);
    const inRange = plain.filter(
      (e) => e.org_path !== null && e.created_at.getTime() >= Date.parse(`${from}T00:00:00Z`),
    );
    expect(dated.total.enrolments).toBe(inRange.length);
    expect(dated.total.completions).toBe(inRange.filter((e) => e.status === 'completed').length);
    // Completions over time add up to the completions in the window.
    const monthly = await get<{ items: { periodStart: string; completions: number }[] }>(
      admin,
      '/api/reports/region/completions',
    );
    expect(monthly.items).toHaveLength(12);
    const start = Date.parse(`${monthly.items[0].periodStart}T00:00:00Z`);
    expect(monthly.items.reduce((s, m) => s + m.completions, 0)).toBe(
      plain.filter((e) => e.org_path !== null && e.completed_at && e.completed_at.getTime() >= start).length,
    );
    // Overdue people for the admin: a region-wide list, sorted by due date.
    const overdue = await get<Page<PersonRowDto>>(admin, '/api/reports/overdue?pageSize=10');
    expect(overdue.total).toBe(plain.filter((e) => e.org_path !== null && overdueAt(e, now)).length);
  });
});
