import type { EnrolmentSource, Locale, ReportStatus } from '@academy/contracts';
import { AppException } from '../common/app.exception.js';
import type { Queryable } from './report-scope.js';
import type { ReportColumn, ReportColumnType, ReportTable } from './report-table.js';

/** A ReportTable plus, for paged lists, the row count without the sort (JSON pages' `total`). */
export interface CountedReportTable extends ReportTable {
  countSql?: string;
}

/** What narrows a report (query parameters; see libs/contracts/src/reports.ts). All optional. */
export interface ReportFilters {
  courseId?: string;
  unitId?: string;
  /** YYYY-MM-DD, inclusive. */
  from?: string;
  /** YYYY-MM-DD, inclusive. */
  to?: string;
  status?: ReportStatus;
  source?: EnrolmentSource;
  /** Part of a name or e-mail (people lists). */
  q?: string;
  /** People lists and region courses: a sort key, `-` prefix for descending. */
  sort?: string;
  /** learner-* reports: whose. */
  userId?: string;
  /** region-completions. */
  interval?: 'week' | 'month';
}

/** Positional parameters collected while SQL is assembled. */
export class Params {
  readonly values: unknown[] = [];
  add(value: unknown, cast?: string): string {
    this.values.push(value);
    return `$${this.values.length}${cast ? `::${cast}` : ''}`;
  }
}

export const col = (key: string, en: string, ru: string, type: ReportColumnType): ReportColumn => ({
  key,
  header: { en, ru },
  type,
});

const DAY_MS = 86_400_000;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

function parseDay(value: string, field: string): Date {
  const date = new Date(`${value}T00:00:00.000Z`);
  if (!DATE_RE.test(value) || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value)
    throw new AppException('VALIDATION_FAILED', `${field} must be a date YYYY-MM-DD`, { [field]: 'INVALID' });
  return date;
}

/** [from 00:00, to + 1 day 00:00) in UTC, or nulls; refuses from > to. */
export function dayRange(filters: ReportFilters): { start: Date | null; end: Date | null } {
  const start = filters.from ? parseDay(filters.from, 'from') : null;
  const to = filters.to ? parseDay(filters.to, 'to') : null;
  if (start && to && start > to)
    throw new AppException('VALIDATION_FAILED', 'from is after to', { from: 'INVALID' });
  return { start, end: to ? new Date(to.getTime() + DAY_MS) : null };
}

/** Localised organisation name (names always have en and ru). */
export const orgName = (alias: string, locale: string) =>
  `coalesce(${alias}.name->>${locale}, ${alias}.name->>'en')`;

/**
 * A course's title in `locale` from its current published version, falling back to the version's base language,
 * then to the draft's title (archived or never published).
 */
export const courseTitle = (course: string, version: string, locale: string) =>
  `coalesce(${version}.title->>${locale}, ${version}.title->>${version}.base_locale,
            ${course}.title->>${locale}, ${course}.title->>${course}.base_locale, ${course}.code)`;

export const versionJoin = (course: string, version: string) =>
  `LEFT JOIN course_versions ${version} ON ${version}.course_id = ${course}.id AND ${version}.version = ${course}.version`;

/**
 * Conditions on report_enrolments aliased `f`: organisations (scope or unit subtree), course, dates, status and
 * source. `dates`: 'created' applies from/to to the enrolment date, 'completed' to the completion date.
 */
export function factConditions(
  p: Params,
  orgIds: string[],
  filters: ReportFilters,
  now: Date,
  dates: 'created' | 'completed' | 'none',
): string[] {
  const where = [`f.organisation_id = ANY (${p.add(orgIds, 'uuid[]')})`];
  if (filters.courseId) where.push(`f.course_id = ${p.add(filters.courseId, 'uuid')}`);
  const { start, end } = dayRange(filters);
  const column = dates === 'completed' ? 'f.completed_at' : 'f.created_at';
  if (dates !== 'none' && start) where.push(`${column} >= ${p.add(start, 'timestamptz')}`);
  if (dates !== 'none' && end) where.push(`${column} < ${p.add(end, 'timestamptz')}`);
  if (filters.status === 'overdue')
    where.push(`f.due_at < ${p.add(now, 'timestamptz')} AND f.status <> 'completed'`);
  else if (filters.status) where.push(`f.status = ${p.add(filters.status)}`);
  if (filters.source) where.push(`f.source = ${p.add(filters.source)}`);
  return where;
}

