import type { Locale, ReportKind } from '@academy/contracts';
import { AppException } from '../common/app.exception.js';
import {
  col,
  courseTitle,
  factConditions,
  useCounts,
  orgName,
  Params,
  parseSort,
  versionJoin,
  type CountedReportTable,
  type ReportContext,
  type ReportFilters,
} from './report-sql.js';
import type { Queryable } from './report-scope.js';
import type { Selection } from './report-tables.js';

const DAY_MS = 86_400_000;
/** Most periods region/completions spans. */
export const MAX_PERIODS = 260;

const RATE = (n: string, d: string) => `round(100.0 * ${n} / nullif(${d}, 0), 1)::float8`;

export async function regionTable(
  ctx: ReportContext,
  sel: Selection,
  kind: ReportKind,
  filters: ReportFilters,
  locale: Locale,
): Promise<CountedReportTable> {
  switch (kind) {
    case 'region':
      return administrations(ctx, sel, filters, locale);
    case 'region-completions':
      return completions(ctx, sel, filters);
    case 'region-courses':
      return courses(ctx, sel, filters, locale);
    case 'region-languages':
      return languages(ctx, sel, filters, locale);
    default:
      throw new AppException('NOT_FOUND', `Unknown report ${kind}`);
  }
}

/**
 * One row per administration that the selection reaches (all of them without a unit filter), zeros included.
 * Each organisation's figures are computed once and rolled up to its administration.
 */
function administrations(
  ctx: ReportContext,
  sel: Selection,
  filters: ReportFilters,
  locale: Locale,
): CountedReportTable {
  const p = new Params();
  const orgIds = p.add(sel.orgIds, 'uuid[]');
  const course = filters.courseId ? p.add(filters.courseId, 'uuid') : null;
  const since = p.add(new Date(ctx.now.getTime() - 30 * DAY_MS), 'timestamptz');
  const selectedPaths = p.add(
    sel.orgs.map((o) => o.path),
    'text[]',
  );
  // Enrolments and completions per organisation: the counts, or the enrolments themselves for a date range.
  const e = useCounts(filters)
    ? `SELECT c.organisation_id, sum(c.enrolments) AS n,
              sum(c.enrolments) FILTER (WHERE c.status = 'completed') AS c
         FROM report_counts c
        WHERE c.organisation_id = ANY (${orgIds})${course ? ` AND c.course_id = ${course}` : ''}
        GROUP BY c.organisation_id`
    : `SELECT f.organisation_id, count(*) AS n, count(*) FILTER (WHERE f.status = 'completed') AS c
         FROM report_enrolments f WHERE ${factConditions(p, sel.orgIds, filters, ctx.now, 'created').join(' AND ')}
        GROUP BY f.organisation_id`;
  // Learners active in the last 30 days: their latest activity, or per course from the enrolments.
  const act = course
    ? `SELECT d.organisation_id, count(*) AS n
         FROM (SELECT DISTINCT f.organisation_id, f.user_id FROM report_enrolments f
                WHERE f.organisation_id = ANY (${orgIds}) AND f.last_activity_at >= ${since} AND f.course_id = ${course}) d
        GROUP BY d.organisation_id`
    : `SELECT l.organisation_id, count(*) AS n FROM report_learners l
        WHERE l.organisation_id = ANY (${orgIds}) AND l.last_activity_at >= ${since}
        GROUP BY l.organisation_id`;
  const loc = p.add(locale);
  const sql = `
WITH adm AS (
  SELECT a.id, a.code, a.country_code, a.path, ${orgName('a', loc)} AS name
    FROM organisations a
   WHERE a.kind = 'administration'
     AND EXISTS (SELECT 1 FROM unnest(${selectedPaths}) AS s(path)
                  WHERE s.path LIKE a.path || '%' OR a.path LIKE s.path || '%')),
org AS (
  SELECT o.id AS org_id, a.id AS adm_id FROM organisations o JOIN adm a ON o.path LIKE a.path || '%'
   WHERE o.id = ANY (${orgIds})),
e AS (${e}),
act AS (${act}),
l AS (
  SELECT u.organisation_id, count(*) AS n FROM users u
   WHERE u.organisation_id = ANY (${orgIds}) AND u.status = 'active'
     AND EXISTS (SELECT 1 FROM role_grants g WHERE g.user_id = u.id AND g.role = 'learner')
   GROUP BY u.organisation_id)
SELECT a.id AS organisation_id, a.code, a.country_code::text AS country_code, a.name,
       coalesce(sum(l.n), 0)::int AS learners, coalesce(sum(e.n), 0)::int AS enrolments,
       coalesce(sum(e.c), 0)::int AS completions, ${RATE('sum(e.c)', 'sum(e.n)')} AS completion_rate,
       coalesce(sum(act.n), 0)::int AS active30d
  FROM adm a
  LEFT JOIN org ON org.adm_id = a.id
  LEFT JOIN e ON e.organisation_id = org.org_id
  LEFT JOIN act ON act.organisation_id = org.org_id
  LEFT JOIN l ON l.organisation_id = org.org_id
 GROUP BY a.id, a.code, a.country_code, a.name
 ORDER BY a.name, a.code, a.id`;
  return {
    name: 'region',
    locale,
    columns: [
      col('country_code', 'Country', 'Страна', 'text'),
      col('name', 'Administration', 'Администрация', 'text'),
      col('learners', 'Learners', 'Слушатели', 'integer'),
      col('enrolments', 'Enrolments', 'Записи на курсы', 'integer'),
      col('completions', 'Completions', 'Завершения', 'integer'),
      col('completion_rate', 'Completion rate, %', 'Доля завершений, %', 'percent'),
      col('active30d', 'Active in the last 30 days', 'Активны за 30 дней', 'integer'),
    ],
    sql,
    params: p.values,
  };
}

