import { Injectable } from '@nestjs/common';
import type {
  CourseReportDto,
  LearnerReportDto,
  Locale,
  Page,
  PersonRowDto,
  RegionCompletionsDto,
  RegionCourseRowDto,
  RegionLanguagesDto,
  RegionReportDto,
  ReportCountsDto,
  ReportFiltersDto,
  ReportKind,
  UnitReportDto,
  WeeklyCompletionsDto,
} from '@academy/contracts';
import { DataSource } from 'typeorm';
import { AppException } from '../common/app.exception.js';
import { Clock } from '../common/clock.js';
import type { AuthUser } from '../identity/auth-user.js';
import type { ReportPageQueryDto, ReportQueryDto } from './dto/report-query.dto.js';
import {
  courseTitle,
  Params,
  sumCounts,
  versionJoin,
  type CountedReportTable,
  type CountsRow,
  type ReportFilters,
} from './report-sql.js';
import { loadScope, scopeKind } from './report-scope.js';
import { buildReportTable, unitRows } from './report-tables.js';

type Row = Record<string, unknown>;

/** Sort memory for one report statement (people lists sort up to ~200,000 rows of a subtree). */
const REPORT_WORK_MEM = '32MB';

const iso = (value: unknown): string | null =>
  value == null ? null : new Date(value as string).toISOString();
const isoOrEmpty = (value: unknown): string => iso(value) ?? '';

const counts = (r: CountsRow): ReportCountsDto => ({
  enrolled: r.enrolled,
  assigned: r.assigned,
  notStarted: r.not_started,
  inProgress: r.in_progress,
  completed: r.completed,
  overdue: r.overdue,
  completionRate: r.completion_rate,
  avgBestQuizPct: r.avg_best_quiz_pct,
});

