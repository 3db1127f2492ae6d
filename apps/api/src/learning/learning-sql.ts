// The statements behind GET /api/me/learning, shared with bench/my-learning (which EXPLAINs them).

/** A timestamptz as JavaScript's toISOString() writes it (`2026-11-23T16:00:00.000Z`), made by PostgreSQL. */
const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * The enrolment columns every learning answer is built from (alias `e`); times as ISO 8601 text, ready for
 * the answer (no Date objects made and formatted again for every row).
 */
export const ENROLMENT_COLUMNS = `e.course_id, e.source, e.status, e.progress_pct, e.completed_lessons, e.required_lessons,
  ${['due_at', 'assigned_at', 'created_at', 'started_at', 'completed_at', 'last_activity_at']
    .map((column) => `${iso(`e.${column}`)} AS ${column}`)
    .join(', ')}`;

/**
 * Every enrolment of the learner `$1`, with its course's current published version (the small title
 * columns only, never the snapshot), whether the course is still open to them (`visible`: SQL from
 * visibleToSql) and its certificate. The learner's enrolments are read first (materialised, by
 * enrolments_user_course_key's user_id prefix), so the plan never walks the catalogue whatever its size or
 * statistics; courses, current versions and certificates are then probed by their unique keys.
 */
export function myLearningSql(visible: string): string {
  // LIMIT keeps the lateral a probe of the courses and course_versions keys per enrolment: without it the
  // planner hashes the whole catalogue, which grows with every course published.
  return `
WITH e AS MATERIALIZED (SELECT * FROM enrolments WHERE user_id = $1)
SELECT ${ENROLMENT_COLUMNS}, cv.code, cv.version_id, cv.title, cv.base_locale, cv.available,
       cert.id AS certificate_id, cert.code AS certificate_code,
       cert.revoked_at IS NOT NULL AS certificate_revoked
  FROM e
  CROSS JOIN LATERAL (
    SELECT c.code, v.id AS version_id, v.title, v.base_locale, ${visible} AS available
      FROM courses c JOIN course_versions v ON v.course_id = c.id AND v.version = c.version
     WHERE c.id = e.course_id LIMIT 1) cv
  LEFT JOIN certificates cert ON cert.user_id = $1 AND cert.course_id = e.course_id`;
}

/** The learner's ($1) lesson rows in the given courses ($2), for "continue": by the primary key's prefix. */
export const OPEN_LESSONS_SQL = `
SELECT course_id, lesson_id, status, position_s FROM lesson_progress
 WHERE user_id = $1 AND course_id = ANY($2::uuid[])`;