/** First day (UTC) of the period containing `date`. */
export function periodStart(date: Date, interval: 'week' | 'month'): Date {
  if (interval === 'month') return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1));
  const day = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  return new Date(day.getTime() - ((day.getUTCDay() + 6) % 7) * DAY_MS);
}

function completions(ctx: ReportContext, sel: Selection, filters: ReportFilters): CountedReportTable {
  const interval = filters.interval ?? 'month';
  const p = new Params();
  const where = factConditions(p, sel.orgIds, filters, ctx.now, 'completed');
  const last = periodStart(filters.to ? new Date(`${filters.to}T00:00:00Z`) : ctx.now, interval);
  let first: Date;
  if (filters.from) first = periodStart(new Date(`${filters.from}T00:00:00Z`), interval);
  else if (interval === 'month')
    first = new Date(Date.UTC(last.getUTCFullYear(), last.getUTCMonth() - 11, 1));
  else first = new Date(last.getTime() - 25 * 7 * DAY_MS);
  const periods =
    interval === 'month'
      ? (last.getUTCFullYear() - first.getUTCFullYear()) * 12 + last.getUTCMonth() - first.getUTCMonth() + 1
      : (last.getTime() - first.getTime()) / (7 * DAY_MS) + 1;
  if (periods > MAX_PERIODS)
    throw new AppException('VALIDATION_FAILED', `At most ${MAX_PERIODS} periods`, { from: 'INVALID' });
  if (!filters.from) where.push(`f.completed_at >= ${p.add(first, 'timestamptz')}`);
  if (!filters.to) {
    const end =
      interval === 'month'
        ? new Date(Date.UTC(last.getUTCFullYear(), last.getUTCMonth() + 1, 1))
        : new Date(last.getTime() + 7 * DAY_MS);
    where.push(`f.completed_at < ${p.add(end, 'timestamptz')}`);
  }
  const unit = p.add(interval);
  const sql = `
SELECT to_char(g.period, 'YYYY-MM-DD') AS period_start, coalesce(x.n, 0)::int AS completions
  FROM generate_series(${p.add(first, 'timestamptz')} AT TIME ZONE 'UTC', ${p.add(last, 'timestamptz')} AT TIME ZONE 'UTC',
                       ('1 ' || ${unit})::interval) AS g(period)
  LEFT JOIN (
    SELECT date_trunc(${unit}, f.completed_at AT TIME ZONE 'UTC') AS period, count(*) AS n
      FROM report_enrolments f
     WHERE f.completed_at IS NOT NULL AND ${where.join(' AND ')}
     GROUP BY 1) x ON x.period = g.period
 ORDER BY g.period`;
  return {
    name: 'region-completions',
    locale: 'en',
    columns: [
      col(
        'period_start',
        interval === 'month' ? 'Month' : 'Week starting',
        interval === 'month' ? 'Месяц' : 'Неделя с',
        'date',
      ),
      col('completions', 'Completions', 'Завершения', 'integer'),
    ],
    sql,
    params: p.values,
  };
}

