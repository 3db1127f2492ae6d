/**
 * The set-based statements behind assignments. Each write is ONE statement (data-modifying CTEs), so
 * assigning a course to a unit of 10,000 officers is one round trip, and the enrolments, the mail
 * notices, the unit rule and the audit trail commit together or not at all.
 *
 * Plans must stay linear when the statistics are stale (right after a bulk assignment nobody has
 * ANALYZEd the new rows, and a planner that believes "one enrolment in this course" would otherwise run a
 * nested loop over 10,000 × 10,000 rows): no data-modifying CTE joins a large CTE back to a table or to
 * another CTE. Per-row lookups are correlated subqueries on unique indexes, writes filter their own rows,
 * and ids collected from a CTE are passed as an array (`= ANY (ARRAY(SELECT …))`).
 *
 * Scope is a `text[]` parameter of organisation paths (a coordinator's subtrees) or NULL (admin: the
 * whole region); every statement filters by it again, so a target that left the scope between the
 * service's checks and the write is not touched.
 *
 * Audit trail (audit_events): one event per request, target ('course', course id), actor = the caller,
 * with what was asked and the affected officers' ids in `data`, so "what happened to this officer" is
 * `data->'<list>' ? '<user id>'` over the few assignment events of a course (one per request, not one per
 * officer: 10,000 extra rows per request would cost more than the assignment itself):
 * - `assignment.assigned`: how (users | unit | csv), unitId, ruleId, includeFuture, dueAt, counts,
 *   assignedUserIds (newly assigned), updatedUserIds (already assigned; due date set again);
 * - `assignment.due_date_changed`: how, unitId, ruleId, dueAt, updated, previousDueAt ({ user id: ISO | null });
 * - `assignment.withdrawn`: how, unitId, ruleId, withdrawn, kept, withdrawnUserIds, keptUserIds;
 * - `assignment.joined` (no actor) is written by the include_future trigger (migration AssignmentRules).
 */

/** SQL condition: the path expression lies in the scope parameter (NULL scope = everything). */
export const inScope = (path: string, scopeParam: string) =>
  `(${scopeParam}::text[] IS NULL OR EXISTS (SELECT 1 FROM unnest(${scopeParam}::text[]) AS s(p) WHERE ${path} LIKE s.p || '%'))`;

/** SQL condition: an officer whose organisation path is `path` may see the course aliased `course`. */
export const inAudience = (course: string, path: string) =>
  `(${course}.audience = 'region' OR EXISTS (SELECT 1 FROM course_audiences ca JOIN organisations ao ON ao.id = ca.organisation_id
     WHERE ca.course_id = ${course}.id AND ${path} LIKE ao.path || '%'))`;

/**
 * SQL condition: the course aliased `course` may be assigned by someone with the scope parameter: open to
 * the whole region, or its audience overlaps one of their subtrees (an administration containing it or a
 * unit inside it). Officers outside the audience are still never assigned (inAudience per officer).
 */
export const assignableBy = (course: string, scopeParam: string) =>
  `(${scopeParam}::text[] IS NULL OR ${course}.audience = 'region' OR EXISTS (
     SELECT 1 FROM course_audiences ca JOIN organisations ao ON ao.id = ca.organisation_id,
            unnest(${scopeParam}::text[]) AS s(p)
      WHERE ca.course_id = ${course}.id AND (s.p LIKE ao.path || '%' OR ao.path LIKE s.p || '%')))`;

/** Learner grants have no organisation (role_grants_scope), so the (user_id, role) partial unique index serves this. */
const LEARNER = (user: string) =>
  `EXISTS (SELECT 1 FROM role_grants g WHERE g.user_id = ${user}.id AND g.role = 'learner' AND g.organisation_id IS NULL)`;

