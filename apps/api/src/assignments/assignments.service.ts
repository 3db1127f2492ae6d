import { Injectable } from '@nestjs/common';
import type {
  AssignableCourseDto,
  AssignCsvRowCode,
  AssignCsvRowError,
  AssigneeDto,
  AssignmentRuleDto,
  AssignResultDto,
  DueDateResultDto,
  Locale,
  LocalizedText,
  Page,
  WithdrawResultDto,
} from '@academy/contracts';
import { isEmail } from 'class-validator';
import { DataSource } from 'typeorm';
import { AppException } from '../common/app.exception.js';
import { Clock } from '../common/clock.js';
import type { AuthUser } from '../identity/auth-user.js';
import { coordinatorScope, pathInScope } from '../identity/auth-user.js';
import { parseAssignCsv } from './assignment-csv.js';
import {
  ASSIGN_SQL,
  assignableBy,
  DUE_DATE_SQL,
  inAudience,
  inScope,
  WITHDRAW_SQL,
} from './assignment-sql.js';
import type { AssigneeQueryDto, AssignDto, DueDateDto, WithdrawDto } from './dto/assignments.dto.js';

interface Target {
  courseId: string;
  userIds?: string[];
  organisationId?: string;
}

interface CourseRow {
  id: string;
  status: string;
  assignable: boolean;
}

interface PersonRow {
  id: string;
  email: string;
  in_scope: boolean;
  officer: boolean;
}

/** Rows changed by one request from which the enrolments' statistics are refreshed at once. */
const BULK_ROWS = 1000;

const iso = (value: Date | string | null): string | null =>
  value === null ? null : new Date(value).toISOString();

/**
 * Coordinators' assignments of published courses to officers of their subtrees (admins: the region).
 * The service checks the request and answers precise errors; each change is then one set-based
 * statement (assignment-sql.ts) that also writes the mail notices and the audit trail.
 */