export const REGION_COURSE_SORT: Record<string, string> = {
  completionRate: 'completion_rate',
  completions: 'completions',
  enrolments: 'enrolments',
  title: 'title',
};

function courses(
  ctx: ReportContext,
  sel: Selection,
  filters: ReportFilters,
  locale: Locale,
): CountedReportTable {
  const p = new Params();
  const { expr, dir } = parseSort(filters.sort, '-completionRate', REGION_COURSE_SORT);
  const g = useCounts(filters)
    ? `SELECT c.course_id, sum(c.enrolments)::int AS enrolments,
              coalesce(sum(c.enrolments) FILTER (WHERE c.status = 'completed'), 0)::int AS completions
         FROM report_counts c
        WHERE c.organisation_id = ANY (${p.add(sel.orgIds, 'uuid[]')})${
          filters.courseId ? ` AND c.course_id = ${p.add(filters.courseId, 'uuid')}` : ''
        }
        GROUP BY c.course_id HAVING sum(c.enrolments) > 0`
    : `SELECT f.course_id, count(*)::int AS enrolments, count(*) FILTER (WHERE f.status = 'completed')::int AS completions
         FROM report_enrolments f WHERE ${factConditions(p, sel.orgIds, filters, ctx.now, 'created').join(' AND ')}
        GROUP BY f.course_id`;
  const loc = p.add(locale);
  const body = `
WITH g AS (${g})
SELECT c.id AS course_id, c.code, ${courseTitle('c', 'v', loc)} AS title, coalesce(v.base_locale, c.base_locale) AS base_locale,
       coalesce(v.complete_locales, ARRAY[c.base_locale]) AS locales,
       array_to_string(coalesce(v.complete_locales, ARRAY[c.base_locale]), ' ') AS locales_text,
       g.enrolments, g.completions, ${RATE('g.completions', 'g.enrolments')} AS completion_rate
  FROM g JOIN courses c ON c.id = g.course_id ${versionJoin('c', 'v')}`;
  const countSql = `SELECT count(*)::int AS total FROM (${body}) t`;
  const sql = `${body} ORDER BY ${expr} ${dir} NULLS LAST, title, c.code, c.id`;
  return {
    name: 'region-courses',
    locale,
    columns: [
      col('code', 'Code', 'Код', 'text'),
      col('title', 'Course', 'Курс', 'text'),
      col('locales_text', 'Languages', 'Языки', 'text'),
      col('enrolments', 'Enrolments', 'Записи на курсы', 'integer'),
      col('completions', 'Completions', 'Завершения', 'integer'),
      col('completion_rate', 'Completion rate, %', 'Доля завершений, %', 'percent'),
    ],
    sql,
    countSql,
    params: p.values,
  };
}

/** Which language each course is studied in, for each interface language (see RegionLanguageRowDto). */
async function courseLanguages(
  db: Queryable,
): Promise<{ en: Record<Locale, string[]>; ru: Record<Locale, string[]> }> {
  const rows = (await db.query(
    `SELECT c.id, coalesce(v.base_locale, c.base_locale) AS base_locale,
            coalesce(v.complete_locales, ARRAY[c.base_locale]) AS complete
       FROM courses c ${versionJoin('c', 'v')}`,
  )) as { id: string; base_locale: Locale; complete: Locale[] }[];
  const studied = (learner: Locale, course: (typeof rows)[number]): Locale =>
    course.complete.includes(learner) ? learner : course.base_locale;
  const split = (learner: Locale) => ({
    en: rows.filter((c) => studied(learner, c) === 'en').map((c) => c.id),
    ru: rows.filter((c) => studied(learner, c) === 'ru').map((c) => c.id),
  });
  return { en: split('en'), ru: split('ru') };
}

/**
 * Enrolments by (learner's interface language, content language studied): the learner's language when the
 * published version is complete in it, else the course's base language. Learners: distinct learners with such
 * enrolments, from one pass over (language, learner) in index order.
 */