/** The counts of ReportCountsDto over the rows of `f` in a GROUP BY (snake_case result columns). */
export function countColumns(p: Params, now: Date): string {
  return `count(*)::int AS enrolled,
          count(*) FILTER (WHERE f.source = 'assigned')::int AS assigned,
          count(*) FILTER (WHERE f.status = 'not_started')::int AS not_started,
          count(*) FILTER (WHERE f.status = 'in_progress')::int AS in_progress,
          count(*) FILTER (WHERE f.status = 'completed')::int AS completed,
          count(*) FILTER (WHERE f.due_at < ${p.add(now, 'timestamptz')} AND f.status <> 'completed')::int AS overdue,
          coalesce(sum(f.best_quiz_pct), 0)::float8 AS quiz_sum,
          count(f.best_quiz_pct)::int AS quiz_n`;
}

/** Rates from summed counts (one decimal), for SQL over columns named as countColumns names them. */
export const rateColumns = (prefix = '') =>
  `round(100.0 * ${prefix}completed / nullif(${prefix}enrolled, 0), 1)::float8 AS completion_rate,
   round((${prefix}quiz_sum / nullif(${prefix}quiz_n, 0))::numeric, 1)::float8 AS avg_best_quiz_pct`;

/** Column definitions shared by the per-course and per-unit tables. */
export const COUNT_COLUMNS: ReportColumn[] = [
  col('enrolled', 'Enrolled', 'Записано', 'integer'),
  col('assigned', 'Assigned', 'Назначено', 'integer'),
  col('not_started', 'Not started', 'Не начали', 'integer'),
  col('in_progress', 'In progress', 'В процессе', 'integer'),
  col('completed', 'Completed', 'Завершили', 'integer'),
  col('overdue', 'Overdue', 'Просрочено', 'integer'),
  col('completion_rate', 'Completion rate, %', 'Доля завершивших, %', 'percent'),
  col('avg_best_quiz_pct', 'Average best quiz score, %', 'Средний лучший результат теста, %', 'percent'),
];

export interface CountsRow {
  enrolled: number;
  assigned: number;
  not_started: number;
  in_progress: number;
  completed: number;
  overdue: number;
  quiz_sum: number;
  quiz_n: number;
  completion_rate: number | null;
  avg_best_quiz_pct: number | null;
}

const round1 = (value: number) => Math.round(value * 10) / 10;

/** Sums rows of a partition (courses, units) into the total, rates recomputed. */
export function sumCounts(rows: CountsRow[]): CountsRow {
  const t = {
    enrolled: 0,
    assigned: 0,
    not_started: 0,
    in_progress: 0,
    completed: 0,
    overdue: 0,
    quiz_sum: 0,
    quiz_n: 0,
  };
  for (const r of rows) {
    t.enrolled += r.enrolled;
    t.assigned += r.assigned;
    t.not_started += r.not_started;
    t.in_progress += r.in_progress;
    t.completed += r.completed;
    t.overdue += r.overdue;
    t.quiz_sum += Number(r.quiz_sum);
    t.quiz_n += r.quiz_n;
  }
  return {
    ...t,
    completion_rate: t.enrolled ? round1((100 * t.completed) / t.enrolled) : null,
    avg_best_quiz_pct: t.quiz_n ? round1(t.quiz_sum / t.quiz_n) : null,
  };
}

export const isLocale = (value: string): value is Locale => value === 'en' || value === 'ru';

/** `key` or `-key` → [sql expression, direction], from an allow-list; VALIDATION_FAILED otherwise. */
export function parseSort(
  sort: string | undefined,
  fallback: string,
  keys: Record<string, string>,
): { expr: string; dir: 'ASC' | 'DESC' } {
  const value = sort ?? fallback;
  const desc = value.startsWith('-');
  const key = desc ? value.slice(1) : value;
  const expr = keys[key];
  if (!expr) throw new AppException('VALIDATION_FAILED', `Unknown sort ${value}`, { sort: 'INVALID' });
  return { expr, dir: desc ? 'DESC' : 'ASC' };
}

/** What a builder needs besides the request: the database and the server's "now" (Clock). */
export interface ReportContext {
  db: Queryable;
  now: Date;
}

export const STATUS_LABELS: Record<string, Record<Locale, string>> = {
  not_started: { en: 'Not started', ru: 'Не начат' },
  in_progress: { en: 'In progress', ru: 'В процессе' },
  completed: { en: 'Completed', ru: 'Завершён' },
};
export const SOURCE_LABELS: Record<string, Record<Locale, string>> = {
  self: { en: 'Self-enrolled', ru: 'Записался сам' },
  assigned: { en: 'Assigned', ru: 'Назначен' },
};

