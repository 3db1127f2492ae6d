import { MAX_PLAYBACK_RATE, PROGRESS_SLACK_S } from '@academy/contracts';

/**
 * The rate rule and merge, as SQL over the row's previous state (`old` watched seconds, `credit` the
 * rate allowance available now) and the CTE `input` (the report's seconds). Yields the new `watched`
 * multirange, its measure `watched_s` and `credit_left`.
 *
 * - fresh  = input − old: seconds this report would add.
 * - budget = floor(credit): how many of them it may add. The earliest fresh seconds are kept (ranges in
 *   order, the one crossing the budget cut), the rest dropped; the caller reports them as clipped.
 * - credit_left = credit − kept.
 */
function merge(old: string, credit: string): string {
  return `
    SELECT u.watched, (SELECT COALESCE(sum(upper(r) - lower(r)), 0) FROM unnest(u.watched) AS r)::int AS watched_s,
           c.credit - k.kept_s AS credit_left
      FROM (SELECT ${credit} AS credit, input.ranges - ${old} AS fresh) AS c
      CROSS JOIN LATERAL (
        SELECT COALESCE(range_agg(int4range(lower(f), least(upper(f), lower(f) + x.budget - x.before))),
                        '{}'::int4multirange) AS kept,
               COALESCE(sum(least(upper(f) - lower(f), x.budget - x.before)), 0)::int AS kept_s
          FROM (SELECT f, floor(c.credit)::int AS budget,
                       COALESCE(sum(upper(f) - lower(f)) OVER (ORDER BY lower(f)
                                ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)::int AS before
                  FROM unnest(c.fresh) AS f) AS x
         WHERE x.before < x.budget) AS k
      CROSS JOIN LATERAL (SELECT ${old} + k.kept AS watched) AS u`;
}

/**
 * Records one progress report in ONE statement (no read-modify-write in Node): PostgreSQL locks the
 * learner's row (or inserts it) and computes the new state from the locked version, so concurrent
 * reports serialise on the row and none is lost.
 *
 * Parameters: $1 user, $2 lesson, $3 course, $4 and $5 the reported ranges' starts and ends in whole
 * seconds, clipped to [0, D] (wholeSecondRanges), $6 position, $7 seq, $8 now (the injected Clock),
 * $9 duration in whole seconds (D ≥ 1), $10 seconds needed to complete, $11 duration in seconds as
 * published (clips the position). Rounding and the reasons for each rule: docs/adr/0005-video-progress.md.
 *
 * - Rate rule: the row holds a credit of seconds, refilled at MAX_PLAYBACK_RATE per second of server
 *   time since the previous accepted report and starting at PROGRESS_SLACK_S. A report may add at most
 *   floor(credit) seconds not already watched. Capped at D + PROGRESS_SLACK_S (nobody needs more).
 * - Completion: status becomes 'completed' when watched_s reaches $10; status, completed_at and watched
 *   seconds never go down. The position moves only with a seq above the last one kept.
 *
 * Returns the new row, `clipped_s` (seconds of this report refused by the rate rule: what is in the
 * report but not in the new union), `just_completed`, and the learner's enrolment as it was.
 */