async function languages(
  ctx: ReportContext,
  sel: Selection,
  filters: ReportFilters,
  locale: Locale,
): Promise<CountedReportTable> {
  const langs = await courseLanguages(ctx.db);
  const p = new Params();
  const ruForEn = p.add(langs.en.ru, 'uuid[]');
  const ruForRu = p.add(langs.ru.ru, 'uuid[]');
  // Content language of an enrolment aliased `a` (course_id, learner_locale).
  const content = (a: string) =>
    `CASE WHEN ${a}.learner_locale = 'en' THEN (CASE WHEN ${a}.course_id = ANY (${ruForEn}) THEN 'ru' ELSE 'en' END)
          ELSE (CASE WHEN ${a}.course_id = ANY (${ruForRu}) THEN 'ru' ELSE 'en' END) END`;
  const dated = !useCounts(filters);
  const where = dated
    ? factConditions(p, sel.orgIds, filters, ctx.now, 'created')
    : [
        `f.organisation_id = ANY (${p.add(sel.orgIds, 'uuid[]')})`,
        ...(filters.courseId ? [`f.course_id = ${p.add(filters.courseId, 'uuid')}`] : []),
      ];
  const e = dated
    ? `SELECT f.learner_locale, ${content('f')} AS content_locale, count(*) AS n,
              count(*) FILTER (WHERE f.status = 'completed') AS c
         FROM report_enrolments f WHERE ${where.join(' AND ')} GROUP BY 1, 2`
    : `SELECT c.learner_locale, ${content('c')} AS content_locale, sum(c.enrolments) AS n,
              coalesce(sum(c.enrolments) FILTER (WHERE c.status = 'completed'), 0) AS c
         FROM report_counts c
        WHERE ${where.map((w) => w.replace(/\bf\./g, 'c.')).join(' AND ')} GROUP BY 1, 2`;
  // Learners per content language: kept per learner (report_learners) for the whole catalogue; for one course or a
  // date range, one pass over the enrolments in (language, learner) order.
  const l =
    !dated && !filters.courseId
      ? `SELECT r.learner_locale, 'en' AS content_locale, count(*) FILTER (WHERE r.studies_en) AS n
           FROM report_learners r WHERE r.organisation_id = ANY (${p.add(sel.orgIds, 'uuid[]')}) GROUP BY 1
         UNION ALL
         SELECT r.learner_locale, 'ru', count(*) FILTER (WHERE r.studies_ru)
           FROM report_learners r WHERE r.organisation_id = ANY (${p.add(sel.orgIds, 'uuid[]')}) GROUP BY 1`
      : `SELECT pu.learner_locale, 'en' AS content_locale, count(*) FILTER (WHERE pu.en) AS n FROM pu GROUP BY 1
         UNION ALL
         SELECT pu.learner_locale, 'ru', count(*) FILTER (WHERE pu.ru) FROM pu GROUP BY 1`;
  const sql = `
WITH e AS (${e}),
pu AS (
  SELECT f.learner_locale, bool_or(${content('f')} = 'en') AS en, bool_or(${content('f')} = 'ru') AS ru
    FROM report_enrolments f WHERE ${where.join(' AND ')}
   GROUP BY f.learner_locale, f.user_id),
l AS (${l})
SELECT e.learner_locale, e.content_locale, coalesce(l.n, 0)::int AS learners, e.n::int AS enrolments,
       e.c::int AS completions, ${RATE('e.c', 'e.n')} AS completion_rate
  FROM e LEFT JOIN l ON l.learner_locale = e.learner_locale AND l.content_locale = e.content_locale
 WHERE e.n > 0
 ORDER BY e.learner_locale, e.content_locale`;
  return {
    name: 'region-languages',
    locale,
    columns: [
      col('learner_locale', 'Interface language', 'Язык интерфейса', 'text'),
      col('content_locale', 'Content language', 'Язык материалов', 'text'),
      col('learners', 'Learners', 'Слушатели', 'integer'),
      col('enrolments', 'Enrolments', 'Записи на курсы', 'integer'),
      col('completions', 'Completions', 'Завершения', 'integer'),
      col('completion_rate', 'Completion rate, %', 'Доля завершений, %', 'percent'),
    ],
    sql,
    params: p.values,
  };
}
