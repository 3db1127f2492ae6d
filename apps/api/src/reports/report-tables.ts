import type { Locale, ReportKind } from '@academy/contracts';
import { AppException } from '../common/app.exception.js';
import type { AuthUser } from '../identity/auth-user.js';
import { learnerTable } from './learner-tables.js';
import { regionTable } from './region-tables.js';
import {
  col,
  aggregateSql,
  COUNT_COLUMNS,
  courseTitle,
  factConditions,
  orgName,
  Params,
  parseSort,
  rateColumns,
  SOURCE_LABELS,
  STATUS_LABELS,
  statusLabel,
  versionJoin,
  type CountedReportTable,
  type ReportContext,
  type ReportFilters,
} from './report-sql.js';
import { loadScope, unitSubtree, type OrgRow, type Queryable, type ReportScope } from './report-scope.js';

export type { ReportContext, ReportFilters } from './report-sql.js';
export type { Queryable } from './report-scope.js';

/** Most weeks the weekly chart spans (five years). */
export const MAX_WEEKS = 260;

/**
 * The one place a report becomes SQL: checks the caller may read `kind` (FORBIDDEN, OUT_OF_SCOPE,
 * ORGANISATION_NOT_FOUND, COURSE_NOT_FOUND, USER_NOT_FOUND, VALIDATION_FAILED as AppException) and returns
 * the scoped, ordered query. JSON routes page through `sql`; exports stream all of it. Columns not listed in
 * `columns` (ids, helper sums) may be present in the rows; exports write only `columns`.
 */
export async function buildReportTable(
  ctx: ReportContext,
  kind: ReportKind,
  user: AuthUser,
  filters: ReportFilters,
  locale: Locale,
): Promise<CountedReportTable> {
  const scope = await loadScope(ctx.db, user, kind);
  const orgs = filters.unitId ? await unitSubtree(ctx.db, scope, filters.unitId) : scope.orgs;
  if (filters.courseId) await assertCourse(ctx.db, filters.courseId);
  const sel: Selection = { scope, orgs, orgIds: orgs.map((o) => o.id) };
  switch (kind) {
    case 'courses':
      return coursesTable(ctx, sel, filters, locale);
    case 'units':
      return unitsTable(ctx, sel, filters, locale);
    case 'completions-weekly':
      return weeklyTable(ctx, sel, filters);
    case 'people':
    case 'overdue':
      return peopleTable(ctx, sel, kind, filters, locale);
    case 'learner-courses':
    case 'learner-lessons':
    case 'learner-attempts':
      return learnerTable(ctx, scope, kind, filters, locale);
    default:
      return regionTable(ctx, sel, kind, filters, locale);
  }
}

export interface Selection {
  scope: ReportScope;
  /** Organisations selected: the scope, or the unit filter's subtree. */
  orgs: OrgRow[];
  orgIds: string[];
}

async function assertCourse(db: Queryable, courseId: string): Promise<void> {
  const rows = (await db.query(`SELECT 1 FROM courses WHERE id = $1`, [courseId])) as unknown[];
  if (rows.length === 0) throw new AppException('COURSE_NOT_FOUND', 'No such course');
}

function coursesTable(
  ctx: ReportContext,
  sel: Selection,
  filters: ReportFilters,
  locale: Locale,
): CountedReportTable {
  const p = new Params();
  const loc = p.add(locale);
  const sql = `
WITH g AS (${aggregateSql(p, sel.orgIds, filters, ctx.now, 'course_id')})
SELECT c.id AS course_id, c.code, ${courseTitle('c', 'v', loc)} AS title,
       g.enrolled, g.assigned, g.not_started, g.in_progress, g.completed, g.overdue, g.quiz_sum, g.quiz_n,
       ${rateColumns('g.')}
  FROM g JOIN courses c ON c.id = g.k ${versionJoin('c', 'v')}
 ORDER BY 3, c.code, c.id`;
  return {
    name: 'courses',
    locale,
    columns: [col('code', 'Code', 'Код', 'text'), col('title', 'Course', 'Курс', 'text'), ...COUNT_COLUMNS],
    sql,
    params: p.values,
  };
}

