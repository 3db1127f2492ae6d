import { MAX_PLAYBACK_RATE, PROGRESS_SLACK_S } from '@academy/contracts';

/**
 * The rate rule and merge, as SQL over the row's previous state (`old` watched seconds, `credit` the
 * rate allowance available now) and the report's seconds (`ranges`, an int4multirange). Yields the new
 * `watched` multirange, its measure `watched_s` and `credit_left`.
 *
 * - fresh  = ranges − old: seconds this report would add.
 * - budget = floor(credit): how many of them it may add. The earliest fresh seconds are kept (ranges in
 *   order, the one crossing the budget cut), the rest dropped; the caller reports them as clipped.
 * - credit_left = credit − kept.
 */
function merge(old: string, credit: string, ranges: string): string {
  return `
    SELECT u.watched, (SELECT COALESCE(sum(upper(r) - lower(r)), 0) FROM unnest(u.watched) AS r)::int AS watched_s,
           c.credit - k.kept_s AS credit_left
      FROM (SELECT ${credit} AS credit, ${ranges} - ${old} AS fresh) AS c
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
 * Records a batch of progress reports in ONE statement (no read-modify-write in Node): PostgreSQL locks
 * each learner's row (or inserts it) and computes the new state from the locked version, so concurrent
 * reports serialise on the row and none is lost. One report is a batch of one; ProgressBatcher
 * (progress-batcher.ts) groups the reports that arrive while earlier statements run.
 *
 * Parameters are parallel arrays, one entry per report, and no (user, lesson) may appear twice (ON
 * CONFLICT cannot update a row twice in one statement; the batcher keeps such reports for the next one):
 * $1 user, $2 lesson, $3 course, $4 the reported seconds as an int4multirange (whole seconds, clipped to
 * [0, D]: wholeSecondRanges, reportedRanges), $5 position (clipped to the published duration), $6 seq,
 * $7 now (the injected Clock, per report), $8 duration in whole seconds D ≥ 1, $9 seconds needed to
 * complete. Rows are written in (user, lesson) order, so two statements never wait on each other's rows
 * in opposite orders. Rounding and the reasons for each rule: docs/adr/0005-video-progress.md.
 *
 * - Rate rule: the row holds a credit of seconds, refilled at MAX_PLAYBACK_RATE per second of server
 *   time since the previous accepted report and starting at PROGRESS_SLACK_S. A report may add at most
 *   floor(credit) seconds not already watched. Capped at D + PROGRESS_SLACK_S (nobody needs more).
 * - Completion: status becomes 'completed' when watched_s reaches $9; status, completed_at and watched
 *   seconds never go down. The position moves only with a seq above the last one kept.
 *
 * Returns one row per report, `n` its 1-based index in the arrays: the new row, `clipped_s` (seconds of
 * this report refused by the rate rule: what is in the report but not in the new union),
 * `just_completed`, and the learner's enrolment as it was.
 */
export const RECORD_REPORTS_SQL = `
WITH input AS (
  SELECT *
    FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::int4multirange[], $5::float8[], $6::bigint[],
                $7::timestamptz[], $8::int[], $9::int[]) WITH ORDINALITY
         AS i(user_id, lesson_id, course_id, ranges, position_s, seq, now, duration, needed, n)
),
saved AS (
  INSERT INTO lesson_progress AS p (user_id, lesson_id, course_id, watched, watched_s, position_s, last_seq,
                                    last_report_at, rate_credit_s, status, completed_at, created_at, updated_at)
  SELECT i.user_id, i.lesson_id, i.course_id, m.watched, m.watched_s, i.position_s, i.seq, i.now,
         m.credit_left, CASE WHEN m.watched_s >= i.needed THEN 'completed' ELSE 'in_progress' END,
         CASE WHEN m.watched_s >= i.needed THEN i.now END, i.now, i.now
    FROM input AS i
    CROSS JOIN LATERAL (${merge(`'{}'::int4multirange`, `least(i.duration + ${PROGRESS_SLACK_S}, ${PROGRESS_SLACK_S})::float8`, 'i.ranges')}) AS m
   ORDER BY i.user_id, i.lesson_id
  ON CONFLICT (user_id, lesson_id) DO UPDATE SET
    (watched, watched_s, rate_credit_s, status, completed_at) = (
      SELECT m.watched, m.watched_s, m.credit_left,
             CASE WHEN p.status = 'completed' OR m.watched_s >= i.needed THEN 'completed' ELSE 'in_progress' END,
             COALESCE(p.completed_at, CASE WHEN m.watched_s >= i.needed THEN i.now END)
        FROM input AS i
        CROSS JOIN LATERAL (${merge(
          'p.watched',
          `least(i.duration + ${PROGRESS_SLACK_S}, p.rate_credit_s + ${MAX_PLAYBACK_RATE} * greatest(0, extract(epoch FROM i.now - p.last_report_at)))::float8`,
          'i.ranges',
        )}) AS m
       WHERE i.user_id = p.user_id AND i.lesson_id = p.lesson_id),
    -- EXCLUDED: the report's own position, seq and time, as the INSERT above would have written them.
    position_s = CASE WHEN EXCLUDED.last_seq > p.last_seq THEN EXCLUDED.position_s ELSE p.position_s END,
    last_seq = greatest(p.last_seq, EXCLUDED.last_seq),
    last_report_at = greatest(p.last_report_at, EXCLUDED.last_report_at),
    updated_at = EXCLUDED.updated_at
  RETURNING p.*
)
SELECT i.n, s.watched::text AS watched, s.watched_s, s.position_s, s.status, s.completed_at, s.updated_at,
       s.completed_at = i.now AS just_completed,
       (SELECT COALESCE(sum(upper(r) - lower(r)), 0) FROM unnest(i.ranges - s.watched) AS r)::int AS clipped_s,
       e.status AS course_status, e.progress_pct, e.completed_lessons, e.required_lessons,
       e.completed_at AS course_completed_at, e.updated_at AS course_updated_at
  FROM saved AS s
  JOIN input AS i ON i.user_id = s.user_id AND i.lesson_id = s.lesson_id
  LEFT JOIN enrolments AS e ON e.user_id = i.user_id AND e.course_id = i.course_id`;

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