/**
 * Assigns: $1 course, $2 actor, $3 due_at (timestamptz | null), $4 now, $5 user ids (uuid[] | null),
 * $6 unit id (uuid | null), $7 include_future, $8 scope, $9 how ('users' | 'unit' | 'csv'), $10 the due
 * date as an ISO string (mail and audit data).
 *
 * Targets: active officers (learner role) of the named users or of the unit's subtree, in scope and in
 * the course's audience. Enrolments are upserted on (user_id, course_id): a new row is an assignment; a
 * self-enrolment becomes one and keeps its progress; an assignment gets the new due date (the first
 * assigned_at and assigned_by stay). Newly assigned people (not yet completed) get the 'assignment' mail
 * (key `assignment:<enrolment id>`, ON CONFLICT DO NOTHING: never twice). A unit assignment upserts the
 * unit's rule (one per course and unit while not withdrawn).
 * Returns one row: assigned (newly), updated (already assigned), rule_id.
 */
export const ASSIGN_SQL = `
WITH course AS (
  SELECT c.id, c.audience FROM courses c WHERE c.id = $1 AND c.status = 'published'
),
unit AS (
  SELECT o.id, o.path FROM organisations o WHERE o.id = $6::uuid AND ${inScope('o.path', '$8')}
),
rule AS (
  INSERT INTO course_assignments AS r (course_id, organisation_id, due_at, include_future, created_by,
                                       created_at, updated_at)
  SELECT course.id, unit.id, $3::timestamptz, $7::boolean, $2::uuid, $4::timestamptz, $4::timestamptz
    FROM course, unit
  ON CONFLICT (course_id, organisation_id) WHERE withdrawn_at IS NULL DO UPDATE SET
    due_at = EXCLUDED.due_at, include_future = EXCLUDED.include_future, updated_at = EXCLUDED.updated_at
  RETURNING r.id
),
candidates AS (
  SELECT u.id, u.status, o.path FROM users u JOIN organisations o ON o.id = u.organisation_id
   WHERE u.id = ANY ($5::uuid[])
  UNION
  SELECT u.id, u.status, o.path FROM unit JOIN organisations o ON o.path LIKE unit.path || '%'
    JOIN users u ON u.organisation_id = o.id
),
targets AS (
  SELECT u.id AS user_id FROM candidates u, course c
   WHERE u.status = 'active' AND ${LEARNER('u')} AND ${inScope('u.path', '$8')} AND ${inAudience('c', 'u.path')}
),
-- Who was already assigned, read in one pass (an array, not a per-officer probe or a join).
before AS (
  SELECT e.user_id FROM enrolments e
   WHERE e.user_id = ANY (ARRAY(SELECT user_id FROM targets)) AND e.course_id = $1 AND e.source = 'assigned'
),
fresh AS (
  SELECT user_id FROM targets EXCEPT SELECT user_id FROM before
),
upserted AS (
  INSERT INTO enrolments AS e (user_id, course_id, source, due_at, assignment_id, assigned_by, assigned_at,
                               created_at, updated_at)
  SELECT t.user_id, $1, 'assigned', $3::timestamptz, (SELECT id FROM rule), $2::uuid, $4::timestamptz,
         $4::timestamptz, $4::timestamptz
    FROM targets t
   ORDER BY t.user_id
  ON CONFLICT (user_id, course_id) DO UPDATE SET
    source = 'assigned',
    due_at = EXCLUDED.due_at,
    assignment_id = COALESCE(EXCLUDED.assignment_id, e.assignment_id),
    assigned_by = CASE WHEN e.source = 'assigned' THEN e.assigned_by ELSE EXCLUDED.assigned_by END,
    assigned_at = COALESCE(e.assigned_at, EXCLUDED.assigned_at),
    updated_at = EXCLUDED.updated_at
    -- An assignment that would not change is left alone (no new row version, no index work).
    WHERE e.source <> 'assigned' OR e.due_at IS DISTINCT FROM EXCLUDED.due_at
       OR (EXCLUDED.assignment_id IS NOT NULL AND e.assignment_id IS DISTINCT FROM EXCLUDED.assignment_id)
  RETURNING e.id, e.user_id, e.status
),
-- Every row written gets its notice unless it has one: the key is the enrolment, so an assignment whose
-- due date changed conflicts (already notified) and only new and converted enrolments get a mail. The
-- data is the same for everyone: built once (a scalar subquery), not once per officer.
mailed AS (
  INSERT INTO mail_outbox (kind, user_id, data, dedupe_key)
  SELECT 'assignment', x.user_id, (SELECT jsonb_build_object('courseId', $1::uuid, 'dueAt', $10::text)),
         'assignment:' || x.id
    FROM upserted x
   WHERE x.status <> 'completed'
  ON CONFLICT (dedupe_key) DO NOTHING
),
summary AS (
  SELECT (SELECT count(*) FROM fresh)::int AS assigned, (SELECT count(*) FROM before)::int AS updated,
         (SELECT COALESCE(jsonb_agg(user_id), '[]') FROM fresh) AS assigned_ids,
         (SELECT COALESCE(jsonb_agg(user_id), '[]') FROM before) AS updated_ids
),
audit AS (
  INSERT INTO audit_events (actor_id, action, target_type, target_id, data)
  SELECT $2::uuid, 'assignment.assigned', 'course', $1::text,
         jsonb_build_object('how', $9::text, 'unitId', $6::uuid, 'ruleId', (SELECT id FROM rule),
                            'includeFuture', $7::boolean, 'dueAt', $10::text,
                            'requested', cardinality($5::uuid[]), 'assigned', s.assigned, 'updated', s.updated,
                            'assignedUserIds', s.assigned_ids, 'updatedUserIds', s.updated_ids)
    FROM summary s
)
SELECT s.assigned, s.updated, (SELECT id FROM rule) AS rule_id FROM summary s`;

