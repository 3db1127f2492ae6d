/**
 * Reports (issue 6): the coordinator dashboard, the people behind every number, learner drill-downs and the
 * regional office dashboard. Every table-shaped report is one scoped, ordered SQL query (ReportTable on the
 * API side): the JSON routes page through it and the exports stream all of it, so both show the same rows.
 *
 * Who sees what (docs/adr/0008-report-scope.md):
 * - coordinator: their grants' subtrees only (a unitId outside them → 403 OUT_OF_SCOPE);
 * - admin: the whole region, everything;
 * - author (regional office staff): region-wide aggregates only (courses, units, completions-weekly, filters,
 *   region/*); people lists, overdue lists and learner drill-downs → 403 FORBIDDEN.
 *   A caller holding both a coordinator grant and the author role (but not admin) gets their coordinator
 *   scope in the coordinator routes and the region in region/*.
 * - learner (only) → 403 FORBIDDEN everywhere.
 *
 * Routes (all GET, all under /api; every one takes `locale=en|ru` (default: the caller's language), used for
 * course titles and organisation names; unknown query parameters → 400 VALIDATION_FAILED):
 *
 * Coordinator dashboard (coordinator, author, admin):
 *   /reports/filters                     ReportQuery (locale only)           → ReportFiltersDto
 *   /reports/courses                     ReportQuery                         → CourseReportDto
 *   /reports/units                       ReportQuery                         → UnitReportDto
 *   /reports/completions-weekly          ReportQuery                         → WeeklyCompletionsDto
 * People (coordinator, admin):
 *   /reports/people                      PeopleQuery                         → Page<PersonRowDto>
 *   /reports/overdue                     PeopleQuery (status forced 'overdue', default sort dueAt)
 *                                                                            → Page<PersonRowDto>
 *   /reports/learners/:userId            LearnerQuery (courseId?, locale?)   → LearnerReportDto
 *       (a learner outside the caller's scope, or unknown → 404 USER_NOT_FOUND; never reveals existence)
 * Regional office (author, admin):
 *   /reports/region                      RegionQuery                         → RegionReportDto
 *   /reports/region/completions          RegionCompletionsQuery              → RegionCompletionsDto
 *   /reports/region/courses              RegionCoursesQuery                  → Page<RegionCourseRowDto>
 *   /reports/region/languages            RegionQuery                         → RegionLanguagesDto
 * Exports (built by the exporter; same roles and filters as the JSON route of the same kind):
 *   /reports/:kind/export?format=csv|xlsx&<the same query parameters, without page/pageSize>
 *   kind ∈ REPORT_KINDS; learner-* kinds need `userId`.
 *
 * Filters (ReportQuery):
 * - courseId: one course (unknown → 404 COURSE_NOT_FOUND).
 * - unitId: any organisation in the caller's scope; means its whole subtree (unknown → 404
 *   ORGANISATION_NOT_FOUND; outside the scope → 403 OUT_OF_SCOPE).
 * - from, to: ISO dates (YYYY-MM-DD, UTC days, both inclusive). They select enrolments by their ENROLMENT
 *   date (enrolments.created_at: "people who enrolled or were assigned in this period"), so every count of
 *   one report adds up (notStarted + inProgress + completed = enrolled). Exception: time series
 *   (completions-weekly, region/completions) count completions whose completion date is in the range.
 * - status: not_started | in_progress | completed | overdue. Selects enrolments in that bucket; `overdue`
 *   = due date passed (due_at < now) and not completed (overlaps not_started and in_progress).
 * - source: self | assigned (optional).
 *
 * Measures (per course, unit, or total; over the enrolments selected by scope and filters):
 * - enrolled: enrolments; assigned: of which assigned by a coordinator (source 'assigned');
 * - notStarted / inProgress / completed: by enrolment status (a partition of enrolled);
 * - overdue: due date passed and not completed;
 * - completionRate: completed ÷ enrolled × 100, one decimal; null when enrolled = 0;
 * - avgBestQuizPct: for each learner of the selection with at least one SUBMITTED attempt in the course's
 *   quiz lessons, their best score_points ÷ max_points × 100 over those attempts (best across all quiz
 *   lessons of the course taken together, i.e. max over attempts); then the mean over those learners, one
 *   decimal; null when no learner has a submitted attempt. In unit rows and totals (several courses) the mean is
 *   over (learner, course) pairs, so a learner of three quiz courses counts three times.
 * Users count regardless of account status (history stays); a person belongs to the organisation on their
 * account (users.organisation_id) now, not when they enrolled. Accounts without an organisation are in no report.
 */
