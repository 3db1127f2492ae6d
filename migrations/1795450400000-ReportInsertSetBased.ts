import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hand-written: a cheaper insert path for the report summaries (issue 5: assigning a course to 10,000 officers in
 * under a second). The summaries stay exactly what migrations ReportEnrolments, ReportCounts and
 * ReportLearnerLanguages define; only how new enrolments reach them changes. Updates and deletes keep their full
 * recomputes.
 *
 * - `report_enrolments_inserted()`: the learner's best quiz score comes from ONE aggregate over the submitted quiz
 *   attempts of the statement's learners in the statement's courses (an index scan on `quiz_attempts (user_id, …)`
 *   with the ids as an array), joined to the new rows, instead of calling `report_best_quiz_pct()` once per row (a
 *   function call and an index probe per enrolment).
 * - `report_counts_inserted()`: the `report_learners` upsert also sets the learner's language and the "studies in
 *   en / ru" flags. New enrolments can only add languages, so for a learner already there the flags are OR-ed in
 *   and the language is the least one (what `min()` over all their enrolments gives); a new learner gets those of
 *   their new enrolments. The content language of an enrolment is the rule of `report_learners_languages()`: the
 *   learner's language when the course's published version is complete in it, else the course's base language.
 *   The `report_languages_ins` trigger is dropped: it re-read ALL enrolments of every learner concerned and then
 *   updated each of their `report_learners` rows a second time (a new row version and index entries per learner).
 *
 * Plans: a static statement in PL/pgSQL is planned once per session, for the transition table's size at its first
 * run. Planned for one row (a self-enrolment), a join to the quiz-attempt aggregate could be a nested loop that
 * rescans it once per new row; planned for 10,000 rows, a one-row insert could hash the whole users table. So a
 * statement of up to SMALL (100) rows runs the static statement (its cached plan is for small statements), and a larger
 * one runs the same text through EXECUTE, planned for its own size (about half a millisecond, once per statement).
 *
 * Measured (bench/assign, bench/README.md "## assign", shared machine): a 10,000-officer assignment spent a median
 * 1.6–2.1 s of PostgreSQL CPU before and 1.0–1.3 s after; what remains is mostly foreign-key checks (five per
 * officer) and index maintenance.
 */

/** Statements with more new rows than this are planned for their own size (EXECUTE); see above. */
const SMALL = 100;

/** Runs `sql` (no trailing semicolon) as a cached static statement for small statements, else through EXECUTE. */
const sizedStatement = (sql: string) => `
  IF NOT EXISTS (SELECT FROM new_rows OFFSET ${SMALL}) THEN
${sql};
  ELSE
    EXECUTE $sql$
${sql}
    $sql$;
  END IF;`;

/** The copies of new enrolments, with the learner's organisation and language and best quiz score. */
const INSERT_REPORT_ENROLMENTS = `  INSERT INTO report_enrolments
    (enrolment_id, user_id, course_id, organisation_id, learner_locale, status, source, progress_pct, created_at,
     assigned_at, due_at, started_at, completed_at, last_activity_at, best_quiz_pct)
  SELECT n.id, n.user_id, n.course_id, u.organisation_id, coalesce(u.locale, 'en'), n.status, n.source, n.progress_pct,
         n.created_at, n.assigned_at, n.due_at, n.started_at, n.completed_at, n.last_activity_at, b.best
    FROM new_rows n
    LEFT JOIN users u ON u.id = n.user_id
    LEFT JOIN (SELECT a.user_id, a.course_id,
                      max(a.score_points * 100.0 / nullif(a.max_points, 0))::double precision AS best
                 FROM quiz_attempts a
                WHERE a.user_id = ANY (ARRAY(SELECT user_id FROM new_rows))
                  AND a.course_id = ANY (ARRAY(SELECT DISTINCT course_id FROM new_rows))
                  AND a.submitted_at IS NOT NULL
                GROUP BY a.user_id, a.course_id) b ON b.user_id = n.user_id AND b.course_id = n.course_id
  ON CONFLICT (enrolment_id) DO NOTHING`;

/** Learners with new enrolments: inserted, or their organisation, activity and languages brought up to date. */
const UPSERT_REPORT_LEARNERS = `  INSERT INTO report_learners AS l (user_id, organisation_id, last_activity_at, learner_locale, studies_en, studies_ru)
  SELECT n.user_id, coalesce((array_agg(n.organisation_id) FILTER (WHERE n.organisation_id IS NOT NULL))[1], '00000000-0000-0000-0000-000000000000'::uuid),
         max(n.last_activity_at), min(n.learner_locale),
         coalesce(bool_or(CASE WHEN n.learner_locale = ANY (k.complete) THEN n.learner_locale ELSE k.base END = 'en'), false),
         coalesce(bool_or(CASE WHEN n.learner_locale = ANY (k.complete) THEN n.learner_locale ELSE k.base END = 'ru'), false)
    FROM new_rows n
    LEFT JOIN (SELECT c.id, coalesce(v.complete_locales, ARRAY[c.base_locale]) AS complete,
                      coalesce(v.base_locale, c.base_locale) AS base
                 FROM courses c LEFT JOIN course_versions v ON v.course_id = c.id AND v.version = c.version
                WHERE c.id = ANY (ARRAY(SELECT DISTINCT course_id FROM new_rows))) k ON k.id = n.course_id
   GROUP BY n.user_id
   ORDER BY n.user_id
  ON CONFLICT (user_id) DO UPDATE
     SET organisation_id = EXCLUDED.organisation_id,
         last_activity_at = greatest(l.last_activity_at, EXCLUDED.last_activity_at),
         learner_locale = least(l.learner_locale, EXCLUDED.learner_locale),
         studies_en = l.studies_en OR EXCLUDED.studies_en,
         studies_ru = l.studies_ru OR EXCLUDED.studies_ru
   WHERE (l.organisation_id, l.last_activity_at, l.learner_locale, l.studies_en, l.studies_ru) IS DISTINCT FROM
         (EXCLUDED.organisation_id, greatest(l.last_activity_at, EXCLUDED.last_activity_at),
          least(l.learner_locale, EXCLUDED.learner_locale), l.studies_en OR EXCLUDED.studies_en,
          l.studies_ru OR EXCLUDED.studies_ru)`;