/**
 * SQL: the ids of the users in the scope parameter who are in the user ids parameter or in the subtree of
 * the `unit` CTE (users and organisations only; enrolments are then read by these ids in one pass).
 */
function PEOPLE(scope: string, users: string): string {
  return `SELECT u.id FROM users u JOIN organisations o ON o.id = u.organisation_id
             WHERE u.id = ANY (${users}::uuid[]) AND ${inScope('o.path', scope)}
            UNION
           SELECT u.id FROM unit JOIN organisations o ON o.path LIKE unit.path || '%'
             JOIN users u ON u.organisation_id = o.id`;
}

/** SQL: the assignments of course $1 of those people (PEOPLE), with the columns the statements need. */
function ASSIGNED(scope: string, users: string, columns: string): string {
  return `SELECT ${columns} FROM enrolments e
   WHERE e.user_id = ANY (ARRAY(${PEOPLE(scope, users)})) AND e.course_id = $1 AND e.source = 'assigned'`;
}

/**
 * Changes due dates: $1 course, $2 actor, $3 due_at | null, $4 now, $5 user ids | null, $6 unit id |
 * null, $7 scope, $8 due date ISO string. Assignments not yet completed get the new date (those with the
 * same date are left alone); a unit's rule gets it too (for officers who join later).
 * Returns: targets (assignments found), updated, rules.
 */
export const DUE_DATE_SQL = `
WITH unit AS (
  SELECT o.id, o.path FROM organisations o WHERE o.id = $6::uuid AND ${inScope('o.path', '$7')}
),
rule AS (
  UPDATE course_assignments r SET due_at = $3::timestamptz, updated_at = $4::timestamptz
    FROM unit
   WHERE r.course_id = $1 AND r.organisation_id = unit.id AND r.withdrawn_at IS NULL
  RETURNING r.id
),
targets AS MATERIALIZED (${ASSIGNED('$7', '$5', 'e.id, e.user_id, e.due_at, e.completed_at')}),
touched AS MATERIALIZED (
  SELECT t.id, t.user_id, t.due_at AS previous FROM targets t
   WHERE t.completed_at IS NULL AND t.due_at IS DISTINCT FROM $3::timestamptz
),
changed AS (
  UPDATE enrolments e SET due_at = $3::timestamptz, updated_at = $4::timestamptz
   WHERE e.id = ANY (ARRAY(SELECT id FROM touched))
  RETURNING e.id
),
audit AS (
  INSERT INTO audit_events (actor_id, action, target_type, target_id, data)
  SELECT $2::uuid, 'assignment.due_date_changed', 'course', $1::text,
         jsonb_build_object('how', CASE WHEN $6::uuid IS NULL THEN 'users' ELSE 'unit' END, 'unitId', $6::uuid,
                            'ruleId', (SELECT id FROM rule), 'dueAt', $8::text,
                            'updated', (SELECT count(*) FROM changed),
                            'previousDueAt', (SELECT COALESCE(jsonb_object_agg(c.user_id,
                               to_char(c.previous AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')), '{}')
                                                FROM touched c))
)
SELECT (SELECT count(*) FROM targets)::int AS targets,
       (SELECT count(*) FROM changed)::int AS updated,
       (SELECT count(*) FROM rule)::int AS rules`;