export const RECORD_REPORT_SQL = `
WITH input AS (
  SELECT COALESCE(range_agg(int4range(r.f, r.t)), '{}'::int4multirange) AS ranges
    FROM unnest($4::int[], $5::int[]) AS r(f, t)
),
saved AS (
  INSERT INTO lesson_progress AS p (user_id, lesson_id, course_id, watched, watched_s, position_s, last_seq,
                                    last_report_at, rate_credit_s, status, completed_at, created_at, updated_at)
  SELECT $1, $2, $3, m.watched, m.watched_s, least($6::float8, $11::float8), $7::bigint, $8::timestamptz,
         m.credit_left, CASE WHEN m.watched_s >= $10::int THEN 'completed' ELSE 'in_progress' END,
         CASE WHEN m.watched_s >= $10::int THEN $8::timestamptz END, $8::timestamptz, $8::timestamptz
    FROM input CROSS JOIN LATERAL (${merge(`'{}'::int4multirange`, `least($9::int + ${PROGRESS_SLACK_S}, ${PROGRESS_SLACK_S})::float8`)}) AS m
  ON CONFLICT (user_id, lesson_id) DO UPDATE SET
    (watched, watched_s, rate_credit_s, status, completed_at) = (
      SELECT m.watched, m.watched_s, m.credit_left,
             CASE WHEN p.status = 'completed' OR m.watched_s >= $10::int THEN 'completed' ELSE 'in_progress' END,
             COALESCE(p.completed_at, CASE WHEN m.watched_s >= $10::int THEN $8::timestamptz END)
        FROM input CROSS JOIN LATERAL (${merge(
          'p.watched',
          `least($9::int + ${PROGRESS_SLACK_S}, p.rate_credit_s + ${MAX_PLAYBACK_RATE} * greatest(0, extract(epoch FROM $8::timestamptz - p.last_report_at)))::float8`,
        )}) AS m),
    position_s = CASE WHEN $7::bigint > p.last_seq THEN least($6::float8, $11::float8) ELSE p.position_s END,
    last_seq = greatest(p.last_seq, $7::bigint),
    last_report_at = greatest(p.last_report_at, $8::timestamptz),
    updated_at = $8::timestamptz
  RETURNING p.*
)
SELECT s.watched::text AS watched, s.watched_s, s.position_s, s.status, s.completed_at, s.updated_at,
       s.completed_at = $8::timestamptz AS just_completed,
       (SELECT COALESCE(sum(upper(r) - lower(r)), 0) FROM unnest((SELECT ranges FROM input) - s.watched) AS r)::int
         AS clipped_s,
       e.status AS course_status, e.progress_pct, e.completed_lessons, e.required_lessons,
       e.completed_at AS course_completed_at, e.updated_at AS course_updated_at
  FROM saved AS s LEFT JOIN enrolments AS e ON e.user_id = $1 AND e.course_id = $3`;

/** Creates the enrolment or marks it started, and locks it until the transaction ends. $1 user, $2 course, $3 now. */
export const ENSURE_ENROLMENT_SQL = `
INSERT INTO enrolments (user_id, course_id, status, started_at, last_activity_at, created_at, updated_at)
VALUES ($1, $2, 'in_progress', $3, $3, $3, $3)
ON CONFLICT (user_id, course_id) DO UPDATE SET
  started_at = COALESCE(enrolments.started_at, EXCLUDED.started_at),
  last_activity_at = greatest(enrolments.last_activity_at, EXCLUDED.last_activity_at),
  updated_at = EXCLUDED.updated_at`;

/**
 * Recounts the enrolment from lesson_progress: a separate statement after ENSURE_ENROLMENT_SQL took the
 * row lock, so its snapshot includes every completion committed before (READ COMMITTED). Completion of
 * the course is kept once reached. $1 user, $2 course, $3 required lesson ids, $4 now.
 */
export const RECOUNT_ENROLMENT_SQL = `
UPDATE enrolments AS e SET
  completed_lessons = n.done,
  required_lessons = n.required,
  progress_pct = CASE WHEN n.required = 0 THEN 0 ELSE least(100, floor(100.0 * n.done / n.required))::int END,
  status = CASE WHEN e.completed_at IS NOT NULL OR (n.required > 0 AND n.done >= n.required) THEN 'completed'
                ELSE 'in_progress' END,
  completed_at = COALESCE(e.completed_at, CASE WHEN n.required > 0 AND n.done >= n.required THEN $4::timestamptz END),
  updated_at = $4::timestamptz
  FROM (SELECT count(*)::int AS done, cardinality($3::uuid[]) AS required
          FROM lesson_progress
         WHERE user_id = $1 AND lesson_id = ANY($3::uuid[]) AND status = 'completed') AS n
 WHERE e.user_id = $1 AND e.course_id = $2
RETURNING e.status AS course_status, e.progress_pct, e.completed_lessons, e.required_lessons,
          e.completed_at AS course_completed_at`;