/**
 * Rows: the direct children of the unit filter, or of the single scope root; several scope roots are rows
 * themselves. A `direct` row counts people attached to the parent itself (only when there are any).
 */
export function unitRows(
  sel: Selection,
  unitId: string | undefined,
): { parent: OrgRow | null; rows: OrgRow[] } {
  const parent = unitId
    ? (sel.orgs.find((o) => o.id === unitId) ?? null)
    : sel.scope.roots.length === 1
      ? sel.scope.roots[0]
      : null;
  if (!parent) return { parent: null, rows: sel.scope.roots };
  return { parent, rows: sel.orgs.filter((o) => o.parent_id === parent.id) };
}

function unitsTable(
  ctx: ReportContext,
  sel: Selection,
  filters: ReportFilters,
  locale: Locale,
): CountedReportTable {
  const p = new Params();
  const { parent, rows } = unitRows(sel, filters.unitId);
  const ids = [...rows.map((r) => r.id), ...(parent ? [parent.id] : [])];
  const direct = [...rows.map(() => false), ...(parent ? [true] : [])];
  const loc = p.add(locale);
  const sql = `
WITH per_org AS (${aggregateSql(p, sel.orgIds, filters, ctx.now, 'organisation_id')}),
r AS (SELECT * FROM unnest(${p.add(ids, 'uuid[]')}, ${p.add(direct, 'boolean[]')}) AS r(id, direct)),
s AS (
  SELECT r.id, r.direct,
         coalesce(sum(a.enrolled), 0)::int AS enrolled, coalesce(sum(a.assigned), 0)::int AS assigned,
         coalesce(sum(a.not_started), 0)::int AS not_started, coalesce(sum(a.in_progress), 0)::int AS in_progress,
         coalesce(sum(a.completed), 0)::int AS completed, coalesce(sum(a.overdue), 0)::int AS overdue,
         coalesce(sum(a.quiz_sum), 0)::float8 AS quiz_sum, coalesce(sum(a.quiz_n), 0)::int AS quiz_n
    FROM r JOIN organisations o ON o.id = r.id
    JOIN organisations m ON (r.direct AND m.id = r.id) OR (NOT r.direct AND m.path LIKE o.path || '%')
    LEFT JOIN per_org a ON a.k = m.id
   GROUP BY r.id, r.direct)
SELECT o.id AS organisation_id, o.code, o.kind, ${orgName('o', loc)} AS name, s.direct,
       EXISTS (SELECT 1 FROM organisations k WHERE k.parent_id = o.id) AS has_children,
       s.enrolled, s.assigned, s.not_started, s.in_progress, s.completed, s.overdue, s.quiz_sum, s.quiz_n,
       ${rateColumns('s.')}
  FROM s JOIN organisations o ON o.id = s.id
 WHERE NOT s.direct OR s.enrolled > 0
 ORDER BY s.direct, 4, o.code, o.id`;
  return {
    name: 'units',
    locale,
    columns: [
      col('code', 'Code', 'Код', 'text'),
      col('name', 'Organisation', 'Подразделение', 'text'),
      ...COUNT_COLUMNS,
    ],
    sql,
    params: p.values,
  };
}

const WEEK_MS = 7 * 86_400_000;

/** Monday 00:00 UTC of the week containing `date`. */
export function weekStart(date: Date): Date {
  const day = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  return new Date(day.getTime() - ((day.getUTCDay() + 6) % 7) * 86_400_000);
}