/** A code column as words in the export's language (literals from a fixed table, never user input). */
export function statusLabel(
  column: string,
  locale: Locale,
  labels: Record<string, Record<Locale, string>>,
): string {
  const cases = Object.entries(labels)
    .map(([code, text]) => `WHEN '${code}' THEN '${text[locale].replace(/'/g, "''")}'`)
    .join(' ');
  return `CASE ${column} ${cases} ELSE ${column} END`;
}

/** The pre-aggregated tables answer when no date range is asked for (they hold no dates). */
export const useCounts = (filters: ReportFilters) => !filters.from && !filters.to;

/**
 * A subquery with one row per `key` ('course_id' or 'organisation_id') and the counts of ReportCountsDto
 * (enrolled, assigned, not_started, in_progress, completed, overdue, quiz_sum, quiz_n), over the selection.
 * Without a date range it reads report_counts plus the open assignments with a past due date (overdue depends
 * on the time); with one, report_enrolments.
 */
export function aggregateSql(
  p: Params,
  orgIds: string[],
  filters: ReportFilters,
  now: Date,
  key: 'course_id' | 'organisation_id',
): string {
  if (!useCounts(filters)) {
    const where = factConditions(p, orgIds, filters, now, 'created');
    return `SELECT f.${key} AS k, ${countColumns(p, now)}
              FROM report_enrolments f WHERE ${where.join(' AND ')} GROUP BY f.${key}`;
  }
  const orgs = p.add(orgIds, 'uuid[]');
  const counts = [`c.organisation_id = ANY (${orgs})`];
  const open = [`f.organisation_id = ANY (${orgs})`, `f.due_at IS NOT NULL`, `f.status <> 'completed'`];
  open.push(`f.due_at < ${p.add(now, 'timestamptz')}`);
  if (filters.courseId) {
    const course = p.add(filters.courseId, 'uuid');
    counts.push(`c.course_id = ${course}`);
    open.push(`f.course_id = ${course}`);
  }
  if (filters.source) {
    const source = p.add(filters.source);
    counts.push(`c.source = ${source}`);
    open.push(`f.source = ${source}`);
  }
  if (filters.status === 'overdue') {
    // Only the overdue enrolments: read them all from the open-due index.
    return `SELECT f.${key} AS k, count(*)::int AS enrolled,
                   count(*) FILTER (WHERE f.source = 'assigned')::int AS assigned,
                   count(*) FILTER (WHERE f.status = 'not_started')::int AS not_started,
                   count(*) FILTER (WHERE f.status = 'in_progress')::int AS in_progress,
                   0 AS completed, count(*)::int AS overdue,
                   coalesce(sum(f.best_quiz_pct), 0)::float8 AS quiz_sum, count(f.best_quiz_pct)::int AS quiz_n
              FROM report_enrolments f WHERE ${open.join(' AND ')} GROUP BY f.${key}`;
  }
  if (filters.status) {
    const status = p.add(filters.status);
    counts.push(`c.status = ${status}`);
    open.push(`f.status = ${status}`);
  }
  return `SELECT x.k, sum(x.enrolled)::int AS enrolled, sum(x.assigned)::int AS assigned,
                 sum(x.not_started)::int AS not_started, sum(x.in_progress)::int AS in_progress,
                 sum(x.completed)::int AS completed, sum(x.overdue)::int AS overdue,
                 sum(x.quiz_sum)::float8 AS quiz_sum, sum(x.quiz_n)::int AS quiz_n
            FROM (
              SELECT c.${key} AS k, c.enrolments AS enrolled,
                     CASE WHEN c.source = 'assigned' THEN c.enrolments ELSE 0 END AS assigned,
                     CASE WHEN c.status = 'not_started' THEN c.enrolments ELSE 0 END AS not_started,
                     CASE WHEN c.status = 'in_progress' THEN c.enrolments ELSE 0 END AS in_progress,
                     CASE WHEN c.status = 'completed' THEN c.enrolments ELSE 0 END AS completed,
                     0 AS overdue, c.quiz_sum, c.quiz_n
                FROM report_counts c WHERE ${counts.join(' AND ')}
              UNION ALL
              SELECT f.${key}, 0, 0, 0, 0, 0, count(*), 0, 0
                FROM report_enrolments f WHERE ${open.join(' AND ')} GROUP BY f.${key}) x
           GROUP BY x.k
          HAVING sum(x.enrolled) > 0`;
}