/** report_counts: add the statement's new rows to their buckets (unchanged from migration ReportCounts). */
const COUNTS_APPLY_INSERTED = `
  INSERT INTO report_counts AS c (organisation_id, course_id, learner_locale, source, status, enrolments, quiz_sum, quiz_n)
  SELECT x.organisation_id, x.course_id, x.learner_locale, x.source, x.status, sum(x.d), sum(x.d * coalesce(x.best, 0)),
         sum(x.d * (x.best IS NOT NULL)::int)
    FROM (SELECT coalesce(n.organisation_id, '00000000-0000-0000-0000-000000000000'::uuid) AS organisation_id,
              n.course_id, n.learner_locale, n.source, n.status,
              n.best_quiz_pct::numeric AS best, 1 AS d FROM new_rows n) AS x
   GROUP BY 1, 2, 3, 4, 5
  HAVING sum(x.d) <> 0 OR sum(x.d * coalesce(x.best, 0)) <> 0 OR sum(x.d * (x.best IS NOT NULL)::int) <> 0
   ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (organisation_id, course_id, learner_locale, source, status) DO UPDATE
     SET enrolments = c.enrolments + EXCLUDED.enrolments, quiz_sum = c.quiz_sum + EXCLUDED.quiz_sum,
         quiz_n = c.quiz_n + EXCLUDED.quiz_n;`;

export class ReportInsertSetBased1795450400000 implements MigrationInterface {
  name = 'ReportInsertSetBased1795450400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
CREATE OR REPLACE FUNCTION report_enrolments_inserted() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN${sizedStatement(INSERT_REPORT_ENROLMENTS)}
  RETURN NULL;
END
$fn$`);
    await queryRunner.query(`
CREATE OR REPLACE FUNCTION report_counts_inserted() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  ${COUNTS_APPLY_INSERTED}${sizedStatement(UPSERT_REPORT_LEARNERS)}
  RETURN NULL;
END
$fn$`);
    await queryRunner.query(`DROP TRIGGER report_languages_ins ON report_enrolments`);
    await queryRunner.query(`DROP FUNCTION report_languages_ins()`);
  }

  /** The bodies of migrations ReportEnrolments, ReportCounts and ReportLearnerLanguages, as they were. */
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
CREATE FUNCTION report_languages_ins() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM report_learners_languages(ARRAY(SELECT DISTINCT user_id FROM new_rows));
  RETURN NULL;
END
$fn$`);
    await queryRunner.query(
      `CREATE TRIGGER report_languages_ins AFTER INSERT ON report_enrolments REFERENCING NEW TABLE AS new_rows
         FOR EACH STATEMENT EXECUTE FUNCTION report_languages_ins()`,
    );
    await queryRunner.query(`ALTER TABLE report_enrolments ENABLE ALWAYS TRIGGER report_languages_ins`);
    await queryRunner.query(`
CREATE OR REPLACE FUNCTION report_counts_inserted() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  ${COUNTS_APPLY_INSERTED}
  INSERT INTO report_learners AS l (user_id, organisation_id, last_activity_at)
  SELECT n.user_id, coalesce((array_agg(n.organisation_id))[1], '00000000-0000-0000-0000-000000000000'::uuid),
         max(n.last_activity_at)
    FROM new_rows n GROUP BY n.user_id ORDER BY n.user_id
  ON CONFLICT (user_id) DO UPDATE
     SET organisation_id = EXCLUDED.organisation_id,
         last_activity_at = greatest(l.last_activity_at, EXCLUDED.last_activity_at)
   WHERE l.organisation_id IS DISTINCT FROM EXCLUDED.organisation_id
      OR l.last_activity_at IS DISTINCT FROM greatest(l.last_activity_at, EXCLUDED.last_activity_at);
  RETURN NULL;
END
$fn$`);
    await queryRunner.query(`
CREATE OR REPLACE FUNCTION report_enrolments_inserted() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO report_enrolments
    (enrolment_id, user_id, course_id, organisation_id, learner_locale, status, source, progress_pct, created_at,
     assigned_at, due_at, started_at, completed_at, last_activity_at, best_quiz_pct)
  SELECT n.id, n.user_id, n.course_id, u.organisation_id, coalesce(u.locale, 'en'), n.status, n.source, n.progress_pct,
         n.created_at, n.assigned_at, n.due_at, n.started_at, n.completed_at, n.last_activity_at,
         report_best_quiz_pct(n.user_id, n.course_id)
    FROM new_rows n LEFT JOIN users u ON u.id = n.user_id
  ON CONFLICT (enrolment_id) DO NOTHING;
  RETURN NULL;
END
$fn$`);
  }
}