function weeklyTable(ctx: ReportContext, sel: Selection, filters: ReportFilters): CountedReportTable {
  const p = new Params();
  const where = factConditions(p, sel.orgIds, filters, ctx.now, 'completed');
  const last = weekStart(filters.to ? new Date(`${filters.to}T00:00:00Z`) : ctx.now);
  const first = filters.from
    ? weekStart(new Date(`${filters.from}T00:00:00Z`))
    : new Date(last.getTime() - 25 * WEEK_MS);
  if ((last.getTime() - first.getTime()) / WEEK_MS + 1 > MAX_WEEKS)
    throw new AppException('VALIDATION_FAILED', `At most ${MAX_WEEKS} weeks`, { from: 'INVALID' });
  // Without from/to the range is the chart's own (the last 26 weeks).
  if (!filters.from) where.push(`f.completed_at >= ${p.add(first, 'timestamptz')}`);
  if (!filters.to) where.push(`f.completed_at < ${p.add(new Date(last.getTime() + WEEK_MS), 'timestamptz')}`);
  const sql = `
SELECT to_char(w.week, 'YYYY-MM-DD') AS week_start, coalesce(x.n, 0)::int AS completions
  FROM generate_series(${p.add(first, 'timestamptz')} AT TIME ZONE 'UTC', ${p.add(last, 'timestamptz')} AT TIME ZONE 'UTC',
                       interval '1 week') AS w(week)
  LEFT JOIN (
    SELECT date_trunc('week', f.completed_at AT TIME ZONE 'UTC') AS wk, count(*) AS n
      FROM report_enrolments f
     WHERE f.completed_at IS NOT NULL AND ${where.join(' AND ')}
     GROUP BY 1) x ON x.wk = w.week
 ORDER BY w.week`;
  return {
    name: 'completions-weekly',
    locale: 'en',
    columns: [
      col('week_start', 'Week starting', 'Неделя с', 'date'),
      col('completions', 'Completions', 'Завершения', 'integer'),
    ],
    sql,
    params: p.values,
  };
}

export const PEOPLE_SORT: Record<string, string> = {
  name: 'u.display_name',
  email: 'u.email',
  unit: 'unit_name',
  course: 'course_title',
  status: 'f.status',
  progress: 'f.progress_pct',
  dueAt: 'f.due_at',
  completedAt: 'f.completed_at',
  lastActivityAt: 'f.last_activity_at',
};

/**
 * The people list's default order (and its exports'): learner name, e-mail, course code, enrolment. Comparing
 * names and e-mails (citext) a million times was most of an export's time, so for the name sorts the learners
 * are numbered once in that order (`name_rank`: for the ascending sort straight from the index
 * users_name_order_idx, no comparison at all), the courses by code (`code_rank`, equal codes share a number)
 * and the enrolments sorted by those integers: the same order, exactly (e-mails are unique, so the numbers of
 * two learners compare as their names and e-mails do). The numbered learners come ordered by the number, so a
 * page (LIMIT) can walk them and read each learner's enrolments instead of sorting everyone's.
 */
function rankedUsers(desc: boolean): string {
  // Descending names, ascending e-mails: name groups (dense_rank) backwards, the ascending number within.
  return `(SELECT id, display_name, email,
                 dense_rank() OVER (ORDER BY display_name) AS name_group,
                 row_number() OVER (ORDER BY display_name, email) AS name_rank
            FROM users ORDER BY ${desc ? 'name_group DESC, name_rank' : 'name_rank'})`;
}