/** SQL condition: the learner has started the enrolment aliased `e` (status, progress or a quiz attempt). */
function STARTED(e: string): string {
  return `(${e}.status <> 'not_started' OR ${e}.started_at IS NOT NULL
     OR EXISTS (SELECT 1 FROM lesson_progress lp WHERE lp.user_id = ${e}.user_id AND lp.course_id = ${e}.course_id)
     OR EXISTS (SELECT 1 FROM quiz_attempts qa WHERE qa.user_id = ${e}.user_id AND qa.course_id = ${e}.course_id))`;
}

/**
 * Withdraws: $1 course, $2 actor, $3 now, $4 user ids | null, $5 unit id | null, $6 scope. Deletes the
 * assignments of officers who have not started (status not_started, no lesson progress, no quiz attempt)
 * and their assignment mail if it has not gone out yet; keeps the others. Withdrawing a unit also marks
 * its rule withdrawn. Returns: targets, withdrawn, kept, rules.
 */
export const WITHDRAW_SQL = `
WITH unit AS (
  SELECT o.id, o.path FROM organisations o WHERE o.id = $5::uuid AND ${inScope('o.path', '$6')}
),
targets AS MATERIALIZED (${ASSIGNED('$6', '$4', `e.id, e.user_id, ${STARTED('e')} AS started`)}),
kept AS (
  SELECT user_id FROM targets WHERE started
),
removed AS (
  DELETE FROM enrolments e
   WHERE e.id = ANY (ARRAY(SELECT id FROM targets WHERE NOT started)) AND e.status = 'not_started'
  RETURNING e.id, e.user_id
),
unmailed AS (
  DELETE FROM mail_outbox m
   WHERE m.dedupe_key = ANY (ARRAY(SELECT 'assignment:' || r.id FROM removed r)) AND m.sent_at IS NULL
     AND (m.claimed_until IS NULL OR m.claimed_until < $3::timestamptz)
),
rule AS (
  UPDATE course_assignments r SET withdrawn_at = $3::timestamptz, updated_at = $3::timestamptz
    FROM unit
   WHERE r.course_id = $1 AND r.organisation_id = unit.id AND r.withdrawn_at IS NULL
  RETURNING r.id
),
audit AS (
  INSERT INTO audit_events (actor_id, action, target_type, target_id, data)
  SELECT $2::uuid, 'assignment.withdrawn', 'course', $1::text,
         jsonb_build_object('how', CASE WHEN $5::uuid IS NULL THEN 'users' ELSE 'unit' END, 'unitId', $5::uuid,
                            'ruleId', (SELECT id FROM rule), 'withdrawn', (SELECT count(*) FROM removed),
                            'kept', (SELECT count(*) FROM kept),
                            'withdrawnUserIds', (SELECT COALESCE(jsonb_agg(user_id), '[]') FROM removed),
                            'keptUserIds', (SELECT COALESCE(jsonb_agg(user_id), '[]') FROM kept))
)
SELECT (SELECT count(*) FROM targets)::int AS targets,
       (SELECT count(*) FROM removed)::int AS withdrawn, (SELECT count(*) FROM kept)::int AS kept,
       (SELECT count(*) FROM rule)::int AS rules`;