/**
 * Reports as JSON. Every table comes from buildReportTable (report-tables.ts), the same query the exports
 * stream, so a page here and an export always show the same rows.
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /** The scoped, ordered query of a report (also for the exporter). */
  table(
    kind: ReportKind,
    user: AuthUser,
    filters: ReportFilters,
    locale?: Locale,
  ): Promise<CountedReportTable> {
    return buildReportTable(
      { db: this.dataSource, now: this.clock.now() },
      kind,
      user,
      filters,
      locale ?? user.locale,
    );
  }

  /** Aggregates and small tables: one statement, no sort worth extra memory. */
  private async all(table: CountedReportTable): Promise<Row[]> {
    return (await this.dataSource.query(table.sql, table.params)) as Row[];
  }

  /**
   * Runs a report statement with room to sort in memory (the default 4 MB spills a sort of 100,000 names to
   * disk: seconds instead of tens of milliseconds). SET LOCAL ends with the transaction.
   */
  private run(sql: string, params: unknown[]): Promise<Row[]> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SET LOCAL work_mem = '${REPORT_WORK_MEM}'`);
      return (await manager.query(sql, params)) as Row[];
    });
  }

  /** One page of a table (a top-N sort, not a full one) and the number of rows in all of it (no sort). */
  private async page(
    table: CountedReportTable,
    page: number,
    pageSize: number,
  ): Promise<{ rows: Row[]; total: number }> {
    const n = table.params.length;
    const rows = (await this.dataSource.query(
      `SELECT t.* FROM (${table.sql}) t LIMIT $${n + 1} OFFSET $${n + 2}`,
      [...table.params, pageSize, (page - 1) * pageSize],
    )) as Row[];
    if (page === 1 && rows.length < pageSize) return { rows, total: rows.length };
    const [{ total }] = (await this.dataSource.query(
      table.countSql ?? `SELECT count(*)::int AS total FROM (${table.sql}) t`,
      table.params,
    )) as { total: number }[];
    return { rows, total };
  }

  async filters(user: AuthUser, locale?: Locale): Promise<ReportFiltersDto> {
    const scope = await loadScope(this.dataSource, user, 'courses');
    const loc = locale ?? user.locale;
    const p = new Params();
    const courses = (await this.dataSource.query(
      `SELECT c.id, c.code, ${courseTitle('c', 'v', p.add(loc))} AS title
         FROM courses c ${versionJoin('c', 'v')}
        WHERE EXISTS (SELECT 1 FROM report_counts k WHERE k.course_id = c.id AND k.enrolments > 0
                         AND k.organisation_id = ANY (${p.add(
                           scope.orgs.map((o) => o.id),
                           'uuid[]',
                         )}))
        ORDER BY 3, c.code`,
      p.values,
    )) as { id: string; code: string; title: string }[];
    const rootPaths = scope.roots.map((r) => r.path);
    const depthOf = (path: string) => {
      const root = rootPaths.find((r) => path.startsWith(r)) ?? path;
      return path.slice(root.length).split('/').filter(Boolean).length;
    };
    let canSeePeople = true;
    try {
      scopeKind(user, 'people');
    } catch {
      canSeePeople = false;
    }
    return {
      scope: scope.region ? 'region' : 'subtree',
      rootIds: scope.roots.map((r) => r.id),
      courses,
      units: scope.orgs.map((o) => ({
        id: o.id,
        parentId: o.parent_id,
        kind: o.kind,
        code: o.code,
        name: o.name[loc] ?? o.name.en,
        depth: depthOf(o.path),
      })),
      canSeePeople,
    };
  }

  async courses(user: AuthUser, query: ReportQueryDto): Promise<CourseReportDto> {
    const rows = (await this.all(
      await this.table('courses', user, query, query.locale),
    )) as unknown as (CountsRow & Row)[];
    return {
      items: rows.map((r) => ({
        courseId: r.course_id as string,
        code: r.code as string,
        title: r.title as string,
        ...counts(r),
      })),
      total: counts(sumCounts(rows)),
    };
  }

  async units(user: AuthUser, query: ReportQueryDto): Promise<UnitReportDto> {
    const table = await this.table('units', user, query, query.locale);
    const rows = (await this.all(table)) as unknown as (CountsRow & Row)[];
    const scope = await loadScope(this.dataSource, user, 'units');
    const { parent } = unitRows({ scope, orgs: scope.orgs, orgIds: [] }, query.unitId);
    const loc = table.locale;
    return {
      parent: parent
        ? { id: parent.id, code: parent.code, kind: parent.kind, name: parent.name[loc] ?? parent.name.en }
        : null,
      items: rows.map((r) => ({
        organisationId: r.organisation_id as string,
        code: r.code as string,
        kind: r.kind as UnitReportDto['items'][number]['kind'],
        name: r.name as string,
        direct: r.direct as boolean,
        hasChildren: r.has_children as boolean,
        ...counts(r),
      })),
      total: counts(sumCounts(rows)),
    };
  }

  async weekly(user: AuthUser, query: ReportQueryDto): Promise<WeeklyCompletionsDto> {
    const rows = await this.all(await this.table('completions-weekly', user, query, query.locale));
    return {
      items: rows.map((r) => ({ weekStart: r.week_start as string, completions: r.completions as number })),
    };
  }

  async people(
    user: AuthUser,
    kind: 'people' | 'overdue',
    query: ReportPageQueryDto,
  ): Promise<Page<PersonRowDto>> {
    const table = await this.table(kind, user, query, query.locale);
    const { rows, total } = await this.page(table, query.page, query.pageSize);
    return {
      items: rows.map((r) => ({
        enrolmentId: r.enrolment_id as string,
        userId: r.user_id as string,
        displayName: r.display_name as string,
        email: r.email as string,
        organisationId: r.organisation_id as string | null,
        unitName: r.unit_name as string | null,
        courseId: r.course_id as string,
        courseCode: r.course_code as string,
        courseTitle: r.course_title as string,
        source: r.source as PersonRowDto['source'],
        status: r.status as PersonRowDto['status'],
        progressPct: r.progress_pct as number,
        enrolledAt: isoOrEmpty(r.enrolled_at),
        assignedAt: iso(r.assigned_at),
        dueAt: iso(r.due_at),
        overdue: r.overdue === true,
        daysOverdue: r.days_overdue as number,
        startedAt: iso(r.started_at),
        completedAt: iso(r.completed_at),
        lastActivityAt: iso(r.last_activity_at),
      })),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  async learner(user: AuthUser, userId: string, query: ReportQueryDto): Promise<LearnerReportDto> {
    const filters: ReportFilters = { userId, courseId: query.courseId };
    // Scope first (USER_NOT_FOUND outside it), then the three tables.
    const [courses, lessons, attempts] = [
      await this.all(await this.table('learner-courses', user, filters, query.locale)),
      await this.all(await this.table('learner-lessons', user, filters, query.locale)),
      await this.all(await this.table('learner-attempts', user, filters, query.locale)),
    ];
    const loc = query.locale ?? user.locale;
    const [person] = (await this.dataSource.query(
      `SELECT u.id, u.display_name, u.email::text AS email, u.organisation_id, u.locale, u.status,
              coalesce(o.name->>$2, o.name->>'en') AS unit_name
         FROM users u LEFT JOIN organisations o ON o.id = u.organisation_id WHERE u.id = $1`,
      [userId, loc],
    )) as Row[];
    if (!person) throw new AppException('USER_NOT_FOUND', 'No such learner');
    const items = courses.map((c) => ({
      enrolmentId: c.enrolment_id as string,
      courseId: c.course_id as string,
      courseCode: c.course_code as string,
      courseTitle: c.course_title as string,
      source: c.source as PersonRowDto['source'],
      status: c.status as PersonRowDto['status'],
      progressPct: c.progress_pct as number,
      completedLessons: c.completed_lessons as number,
      requiredLessons: c.required_lessons as number,
      enrolledAt: isoOrEmpty(c.enrolled_at),
      dueAt: iso(c.due_at),
      overdue: c.overdue === true,
      startedAt: iso(c.started_at),
      completedAt: iso(c.completed_at),
      lastActivityAt: iso(c.last_activity_at),
      lessons: lessons
        .filter((l) => l.course_id === c.course_id)
        .map((l) => ({
          lessonId: l.lesson_id as string,
          moduleTitle: l.module_title as string,
          title: l.lesson_title as string,
          kind: l.kind as LearnerReportDto['courses'][number]['lessons'][number]['kind'],
          required: l.required as boolean,
          status: l.status as PersonRowDto['status'],
          watchedPct: l.watched_pct as number | null,
          watchedS: l.watched_s as number,
          completedAt: iso(l.completed_at),
          updatedAt: iso(l.updated_at),
        })),
      attempts: attempts
        .filter((a) => a.course_id === c.course_id)
        .map((a) => ({
          lessonId: a.lesson_id as string,
          lessonTitle: a.lesson_title as string,
          number: a.number as number,
          scorePct: a.score_pct as number | null,
          passed: a.passed as boolean | null,
          passMarkPct: a.pass_mark_pct as number,
          startedAt: isoOrEmpty(a.started_at),
          submittedAt: iso(a.submitted_at),
        })),
    }));
    const last = items
      .map((c) => c.lastActivityAt)
      .filter((x): x is string => x !== null)
      .sort()
      .pop();
    return {
      user: {
        id: person.id as string,
        displayName: person.display_name as string,
        email: person.email as string,
        organisationId: person.organisation_id as string | null,
        unitName: person.unit_name as string | null,
        locale: person.locale as Locale,
        status: person.status as 'active' | 'disabled',
      },
      courses: items,
      lastActivityAt: last ?? null,
    };
  }

  async region(user: AuthUser, query: ReportQueryDto): Promise<RegionReportDto> {
    const rows = await this.all(await this.table('region', user, query, query.locale));
    const items = rows.map((r) => ({
      organisationId: r.organisation_id as string,
      code: r.code as string,
      countryCode: r.country_code as string | null,
      name: r.name as string,
      learners: r.learners as number,
      enrolments: r.enrolments as number,
      completions: r.completions as number,
      completionRate: r.completion_rate as number | null,
      active30d: r.active30d as number,
    }));
    const sum = (key: 'learners' | 'enrolments' | 'completions' | 'active30d') =>
      items.reduce((s, r) => s + r[key], 0);
    const enrolments = sum('enrolments');
    const completions = sum('completions');
    return {
      items,
      total: {
        learners: sum('learners'),
        enrolments,
        completions,
        completionRate: enrolments ? Math.round((1000 * completions) / enrolments) / 10 : null,
        active30d: sum('active30d'),
      },
    };
  }

  async regionCompletions(user: AuthUser, query: ReportQueryDto): Promise<RegionCompletionsDto> {
    const rows = await this.all(await this.table('region-completions', user, query, query.locale));
    return {
      interval: query.interval ?? 'month',
      items: rows.map((r) => ({
        periodStart: r.period_start as string,
        completions: r.completions as number,
      })),
    };
  }

  async regionCourses(user: AuthUser, query: ReportPageQueryDto): Promise<Page<RegionCourseRowDto>> {
    const table = await this.table('region-courses', user, query, query.locale);
    const { rows, total } = await this.page(table, query.page, query.pageSize);
    return {
      items: rows.map((r) => ({
        courseId: r.course_id as string,
        code: r.code as string,
        title: r.title as string,
        baseLocale: r.base_locale as Locale,
        locales: r.locales as Locale[],
        enrolments: r.enrolments as number,
        completions: r.completions as number,
        completionRate: r.completion_rate as number | null,
      })),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  async regionLanguages(user: AuthUser, query: ReportQueryDto): Promise<RegionLanguagesDto> {
    const table = await this.table('region-languages', user, query, query.locale);
    const rows = await this.all(table);
    const items = rows.map((r) => ({
      learnerLocale: r.learner_locale as Locale,
      contentLocale: r.content_locale as Locale,
      learners: r.learners as number,
      enrolments: r.enrolments as number,
      completions: r.completions as number,
      completionRate: r.completion_rate as number | null,
    }));
    const byContentLocale: Record<Locale, number> = { en: 0, ru: 0 };
    for (const r of items) byContentLocale[r.contentLocale] += r.enrolments;
    const scope = await loadScope(this.dataSource, user, 'region-languages');
    const orgIds = query.unitId
      ? scope.orgs.filter((o) =>
          o.path.startsWith(scope.orgs.find((u) => u.id === query.unitId)?.path ?? '\0'),
        )
      : scope.orgs;
    const learners = (await this.dataSource.query(
      `SELECT u.locale, count(*)::int AS n FROM users u
        WHERE u.organisation_id = ANY ($1::uuid[]) AND u.status = 'active'
          AND EXISTS (SELECT 1 FROM role_grants g WHERE g.user_id = u.id AND g.role = 'learner')
        GROUP BY u.locale`,
      [orgIds.map((o) => o.id)],
    )) as { locale: Locale; n: number }[];
    const learnersByInterfaceLocale: Record<Locale, number> = { en: 0, ru: 0 };
    for (const r of learners) learnersByInterfaceLocale[r.locale] = r.n;
    return { items, byContentLocale, learnersByInterfaceLocale };
  }
}