function peopleTable(
  ctx: ReportContext,
  sel: Selection,
  kind: 'people' | 'overdue',
  filters: ReportFilters,
  locale: Locale,
): CountedReportTable {
  const p = new Params();
  const effective: ReportFilters = kind === 'overdue' ? { ...filters, status: 'overdue' } : filters;
  const where = factConditions(p, sel.orgIds, effective, ctx.now, 'created');
  if (filters.q) {
    const like = p.add(`%${filters.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    where.push(`(u.display_name ILIKE ${like} OR u.email::text ILIKE ${like})`);
  }
  const { expr, dir } = parseSort(filters.sort, kind === 'overdue' ? 'dueAt' : 'name', PEOPLE_SORT);
  const byName = expr === PEOPLE_SORT.name;
  const now = p.add(ctx.now, 'timestamptz');
  const loc = p.add(locale);
  // Unit names and course titles once per unit and course, not once per row (a million jsonb reads for an
  // export); OFFSET 0 keeps PostgreSQL from merging the subqueries into the outer query.
  const units = `(SELECT o.id, ${orgName('o', loc)} AS name FROM organisations o OFFSET 0)`;
  const courses = (ranked: boolean) => `(SELECT k.id, k.code, ${courseTitle('k', 'kv', loc)} AS title${
    ranked ? ', dense_rank() OVER (ORDER BY k.code) AS code_rank' : ''
  }
            FROM courses k ${versionJoin('k', 'kv')} OFFSET 0)`;
  const body = (users: string, ranked: boolean) => `
SELECT f.enrolment_id, f.user_id, u.display_name, u.email::text AS email, f.organisation_id,
       o.name AS unit_name, f.course_id, c.code AS course_code, c.title AS course_title,
       f.source, ${statusLabel('f.source', locale, SOURCE_LABELS)} AS source_label,
       f.status, ${statusLabel('f.status', locale, STATUS_LABELS)} AS status_label, f.progress_pct, f.created_at AS enrolled_at, f.assigned_at, f.due_at,
       (f.due_at < ${now} AND f.status <> 'completed') AS overdue,
       CASE WHEN f.due_at < ${now} AND f.status <> 'completed'
            THEN floor(extract(epoch FROM (${now} - f.due_at)) / 86400)::int ELSE 0 END AS days_overdue,
       f.started_at, f.completed_at, f.last_activity_at
  FROM report_enrolments f
  JOIN ${users} u ON u.id = f.user_id
  JOIN ${units} o ON o.id = f.organisation_id
  JOIN ${courses(ranked)} c ON c.id = f.course_id
 WHERE ${where.join(' AND ')}`;
  // The joins add no condition (every enrolment's learner and course exist; its unit is one of orgIds): the
  // count reads report_enrolments alone, and users only to search names. It names `now` and `loc` (the rows'
  // parameters) only because both statements take the same parameter list.
  const countSql = `SELECT count(*)::int AS total FROM report_enrolments f
    ${filters.q ? 'JOIN users u ON u.id = f.user_id' : ''}
   WHERE ${where.join(' AND ')} AND ${now} IS NOT NULL AND ${loc}::text IS NOT NULL`;
  // Either way the order of `ORDER BY <sort> NULLS LAST, u.display_name, u.email, c.code, f.enrolment_id`.
  const sql = byName
    ? `${body(rankedUsers(dir === 'DESC'), true)} ORDER BY ${dir === 'DESC' ? 'u.name_group DESC, ' : ''}u.name_rank, c.code_rank, f.enrolment_id`
    : `${body('users', false)} ORDER BY ${expr} ${dir} NULLS LAST, u.display_name, u.email, c.code, f.enrolment_id`;
  return {
    name: kind,
    locale,
    columns: [
      col('display_name', 'Name', 'Имя', 'text'),
      col('email', 'E-mail', 'Эл. почта', 'text'),
      col('unit_name', 'Unit', 'Подразделение', 'text'),
      col('course_code', 'Course code', 'Код курса', 'text'),
      col('course_title', 'Course', 'Курс', 'text'),
      col('source_label', 'Source', 'Источник', 'text'),
      col('status_label', 'Status', 'Статус', 'text'),
      col('progress_pct', 'Progress, %', 'Прогресс, %', 'percent'),
      col('enrolled_at', 'Enrolled', 'Записан', 'datetime'),
      col('assigned_at', 'Assigned', 'Назначен', 'datetime'),
      col('due_at', 'Due', 'Срок', 'datetime'),
      col('days_overdue', 'Days overdue', 'Дней просрочки', 'integer'),
      col('started_at', 'Started', 'Начат', 'datetime'),
      col('completed_at', 'Completed', 'Завершён', 'datetime'),
      col('last_activity_at', 'Last activity', 'Последняя активность', 'datetime'),
    ],
    sql,
    countSql,
    params: p.values,
  };
}