@Injectable()
export class AssignmentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Published courses the caller may assign, with counts of assigned officers in their scope. */
  async courses(actor: AuthUser): Promise<AssignableCourseDto[]> {
    const scope = coordinatorScope(actor);
    const rows = (await this.dataSource.query(
      `SELECT c.id, c.code, v.title, v.base_locale,
              count(x.id)::int AS assigned,
              count(x.id) FILTER (WHERE x.status = 'not_started')::int AS not_started,
              count(x.id) FILTER (WHERE x.status = 'in_progress')::int AS in_progress,
              count(x.id) FILTER (WHERE x.status = 'completed')::int AS completed,
              count(x.id) FILTER (WHERE x.due_at < $2 AND x.completed_at IS NULL)::int AS overdue
         FROM courses c
         JOIN course_versions v ON v.course_id = c.id AND v.version = c.version
         LEFT JOIN LATERAL (
           SELECT e.id, e.status, e.due_at, e.completed_at
             FROM enrolments e JOIN users u ON u.id = e.user_id JOIN organisations o ON o.id = u.organisation_id
            WHERE e.course_id = c.id AND e.source = 'assigned' AND ${inScope('o.path', '$1')}) x ON true
        WHERE c.status = 'published' AND ${assignableBy('c', '$1')}
        GROUP BY c.id, v.title, v.base_locale
        ORDER BY c.code`,
      [scope, this.clock.now()],
    )) as {
      id: string;
      code: string;
      title: LocalizedText;
      base_locale: Locale;
      assigned: number;
      not_started: number;
      in_progress: number;
      completed: number;
      overdue: number;
    }[];
    const rules = await this.rules(
      scope,
      rows.map((row) => row.id),
    );
    return rows.map((row) => ({
      id: row.id,
      code: row.code,
      title: row.title,
      baseLocale: row.base_locale,
      counts: {
        assigned: row.assigned,
        notStarted: row.not_started,
        inProgress: row.in_progress,
        completed: row.completed,
        overdue: row.overdue,
      },
      rules: rules.get(row.id) ?? [],
    }));
  }

  /** Assigned officers of a course in the caller's scope, paged, filtered by unit, state and name. */
  async assignees(actor: AuthUser, courseId: string, query: AssigneeQueryDto): Promise<Page<AssigneeDto>> {
    const scope = coordinatorScope(actor);
    await this.course(actor, courseId, { published: false });
    const unitPath = query.organisationId ? await this.unitPath(actor, query.organisationId) : null;
    const now = this.clock.now();
    const pattern = query.q?.trim() ? `%${query.q.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
    const rows = (await this.dataSource.query(
      `SELECT u.id AS user_id, u.display_name, u.email::text AS email, o.id AS organisation_id,
              o.code AS organisation_code, e.status, e.progress_pct, e.due_at, e.assigned_at,
              e.assignment_id IS NOT NULL AS via_unit, e.completed_at, e.last_activity_at,
              (e.due_at < $6 AND e.completed_at IS NULL) AS overdue, count(*) OVER () AS total
         FROM enrolments e
         JOIN users u ON u.id = e.user_id
         JOIN organisations o ON o.id = u.organisation_id
        WHERE e.course_id = $1 AND e.source = 'assigned' AND ${inScope('o.path', '$2')}
          AND ($3::text IS NULL OR o.path LIKE $3 || '%')
          AND ($4::text IS NULL
               OR ($4 = 'overdue' AND e.due_at < $6 AND e.completed_at IS NULL)
               OR ($4 <> 'overdue' AND e.status = $4))
          AND ($5::text IS NULL OR u.display_name ILIKE $5 OR u.email::text ILIKE $5)
        ORDER BY u.display_name, u.id
        LIMIT $7 OFFSET $8`,
      [
        courseId,
        scope,
        unitPath,
        query.status ?? null,
        pattern,
        now,
        query.pageSize,
        (query.page - 1) * query.pageSize,
      ],
    )) as {
      user_id: string;
      display_name: string;
      email: string;
      organisation_id: string | null;
      organisation_code: string | null;
      status: AssigneeDto['status'];
      progress_pct: number;
      due_at: Date | null;
      assigned_at: Date;
      via_unit: boolean;
      completed_at: Date | null;
      last_activity_at: Date | null;
      overdue: boolean;
      total: string;
    }[];
    let total = rows.length ? Number(rows[0].total) : 0;
    if (!rows.length && query.page > 1) {
      // Past the last page: still say how many there are.
      const [count] = (await this.dataSource.query(
        `SELECT count(*)::int AS n FROM enrolments e JOIN users u ON u.id = e.user_id
           JOIN organisations o ON o.id = u.organisation_id
          WHERE e.course_id = $1 AND e.source = 'assigned' AND ${inScope('o.path', '$2')}`,
        [courseId, scope],
      )) as { n: number }[];
      total = count.n;
    }
    return {
      items: rows.map((row) => ({
        userId: row.user_id,
        displayName: row.display_name,
        email: row.email,
        organisationId: row.organisation_id,
        organisationCode: row.organisation_code,
        status: row.status,
        progressPct: row.progress_pct,
        dueAt: iso(row.due_at),
        overdue: row.overdue === true,
        assignedAt: iso(row.assigned_at)!,
        viaUnit: row.via_unit,
        completedAt: iso(row.completed_at),
        lastActivityAt: iso(row.last_activity_at),
      })),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  /** Assigns a course to chosen officers or to a unit's subtree (one statement; see ASSIGN_SQL). */
  async assign(actor: AuthUser, body: AssignDto, how: 'users' | 'csv' = 'users'): Promise<AssignResultDto> {
    const target = this.target(body);
    if (body.includeFuture !== undefined && !target.organisationId) {
      throw new AppException('VALIDATION_FAILED', 'includeFuture applies to a unit assignment only', {
        includeFuture: 'INVALID',
      });
    }
    const dueAt = this.dueAt(body.dueAt ?? null);
    await this.course(actor, target.courseId, { published: true });
    if (target.organisationId) await this.unitPath(actor, target.organisationId);
    if (target.userIds) await this.checkPeople(actor, target.courseId, target.userIds);

    const includeFuture = body.includeFuture ?? false;
    const result = await this.dataSource.transaction(async (manager): Promise<AssignResultDto> => {
      const [row] = (await manager.query(ASSIGN_SQL, [
        target.courseId,
        actor.id,
        dueAt,
        this.clock.now(),
        target.userIds ?? null,
        target.organisationId ?? null,
        includeFuture,
        coordinatorScope(actor),
        target.organisationId ? 'unit' : how,
        iso(dueAt),
      ])) as { assigned: number; updated: number; rule_id: string | null }[];
      const total = row.assigned + row.updated;
      // A unit with nobody in it is worth a rule only for officers who join later.
      if (total === 0 && !includeFuture) {
        throw new AppException('ASSIGNEES_EMPTY', 'Nobody to assign: no active officers there');
      }
      return { assigned: row.assigned, updated: row.updated, total, ruleId: row.rule_id };
    });
    this.refreshStatistics(result.total);
    return result;
  }

  /**
   * Assigns to the officers listed (column `email`) in a CSV. Every row is checked first; if any is
   * wrong, nothing is assigned and the answer lists the rows (VALIDATION_FAILED, details.rows).
   */
  async assignCsv(
    actor: AuthUser,
    bytes: Buffer,
    fields: { courseId: string; dueAt?: string },
  ): Promise<AssignResultDto> {
    this.dueAt(fields.dueAt ?? null);
    await this.course(actor, fields.courseId, { published: true });
    const rows = parseAssignCsv(bytes);
    const emails = [...new Set(rows.map((row) => row.email.toLowerCase()).filter(Boolean))];
    const people = new Map(
      (await this.people(actor, fields.courseId, { emails })).map((person) => [
        person.email.toLowerCase(),
        person,
      ]),
    );
    const errors: AssignCsvRowError[] = [];
    const ids = new Set<string>();
    for (const row of rows) {
      const codes: AssignCsvRowCode[] = [];
      const person = people.get(row.email.toLowerCase());
      if (!row.email) codes.push('REQUIRED');
      else if (!isEmail(row.email) || row.email.length > 320) codes.push('INVALID_EMAIL');
      else if (!person) codes.push('UNKNOWN_EMAIL');
      else if (!person.in_scope) codes.push('EMAIL_OUTSIDE_SCOPE');
      else if (!person.officer) codes.push('NOT_AN_OFFICER');
      if (codes.length) errors.push({ line: row.line, email: row.email || null, codes });
      else ids.add(person!.id);
    }
    if (errors.length) {
      throw new AppException('VALIDATION_FAILED', 'Some rows of the file are wrong; nothing was assigned', {
        rows: errors,
        totalRows: rows.length,
      });
    }
    return this.assign(actor, { courseId: fields.courseId, userIds: [...ids], dueAt: fields.dueAt }, 'csv');
  }

  /** Sets a new due date (or none) on assignments of chosen officers or of a unit (and its rule). */
  async changeDueDate(actor: AuthUser, body: DueDateDto): Promise<DueDateResultDto> {
    const target = this.target(body);
    const dueAt = this.dueAt(body.dueAt);
    await this.course(actor, target.courseId, { published: false });
    if (target.organisationId) await this.unitPath(actor, target.organisationId);
    if (target.userIds) await this.checkPeople(actor, target.courseId, target.userIds, { officers: false });
    const result = await this.dataSource.transaction(async (manager): Promise<DueDateResultDto> => {
      const [row] = (await manager.query(DUE_DATE_SQL, [
        target.courseId,
        actor.id,
        dueAt,
        this.clock.now(),
        target.userIds ?? null,
        target.organisationId ?? null,
        coordinatorScope(actor),
        iso(dueAt),
      ])) as { targets: number; updated: number; rules: number }[];
      if (row.targets === 0 && row.rules === 0) {
        throw new AppException('ASSIGNMENT_NOT_FOUND', 'No such assignment', { courseId: target.courseId });
      }
      return { updated: row.updated };
    });
    this.refreshStatistics(result.updated);
    return result;
  }

  /**
   * Withdraws the assignments of chosen officers or of a unit (and the unit's rule), except for officers
   * who have started: they keep the course. Naming exactly one officer who has started is refused.
   */
  async withdraw(actor: AuthUser, body: WithdrawDto): Promise<WithdrawResultDto> {
    const target = this.target(body);
    await this.course(actor, target.courseId, { published: false });
    if (target.organisationId) await this.unitPath(actor, target.organisationId);
    if (target.userIds) await this.checkPeople(actor, target.courseId, target.userIds, { officers: false });
    const result = await this.dataSource.transaction(async (manager): Promise<WithdrawResultDto> => {
      const [row] = (await manager.query(WITHDRAW_SQL, [
        target.courseId,
        actor.id,
        this.clock.now(),
        target.userIds ?? null,
        target.organisationId ?? null,
        coordinatorScope(actor),
      ])) as { targets: number; withdrawn: number; kept: number; rules: number }[];
      if (row.targets === 0 && row.rules === 0) {
        throw new AppException('ASSIGNMENT_NOT_FOUND', 'No such assignment', { courseId: target.courseId });
      }
      if (target.userIds?.length === 1 && row.kept === 1) {
        // Thrown inside the transaction: its audit event is rolled back with it.
        throw new AppException('ASSIGNMENT_STARTED', 'The officer has started the course', {
          userId: target.userIds[0],
        });
      }
      return { withdrawn: row.withdrawn, kept: row.kept, ruleWithdrawn: row.rules > 0 };
    });
    this.refreshStatistics(result.withdrawn);
    return result;
  }

  /**
   * After a bulk change, refreshes the planner's statistics of enrolments in the background (ANALYZE
   * samples a fixed number of rows: ~0.1 s whatever the size) instead of waiting for autovacuum. With
   * statistics that still say "no enrolments in this course", the next bulk statement on the course can
   * get a nested-loop plan that is quadratic in the officers (seen in bench/assign: 100 s instead of 1 s).
   */
  private refreshStatistics(rows: number): void {
    if (rows < BULK_ROWS) return;
    this.dataSource.query(`ANALYZE enrolments`).catch(() => undefined);
  }

  // --- checks -------------------------------------------------------------------------------------

  /** Exactly one of userIds (non-empty) and organisationId. */
  private target(body: Target): Target {
    const userIds = body.userIds ? [...new Set(body.userIds.map((id) => id.toLowerCase()))] : undefined;
    if (userIds && body.organisationId) {
      throw new AppException('VALIDATION_FAILED', 'Name officers or a unit, not both', {
        organisationId: 'INVALID',
      });
    }
    if (!body.organisationId && !userIds?.length) {
      throw new AppException('ASSIGNEES_EMPTY', 'Name the officers or the unit');
    }
    return { courseId: body.courseId, userIds, organisationId: body.organisationId };
  }

  private dueAt(value: string | null): Date | null {
    if (value === null) return null;
    const date = new Date(value);
    if (Number.isNaN(date.getTime()) || date.getTime() <= this.clock.now().getTime()) {
      throw new AppException('DUE_DATE_INVALID', 'The due date must be in the future', { dueAt: value });
    }
    return date;
  }

  /**
   * The course, if the caller may assign it: unknown or outside their administrations' audience is "not
   * found"; a draft or archived course cannot be assigned (COURSE_NOT_PUBLISHED) but its assignments can
   * still be listed, re-dated and withdrawn.
   */
  private async course(actor: AuthUser, courseId: string, options: { published: boolean }): Promise<void> {
    const [row] = (await this.dataSource.query(
      `SELECT c.id, c.status, ${assignableBy('c', '$2')} AS assignable FROM courses c WHERE c.id = $1`,
      [courseId, coordinatorScope(actor)],
    )) as CourseRow[];
    if (!row || !row.assignable) {
      throw new AppException('COURSE_NOT_FOUND', 'No such course open to your organisations', { courseId });
    }
    if (options.published && row.status !== 'published') {
      throw new AppException('COURSE_NOT_PUBLISHED', 'Only a published course can be assigned', { courseId });
    }
  }

  /** A unit's path, if it lies in the caller's scope. */
  private async unitPath(actor: AuthUser, organisationId: string): Promise<string> {
    const [row] = (await this.dataSource.query(`SELECT path FROM organisations WHERE id = $1`, [
      organisationId,
    ])) as { path: string }[];
    if (!row) throw new AppException('ORGANISATION_NOT_FOUND', 'No such unit', { organisationId });
    if (!pathInScope(row.path, coordinatorScope(actor))) {
      throw new AppException('OUT_OF_SCOPE', 'This unit is outside your organisations', { organisationId });
    }
    return row.path;
  }

  /**
   * Every named user must be in the caller's scope (and the course's audience), else OUT_OF_SCOPE for
   * the whole request; to be assigned they must also be active officers.
   */
  private async checkPeople(
    actor: AuthUser,
    courseId: string,
    userIds: string[],
    options: { officers: boolean } = { officers: true },
  ): Promise<void> {
    const people = new Map((await this.people(actor, courseId, { ids: userIds })).map((p) => [p.id, p]));
    const outside = userIds.filter((id) => !people.get(id)?.in_scope);
    if (outside.length) {
      throw new AppException('OUT_OF_SCOPE', 'Some officers are outside your organisations', {
        userIds: outside.slice(0, 100),
        count: outside.length,
      });
    }
    const notOfficers = options.officers ? userIds.filter((id) => !people.get(id)!.officer) : [];
    if (notOfficers.length) {
      throw new AppException('VALIDATION_FAILED', 'Only active officers can be assigned', {
        userIds: 'NOT_AN_OFFICER',
        notOfficers: notOfficers.slice(0, 100),
      });
    }
  }

  private async people(
    actor: AuthUser,
    courseId: string,
    by: { ids?: string[]; emails?: string[] },
  ): Promise<PersonRow[]> {
    return (await this.dataSource.query(
      `SELECT u.id, u.email::text AS email,
              (o.path IS NOT NULL AND ${inScope('o.path', '$3')} AND ${inAudience('c', 'o.path')}) AS in_scope,
              (u.status = 'active' AND EXISTS (
                 SELECT 1 FROM role_grants g
                  WHERE g.user_id = u.id AND g.role = 'learner' AND g.organisation_id IS NULL)) AS officer
         FROM users u
         LEFT JOIN organisations o ON o.id = u.organisation_id
         JOIN courses c ON c.id = $4
        WHERE u.id = ANY ($1::uuid[]) OR u.email = ANY ($2::citext[])`,
      [by.ids ?? [], by.emails ?? [], coordinatorScope(actor), courseId],
    )) as PersonRow[];
  }

  private async rules(
    scope: string[] | null,
    courseIds: string[],
  ): Promise<Map<string, AssignmentRuleDto[]>> {
    const rows = (await this.dataSource.query(
      `SELECT r.id, r.course_id, r.organisation_id, o.code, o.name, r.due_at, r.include_future, r.created_at
         FROM course_assignments r JOIN organisations o ON o.id = r.organisation_id
        WHERE r.course_id = ANY ($1::uuid[]) AND r.withdrawn_at IS NULL AND ${inScope('o.path', '$2')}
        ORDER BY o.path`,
      [courseIds, scope],
    )) as {
      id: string;
      course_id: string;
      organisation_id: string;
      code: string;
      name: LocalizedText;
      due_at: Date | null;
      include_future: boolean;
      created_at: Date;
    }[];
    const out = new Map<string, AssignmentRuleDto[]>();
    for (const row of rows) {
      const list = out.get(row.course_id) ?? [];
      list.push({
        id: row.id,
        organisationId: row.organisation_id,
        organisationCode: row.code,
        organisationName: row.name,
        dueAt: iso(row.due_at),
        includeFuture: row.include_future,
        createdAt: iso(row.created_at)!,
      });
      out.set(row.course_id, list);
    }
    return out;
  }
}
