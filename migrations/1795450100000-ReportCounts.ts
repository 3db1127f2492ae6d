import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hand-written: pre-aggregated report figures, kept exact from `report_enrolments` (migration ReportEnrolments)
 * by statement-level triggers on that table (ADR 0008). Region figures read every enrolment of the region
 * otherwise (1,000,000 rows in the volume database: 1–2 s on a loaded two-core machine).
 *
 * - `report_counts`: enrolments per (organisation, course, learner's language, source, status), with the sum
 *   and number of best quiz scores. Every change of report_enrolments adds its new rows and subtracts its old
 *   ones in one set-based upsert; changes that move nothing between buckets (progress %, last activity, due
 *   dates) write nothing here, so the progress hot path takes no lock on these rows. Buckets are locked in key
 *   order, so two transactions cannot deadlock on them.
 * - `report_learners`: per learner with enrolments, their organisation and latest activity (for "active in the
 *   last 30 days"): raised on insert/update, recomputed for the learners concerned on delete.
 *
 * Reports read them when no date range is asked for; with `from`/`to` they read report_enrolments.
 * Learners without an organisation count under the nil uuid. ENABLED ALWAYS like the triggers they follow.
 */
export class ReportCounts1795450100000 implements MigrationInterface {
  name = 'ReportCounts1795450100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
CREATE TABLE report_counts (
  organisation_id uuid NOT NULL,
  course_id uuid NOT NULL,
  learner_locale text NOT NULL,
  source text NOT NULL,
  status text NOT NULL,
  enrolments bigint NOT NULL,
  quiz_sum numeric NOT NULL,
  quiz_n bigint NOT NULL,
  PRIMARY KEY (organisation_id, course_id, learner_locale, source, status)
)`);
    await queryRunner.query(`
CREATE TABLE report_learners (
  user_id uuid PRIMARY KEY,
  organisation_id uuid NOT NULL,
  last_activity_at timestamptz
)`);
    await queryRunner.query(
      `CREATE INDEX report_learners_org_activity_idx ON report_learners (organisation_id, last_activity_at)`,
    );
    // Adds the statement's new rows and subtracts its old ones (`deltas`: rows with d = +1 or -1).
    const apply = (deltas: string) => `
  INSERT INTO report_counts AS c (organisation_id, course_id, learner_locale, source, status, enrolments, quiz_sum, quiz_n)
  SELECT x.organisation_id, x.course_id, x.learner_locale, x.source, x.status, sum(x.d), sum(x.d * coalesce(x.best, 0)),
         sum(x.d * (x.best IS NOT NULL)::int)
    FROM (${deltas}) AS x
   GROUP BY 1, 2, 3, 4, 5
  HAVING sum(x.d) <> 0 OR sum(x.d * coalesce(x.best, 0)) <> 0 OR sum(x.d * (x.best IS NOT NULL)::int) <> 0
   ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (organisation_id, course_id, learner_locale, source, status) DO UPDATE
     SET enrolments = c.enrolments + EXCLUDED.enrolments, quiz_sum = c.quiz_sum + EXCLUDED.quiz_sum,
         quiz_n = c.quiz_n + EXCLUDED.quiz_n;`;
    const cols = (alias: string, d: number) =>
      `SELECT coalesce(${alias}.organisation_id, '00000000-0000-0000-0000-000000000000'::uuid) AS organisation_id,
              ${alias}.course_id, ${alias}.learner_locale, ${alias}.source, ${alias}.status,
              ${alias}.best_quiz_pct::numeric AS best, ${d} AS d`;
    const learners = `
  INSERT INTO report_learners AS l (user_id, organisation_id, last_activity_at)
  SELECT n.user_id, coalesce((array_agg(n.organisation_id))[1], '00000000-0000-0000-0000-000000000000'::uuid),
         max(n.last_activity_at)
    FROM new_rows n GROUP BY n.user_id ORDER BY n.user_id
  ON CONFLICT (user_id) DO UPDATE
     SET organisation_id = EXCLUDED.organisation_id,
         last_activity_at = greatest(l.last_activity_at, EXCLUDED.last_activity_at)
   WHERE l.organisation_id IS DISTINCT FROM EXCLUDED.organisation_id
      OR l.last_activity_at IS DISTINCT FROM greatest(l.last_activity_at, EXCLUDED.last_activity_at);`;
    await queryRunner.query(`
CREATE FUNCTION report_counts_inserted() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  ${apply(`${cols('n', 1)} FROM new_rows n`)}
  ${learners}
  RETURN NULL;
END
$fn$`);
    await queryRunner.query(`
CREATE FUNCTION report_counts_updated() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  -- Adds every new row and subtracts every old one: unchanged rows cancel out in the sums (HAVING drops
  -- them). No join between the two transition tables: PL/pgSQL reuses the first run's plan, and a nested
  -- loop between them planned for one row is quadratic for a 10,000-row statement.
  ${apply(`${cols('n', 1)} FROM new_rows n UNION ALL ${cols('o', -1)} FROM old_rows o`)}
  ${learners}
  RETURN NULL;
END
$fn$`);
    await queryRunner.query(`
CREATE FUNCTION report_counts_deleted() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  ${apply(`${cols('o', -1)} FROM old_rows o`)}
  DELETE FROM report_learners l USING (SELECT DISTINCT user_id FROM old_rows) d
   WHERE l.user_id = d.user_id AND NOT EXISTS (SELECT 1 FROM report_enrolments f WHERE f.user_id = d.user_id);
  UPDATE report_learners l
     SET last_activity_at = (SELECT max(f.last_activity_at) FROM report_enrolments f WHERE f.user_id = l.user_id)
   WHERE l.user_id IN (SELECT DISTINCT user_id FROM old_rows);
  RETURN NULL;
END
$fn$`);
    const triggers: [string, string, string, string][] = [
      ['report_counts_ins', 'INSERT', 'NEW TABLE AS new_rows', 'report_counts_inserted'],
      ['report_counts_upd', 'UPDATE', 'OLD TABLE AS old_rows NEW TABLE AS new_rows', 'report_counts_updated'],
      ['report_counts_del', 'DELETE', 'OLD TABLE AS old_rows', 'report_counts_deleted'],
    ];
    for (const [name, event, referencing, fn] of triggers) {
      await queryRunner.query(
        `CREATE TRIGGER ${name} AFTER ${event} ON report_enrolments REFERENCING ${referencing}
           FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`,
      );
      await queryRunner.query(`ALTER TABLE report_enrolments ENABLE ALWAYS TRIGGER ${name}`);
    }
    await queryRunner.query(`
INSERT INTO report_counts (organisation_id, course_id, learner_locale, source, status, enrolments, quiz_sum, quiz_n)
SELECT coalesce(organisation_id, '00000000-0000-0000-0000-000000000000'), course_id, learner_locale, source, status,
       count(*), coalesce(sum(best_quiz_pct::numeric), 0), count(best_quiz_pct)
  FROM report_enrolments GROUP BY 1, 2, 3, 4, 5`);
    await queryRunner.query(`
INSERT INTO report_learners (user_id, organisation_id, last_activity_at)
SELECT user_id, coalesce((array_agg(organisation_id))[1], '00000000-0000-0000-0000-000000000000'), max(last_activity_at)
  FROM report_enrolments GROUP BY user_id`);
    // Overdue counts are time-dependent: read from the open assignments with a due date only.
    await queryRunner.query(
      `CREATE INDEX report_enrolments_open_due_idx ON report_enrolments (organisation_id, due_at)
         INCLUDE (course_id, source, learner_locale) WHERE due_at IS NOT NULL AND status <> 'completed'`,
    );
    // Learners per language studied: one narrow pass in (language, learner) order.
    await queryRunner.query(
      `CREATE INDEX report_enrolments_locale_user_idx ON report_enrolments (learner_locale, user_id)
         INCLUDE (course_id, organisation_id)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX report_enrolments_locale_user_idx`);
    await queryRunner.query(`DROP INDEX report_enrolments_open_due_idx`);
    await queryRunner.query(`DROP TRIGGER report_counts_del ON report_enrolments`);
    await queryRunner.query(`DROP TRIGGER report_counts_upd ON report_enrolments`);
    await queryRunner.query(`DROP TRIGGER report_counts_ins ON report_enrolments`);
    await queryRunner.query(`DROP FUNCTION report_counts_deleted()`);
    await queryRunner.query(`DROP FUNCTION report_counts_updated()`);
    await queryRunner.query(`DROP FUNCTION report_counts_inserted()`);
    await queryRunner.query(`DROP TABLE report_learners`);
    await queryRunner.query(`DROP TABLE report_counts`);
  }
}
