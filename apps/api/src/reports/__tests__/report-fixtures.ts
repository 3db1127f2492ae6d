import type { ReportCountsDto, ReportStatus } from '@academy/contracts';
import type { TestContext, TestOrganisation } from '@academy/testing';

/** Small seeded PRNG (mulberry32): the same seed gives the same data. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: T[]): T => items[Math.floor(next() * items.length)],
    chance: (p: number) => next() < p,
  };
}

const DAY = 86_400_000;

export interface World {
  admin: TestOrganisation;
  orgs: TestOrganisation[];
}

/**
 * A random administration under `region`: 2–4 units, some with sub-units; 25–50 officers spread over them
 * (some directly in the administration); random enrolments in `courseIds` with every status, self and
 * assigned, due dates past and future, dates over ~14 months; random quiz attempts (some open).
 * Everything is written straight into the base tables (the reports' own table follows by its triggers).
 */
export async function generateWorld(
  ctx: TestContext,
  seed: number,
  region: TestOrganisation,
  courses: { id: string; quizLessonId: string | null }[],
  now: number,
): Promise<World> {
  const r = prng(seed);
  const admin = await ctx.newOrganisation({
    parent: region,
    kind: 'administration',
    code: `S${seed}-${r.int(0, 1e9)}`,
  });
  const orgs: TestOrganisation[] = [admin];
  for (let i = r.int(2, 4); i > 0; i--) {
    const unit = await ctx.newOrganisation({ parent: admin });
    orgs.push(unit);
    for (let j = r.int(0, 2); j > 0; j--) orgs.push(await ctx.newOrganisation({ parent: unit }));
  }
  const userCount = r.int(25, 50);
  const users = Array.from({ length: userCount }, (_, i) => ({
    email: `s${seed}-${i}-${r.int(0, 1e9)}@gen.test`,
    display_name: `${r.pick(['Ann', 'Bob', 'Cem', 'Dana', 'Eldar', 'Farid', 'Gul'])} ${r.pick(['Aliyev', 'Berg', 'Kaya', 'Orlov'])} ${i}`,
    locale: r.chance(0.4) ? 'ru' : 'en',
    organisation_id: r.pick(orgs).id,
  }));
  const userRows = (await ctx.db.query(
    `INSERT INTO users (email, display_name, locale, organisation_id)
     SELECT email, display_name, locale, organisation_id FROM jsonb_to_recordset($1::jsonb)
         AS x(email text, display_name text, locale text, organisation_id uuid)
     RETURNING id`,
    [JSON.stringify(users)],
  )) as { id: string }[];
  await ctx.db.query(`INSERT INTO role_grants (user_id, role) SELECT unnest($1::uuid[]), 'learner'`, [
    userRows.map((u) => u.id),
  ]);
  const enrolments: Record<string, unknown>[] = [];
  const attempts: Record<string, unknown>[] = [];
  const iso = (t: number) => new Date(t).toISOString();
  for (const user of userRows) {
    for (const course of courses) {
      if (!r.chance(0.6)) continue;
      const created = now - r.int(1, 420) * DAY - r.int(0, DAY - 1);
      const status = r.pick(['not_started', 'in_progress', 'completed'] as const);
      const assigned = r.chance(0.5);
      // Due dates at least an hour away from now, so "overdue" cannot flip during the test.
      let due: number | null = null;
      if (assigned && r.chance(0.7)) {
        due = created + r.int(5, 200) * DAY;
        if (Math.abs(due - now) < 3_600_000) due += 2 * 3_600_000;
      }
      const started = status === 'not_started' ? null : created + r.next() * (now - created) * 0.5;
      const completed =
        status === 'completed' ? (started as number) + r.next() * (now - (started as number)) : null;
      const last = completed ?? (started === null ? null : started + r.next() * (now - started));
      enrolments.push({
        user_id: user.id,
        course_id: course.id,
        source: assigned ? 'assigned' : 'self',
        status,
        progress_pct: status === 'completed' ? 100 : status === 'in_progress' ? r.int(0, 99) : 0,
        created_at: iso(created),
        assigned_at: assigned ? iso(created) : null,
        due_at: due === null ? null : iso(due),
        started_at: started === null ? null : iso(started),
        completed_at: completed === null ? null : iso(completed),
        last_activity_at: last === null ? null : iso(last),
      });
      if (course.quizLessonId && started !== null) {
        for (let n = 1, k = r.int(0, 3); n <= k; n++) {
          const max = r.int(3, 10);
          const submitted = r.chance(0.85);
          const score = submitted ? r.int(0, max) : null;
          attempts.push({
            user_id: user.id,
            lesson_id: course.quizLessonId,
            course_id: course.id,
            number: n,
            pass_mark_pct: 70,
            max_points: max,
            started_at: iso(started),
            submitted_at: submitted ? iso(started + 60_000) : null,
            score_points: score,
            passed: submitted ? (score as number) * 100 >= 70 * max : null,
          });
        }
      }
    }
  }
  await ctx.db.query(
    `INSERT INTO enrolments (user_id, course_id, source, status, progress_pct, created_at, assigned_at, due_at,
                             started_at, completed_at, last_activity_at)
     SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(user_id uuid, course_id uuid, source text, status text,
       progress_pct int, created_at timestamptz, assigned_at timestamptz, due_at timestamptz, started_at timestamptz,
       completed_at timestamptz, last_activity_at timestamptz)`,
    [JSON.stringify(enrolments)],
  );
  if (attempts.length)
    await ctx.db.query(
      `INSERT INTO quiz_attempts (user_id, lesson_id, course_id, number, questions, pass_mark_pct, max_points,
                                  started_at, submitted_at, score_points, passed)
       SELECT user_id, lesson_id, course_id, number, '[]'::jsonb, pass_mark_pct, max_points, started_at,
              submitted_at, score_points, passed
         FROM jsonb_to_recordset($1::jsonb) AS x(user_id uuid, lesson_id uuid, course_id uuid, number int,
           pass_mark_pct int, max_points int, started_at timestamptz, submitted_at timestamptz, score_points int,
           passed boolean)`,
      [JSON.stringify(attempts)],
    );
  return { admin, orgs };
}