import type { Locale } from './locales.js';
import type { Page } from './pagination.js';
import type { OrganisationKind } from './organisations.js';
import type { EnrolmentSource } from './learning.js';
import type { LessonStatus } from './progress.js';

/** Every table that exports (GET /api/reports/:kind/export). */
export const REPORT_KINDS = [
  'courses',
  'units',
  'completions-weekly',
  'people',
  'overdue',
  'learner-courses',
  'learner-lessons',
  'learner-attempts',
  'region',
  'region-completions',
  'region-courses',
  'region-languages',
] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/** Report kinds an author (office staff, no coordinator grant) may NOT read: personal detail. */
export const PERSONAL_REPORT_KINDS: readonly ReportKind[] = [
  'people',
  'overdue',
  'learner-courses',
  'learner-lessons',
  'learner-attempts',
];

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const REPORT_STATUSES = ['not_started', 'in_progress', 'completed', 'overdue'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/** Most rows a JSON page returns (exports have no limit). */
export const REPORT_MAX_PAGE_SIZE = 200;
export const REPORT_DEFAULT_PAGE_SIZE = 50;

/** Query parameters common to the coordinator reports (all optional). */
export interface ReportQuery {
  locale?: Locale;
  courseId?: string;
  /** Any organisation in scope: its whole subtree. */
  unitId?: string;
  /** YYYY-MM-DD (inclusive). */
  from?: string;
  /** YYYY-MM-DD (inclusive). */
  to?: string;
  status?: ReportStatus;
  source?: EnrolmentSource;
}

/** Sort keys of the people lists; prefix `-` for descending (e.g. `-dueAt`). */
export const PEOPLE_SORT_KEYS = [
  'name',
  'email',
  'unit',
  'course',
  'status',
  'progress',
  'dueAt',
  'completedAt',
  'lastActivityAt',
] as const;
export type PeopleSortKey = (typeof PEOPLE_SORT_KEYS)[number];

/**
 * /reports/people and /reports/overdue. `sort`: one of PEOPLE_SORT_KEYS, optionally prefixed with `-`;
 * default `name` (people) and `dueAt` (overdue). Ties broken by name, e-mail, course code, enrolment id.
 * `q`: part of a name or e-mail (case-insensitive).
 */
export interface PeopleQuery extends ReportQuery {
  page?: number;
  pageSize?: number;
  sort?: string;
  q?: string;
}

export interface LearnerQuery {
  locale?: Locale;
  /** Only this course's row, lessons and attempts. */
  courseId?: string;
}

/** The counts of one row of the coordinator dashboard (see "Measures" above). */
export interface ReportCountsDto {
  enrolled: number;
  assigned: number;
  notStarted: number;
  inProgress: number;
  completed: number;
  overdue: number;
  /** 0..100, one decimal; null when enrolled = 0. */
  completionRate: number | null;
  /** 0..100, one decimal; null when no learner has a submitted quiz attempt. */
  avgBestQuizPct: number | null;
}

/** Options for the filter pickers: what is in the caller's scope. */
export interface ReportFiltersDto {
  /** 'region' (admin/author) or 'subtree' (coordinator). */
  scope: 'region' | 'subtree';
  /** Roots of the caller's scope (the region root, or the coordinator's granted organisations). */
  rootIds: string[];
  /** Courses with at least one enrolment in scope, by title. */
  courses: { id: string; code: string; title: string }[];
  /** Every organisation in scope, in tree order (path); `depth` 0 = a scope root. */
  units: {
    id: string;
    parentId: string | null;
    kind: OrganisationKind;
    code: string;
    name: string;
    depth: number;
  }[];
  /** Whether people lists and drill-downs are available to the caller (false for authors). */
  canSeePeople: boolean;
}

export interface CourseReportRowDto extends ReportCountsDto {
  courseId: string;
  code: string;
  /** In the requested language, falling back to the course's base language. */
  title: string;
}

/** /reports/courses: one row per course with at least one selected enrolment, by title; plus all courses. */
export interface CourseReportDto {
  items: CourseReportRowDto[];
  total: ReportCountsDto;
}

export interface UnitReportRowDto extends ReportCountsDto {
  organisationId: string;
  code: string;
  kind: OrganisationKind;
  name: string;
  /**
   * false: the organisation's whole subtree. true: only people attached directly to the parent organisation
   * (not to any of its children); this row appears only when it has enrolments and keeps the rows adding up
   * to `total`.
   */
  direct: boolean;
  /** The organisation has child organisations (the UI can drill down with unitId = organisationId). */
  hasChildren: boolean;
}

/**
 * /reports/units: the direct children of `unitId`, or of the scope root when there is one root (the region
 * for admin/author: the administrations); a coordinator with several granted roots gets one row per root.
 * Each row counts its whole subtree. Rows by name.
 */
export interface UnitReportDto {
  /** The organisation whose children are listed; null when rows are several scope roots. */
  parent: { id: string; code: string; kind: OrganisationKind; name: string } | null;
  items: UnitReportRowDto[];
  total: ReportCountsDto;
}

/** Weeks start on Monday (UTC). Weeks without completions appear with 0. */
export interface WeeklyCompletionsDto {
  /** Default range when no from/to: the last 26 weeks up to today. At most 260 weeks. */
  items: { weekStart: string; completions: number }[];
}

/** One enrolment in a people list. */
export interface PersonRowDto {
  enrolmentId: string;
  userId: string;
  displayName: string;
  email: string;
  organisationId: string | null;
  /** The officer's organisation name in the requested language. */
  unitName: string | null;
  courseId: string;
  courseCode: string;
  courseTitle: string;
  source: EnrolmentSource;
  status: LessonStatus;
  progressPct: number;
  enrolledAt: string;
  assignedAt: string | null;
  dueAt: string | null;
  overdue: boolean;
  /** Whole days past the due date (0 when not overdue). */
  daysOverdue: number;
  startedAt: string | null;
  completedAt: string | null;
  lastActivityAt: string | null;
}

export type PeopleReportDto = Page<PersonRowDto>;

export interface LearnerLessonRowDto {
  lessonId: string;
  moduleTitle: string;
  title: string;
  kind: 'video' | 'document' | 'article' | 'quiz' | 'scorm';
  required: boolean;
  status: LessonStatus;
  /** Videos: seconds watched ÷ duration × 100 (0..100, rounded down); null for other kinds. */
  watchedPct: number | null;
  watchedS: number;
  completedAt: string | null;
  updatedAt: string | null;
}

export interface LearnerAttemptRowDto {
  lessonId: string;
  lessonTitle: string;
  number: number;
  /** score ÷ max × 100, one decimal; null while the attempt is open. */
  scorePct: number | null;
  passed: boolean | null;
  passMarkPct: number;
  startedAt: string;
  submittedAt: string | null;
}

export interface LearnerCourseRowDto {
  enrolmentId: string;
  courseId: string;
  courseCode: string;
  courseTitle: string;
  source: EnrolmentSource;
  status: LessonStatus;
  progressPct: number;
  completedLessons: number;
  requiredLessons: number;
  enrolledAt: string;
  dueAt: string | null;
  overdue: boolean;
  startedAt: string | null;
  completedAt: string | null;
  lastActivityAt: string | null;
  /** Lessons of the course's current published version, in course order (not started ones too). */
  lessons: LearnerLessonRowDto[];
  /** Quiz attempts, by lesson then number. */
  attempts: LearnerAttemptRowDto[];
}

/** /reports/learners/:userId */
export interface LearnerReportDto {
  user: {
    id: string;
    displayName: string;
    email: string;
    organisationId: string | null;
    unitName: string | null;
    locale: Locale;
    status: 'active' | 'disabled';
  };
  /** Courses by enrolment date, newest first. */
  courses: LearnerCourseRowDto[];
  /** max(last_activity_at) over the courses. */
  lastActivityAt: string | null;
}

// ---- regional office ----

/**
 * Region reports: `unitId` may name an administration (or anything below) to narrow; from/to as above
 * (enrolments and completions by enrolment date; region/completions by completion date); courseId narrows
 * to one course.
 */
export interface RegionQuery {
  locale?: Locale;
  courseId?: string;
  unitId?: string;
  from?: string;
  to?: string;
}

/**
 * One administration (country) and its whole subtree.
 * - learners: accounts in the subtree holding the learner role, not disabled (unaffected by from/to/course);
 * - enrolments, completions (status completed), completionRate (completions ÷ enrolments × 100);
 * - active30d: distinct learners with any enrolment activity (last_activity_at) in the 30 days before now.
 */
export interface RegionRowDto {
  organisationId: string;
  code: string;
  countryCode: string | null;
  name: string;
  learners: number;
  enrolments: number;
  completions: number;
  completionRate: number | null;
  active30d: number;
}

/** /reports/region: every administration (zeros included), by name; plus the region total. */
export interface RegionReportDto {
  items: RegionRowDto[];
  total: Omit<RegionRowDto, 'organisationId' | 'code' | 'countryCode' | 'name'>;
}

export const REGION_INTERVALS = ['week', 'month'] as const;
export type RegionInterval = (typeof REGION_INTERVALS)[number];

export interface RegionCompletionsQuery extends RegionQuery {
  /** Default month. Default range: the last 12 months (interval month) or 26 weeks (week). */
  interval?: RegionInterval;
}

/** Completions by completion date, periods without completions included with 0. */
export interface RegionCompletionsDto {
  interval: RegionInterval;
  items: { periodStart: string; completions: number }[];
}

/**
 * /reports/region/courses: every course with at least one enrolment in the selection. `sort`:
 * `completionRate` | `completions` | `enrolments` | `title`, `-` prefix for descending; default
 * `-completionRate` (most completed first; `sort=completionRate` gives the least completed first).
 */
export interface RegionCoursesQuery extends RegionQuery {
  page?: number;
  pageSize?: number;
  sort?: string;
}

export const REGION_COURSE_SORT_KEYS = ['completionRate', 'completions', 'enrolments', 'title'] as const;

export interface RegionCourseRowDto {
  courseId: string;
  code: string;
  title: string;
  baseLocale: Locale;
  /** Languages the published version is complete in. */
  locales: Locale[];
  enrolments: number;
  completions: number;
  completionRate: number | null;
}

/**
 * Use of English versus Russian content. The content language an enrolment is studied in is decided as the
 * player decides it: the learner's interface language (users.locale) when the course's published version is
 * complete in it, else the course's base language. One row per (learner language, content language) that
 * occurs, e.g. ru → en = Russian-speaking learners studying in English because no Russian exists.
 * learners = distinct learners with such enrolments.
 */
export interface RegionLanguageRowDto {
  learnerLocale: Locale;
  contentLocale: Locale;
  learners: number;
  enrolments: number;
  completions: number;
  completionRate: number | null;
}

export interface RegionLanguagesDto {
  items: RegionLanguageRowDto[];
  /** Enrolments by content language, e.g. { en: 600000, ru: 400000 }. */
  byContentLocale: Record<Locale, number>;
  /** Learners (role learner, not disabled) by interface language. */
  learnersByInterfaceLocale: Record<Locale, number>;
}
