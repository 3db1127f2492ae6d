/**
 * Coordinators' course assignments (coordinator: their organisations' subtrees; admin: the whole region).
 * GET  /api/assignments/courses                          → AssignableCourseDto[]
 * GET  /api/assignments/courses/:courseId/assignees      → Page<AssigneeDto>   (AssigneeQuery)
 * POST /api/assignments                 AssignRequest    → AssignResultDto
 * POST /api/assignments/csv    multipart: file (column `email`), courseId, dueAt? → AssignResultDto
 * POST /api/assignments/due-date        DueDateRequest   → DueDateResultDto
 * POST /api/assignments/withdraw        WithdrawRequest  → WithdrawResultDto
 */
import type { Locale, LocalizedText } from './locales.js';
import type { LessonStatus } from './progress.js';

/** Assigned learners of a course within the caller's scope, by state. `overdue`: due date passed, not completed. */
export interface AssignmentCountsDto {
  assigned: number;
  notStarted: number;
  inProgress: number;
  completed: number;
  overdue: number;
}

/** A unit assignment (rule): the unit's whole subtree, and with includeFuture officers who join it later. */
export interface AssignmentRuleDto {
  id: string;
  organisationId: string;
  organisationCode: string;
  organisationName: LocalizedText;
  dueAt: string | null;
  includeFuture: boolean;
  createdAt: string;
}

/** A published course the caller may assign (its audience includes their administration). */
export interface AssignableCourseDto {
  id: string;
  code: string;
  title: LocalizedText;
  baseLocale: Locale;
  counts: AssignmentCountsDto;
  /** Active unit assignments within the caller's scope. */
  rules: AssignmentRuleDto[];
}

/**
 * Either `userIds` (chosen officers) or `organisationId` (a unit and its whole subtree), not both.
 * `includeFuture` only with a unit. `dueAt`: ISO date-time in the future, or null/absent for none.
 */
export interface AssignRequest {
  courseId: string;
  userIds?: string[];
  organisationId?: string;
  includeFuture?: boolean;
  dueAt?: string | null;
}

export interface AssignResultDto {
  /** Newly assigned (new enrolments and self-enrolments that became assignments); each gets a notice. */
  assigned: number;
  /** Were already assigned: their due date was set again, nothing duplicated. */
  updated: number;
  /** assigned + updated. */
  total: number;
  /** The unit assignment rule created or updated (unit assignments only). */
  ruleId: string | null;
}

export interface DueDateRequest {
  courseId: string;
  userIds?: string[];
  organisationId?: string;
  dueAt: string | null;
}

export interface DueDateResultDto {
  /** Assignments whose due date changed (completed ones are left as they were). */
  updated: number;
}

export interface WithdrawRequest {
  courseId: string;
  userIds?: string[];
  organisationId?: string;
}

export interface WithdrawResultDto {
  /** Assignments removed (the officer had not started). */
  withdrawn: number;
  /** Assignments kept because the officer had already started. */
  kept: number;
  /** A unit's rule was withdrawn: officers joining it later are no longer enrolled. */
  ruleWithdrawn: boolean;
}

export const ASSIGNEE_STATES = ['not_started', 'in_progress', 'completed', 'overdue'] as const;
export type AssigneeState = (typeof ASSIGNEE_STATES)[number];

export interface AssigneeQuery {
  page?: number;
  pageSize?: number;
  /** A unit: its whole subtree. */
  organisationId?: string;
  status?: AssigneeState;
  /** Name or e-mail. */
  q?: string;
}

export interface AssigneeDto {
  userId: string;
  displayName: string;
  email: string;
  organisationId: string | null;
  organisationCode: string | null;
  status: LessonStatus;
  progressPct: number;
  dueAt: string | null;
  overdue: boolean;
  assignedAt: string;
  /** Assigned through a unit assignment (rule) rather than by name or CSV. */
  viaUnit: boolean;
  completedAt: string | null;
  lastActivityAt: string | null;
}

/** Most rows in an assignment CSV. */
export const ASSIGN_CSV_MAX_ROWS = 10_000;
/** The one column an assignment CSV needs; other columns (e.g. an officers import file's) are ignored. */
export const ASSIGN_CSV_COLUMN = 'email';

/** Problems with one row of an assignment CSV. */
export const ASSIGN_CSV_ROW_CODES = [
  'REQUIRED',
  'INVALID_EMAIL',
  /** No account with this e-mail. */
  'UNKNOWN_EMAIL',
  /** The account is outside the caller's organisations (or the course's audience). */
  'EMAIL_OUTSIDE_SCOPE',
  /** In scope, but not an active officer (disabled, or no learner role). */
  'NOT_AN_OFFICER',
] as const;
export type AssignCsvRowCode = (typeof ASSIGN_CSV_ROW_CODES)[number];

export interface AssignCsvRowError {
  /** 1-based line in the file; the header is line 1. */
  line: number;
  email: string | null;
  codes: AssignCsvRowCode[];
}

/**
 * The `details` of a VALIDATION_FAILED answer to POST /api/assignments/csv when rows are wrong: nothing
 * was assigned.
 */
export interface AssignCsvErrorDetails {
  rows: AssignCsvRowError[];
  totalRows: number;
}