/** One enrolment as read plainly from the base tables (never from report_enrolments). */
export interface PlainEnrolment {
  id: string;
  user_id: string;
  course_id: string;
  org_path: string | null;
  organisation_id: string | null;
  locale: string;
  status: string;
  source: string;
  created_at: Date;
  due_at: Date | null;
  completed_at: Date | null;
  last_activity_at: Date | null;
  /** Best submitted score in %, computed here from the attempts. */
  best: number | null;
}

export async function readPlain(ctx: TestContext): Promise<PlainEnrolment[]> {
  const rows = (await ctx.db.query(
    `SELECT e.id, e.user_id, e.course_id, o.path AS org_path, u.organisation_id, u.locale, e.status, e.source,
            e.created_at, e.due_at, e.completed_at, e.last_activity_at
       FROM enrolments e JOIN users u ON u.id = e.user_id LEFT JOIN organisations o ON o.id = u.organisation_id`,
  )) as PlainEnrolment[];
  const attempts = (await ctx.db.query(
    `SELECT user_id, course_id, score_points, max_points FROM quiz_attempts WHERE submitted_at IS NOT NULL`,
  )) as { user_id: string; course_id: string; score_points: number; max_points: number }[];
  const best = new Map<string, number>();
  for (const a of attempts) {
    const key = `${a.user_id}/${a.course_id}`;
    const pct = (a.score_points * 100) / a.max_points;
    if (!best.has(key) || (best.get(key) as number) < pct) best.set(key, pct);
  }
  for (const row of rows) row.best = best.get(`${row.user_id}/${row.course_id}`) ?? null;
  return rows;
}

export interface Filter {
  paths: string[];
  courseId?: string;
  from?: string;
  to?: string;
  status?: ReportStatus;
}

export const overdueAt = (e: PlainEnrolment, now: number) =>
  e.due_at !== null && e.due_at.getTime() < now && e.status !== 'completed';

/** Enrolments selected by a filter (enrolment date for from/to, as the contract says). */
export function select(rows: PlainEnrolment[], f: Filter, now: number): PlainEnrolment[] {
  const from = f.from ? Date.parse(`${f.from}T00:00:00Z`) : -Infinity;
  const to = f.to ? Date.parse(`${f.to}T00:00:00Z`) + DAY : Infinity;
  return rows.filter(
    (e) =>
      e.org_path !== null &&
      f.paths.some((p) => (e.org_path as string).startsWith(p)) &&
      (!f.courseId || e.course_id === f.courseId) &&
      e.created_at.getTime() >= from &&
      e.created_at.getTime() < to &&
      (!f.status || (f.status === 'overdue' ? overdueAt(e, now) : e.status === f.status)),
  );
}

const round1 = (x: number) => Math.round(x * 10) / 10;

export function expectedCounts(rows: PlainEnrolment[], now: number): ReportCountsDto {
  const n = (pred: (e: PlainEnrolment) => boolean) => rows.filter(pred).length;
  const completed = n((e) => e.status === 'completed');
  const bests = rows.map((e) => e.best).filter((b): b is number => b !== null);
  return {
    enrolled: rows.length,
    assigned: n((e) => e.source === 'assigned'),
    notStarted: n((e) => e.status === 'not_started'),
    inProgress: n((e) => e.status === 'in_progress'),
    completed,
    overdue: n((e) => overdueAt(e, now)),
    completionRate: rows.length ? round1((100 * completed) / rows.length) : null,
    avgBestQuizPct: bests.length ? round1(bests.reduce((s, b) => s + b, 0) / bests.length) : null,
  };
}

/** Compares counts allowing ±0.1 on the one-decimal averages (float sums in another order). */
export function expectCounts(actual: ReportCountsDto, expected: ReportCountsDto) {
  const pick = (c: ReportCountsDto) => [
    c.enrolled,
    c.assigned,
    c.notStarted,
    c.inProgress,
    c.completed,
    c.overdue,
  ];
  const { avgBestQuizPct: a, completionRate: ar } = actual;
  const { avgBestQuizPct: e, completionRate: er } = expected;
  expect(pick(actual)).toEqual(pick(expected));
  expect(ar).toBe(er);
  if (e === null) expect(a).toBeNull();
  else expect(Math.abs((a as number) - e)).toBeLessThanOrEqual(0.1);
}

/** Monday (UTC) of the week of `t`, as YYYY-MM-DD. */
export function mondayOf(t: number): string {
  const d = new Date(t);
  const day = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  return new Date(day - ((new Date(day).getUTCDay() + 6) % 7) * DAY).toISOString().slice(0, 10);
}
