import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hand-written: `report_enrolments`, a narrow copy of every enrolment with its learner's organisation and
 * interface language and the learner's best quiz score in the course, for the reports (issue 6, ADR 0008).
 *
 * Why: a coordinator's report reads the enrolments of their subtree. Through users → enrolments that is one
 * index probe and one random heap page per enrolment (200,000 for AZ in the volume database: ~2 s even
 * warm). Here the same rows sit together in one covering index ordered by (organisation_id, user_id), so a
 * subtree is a few index ranges read with an index-only scan (~70 ms for AZ), and region figures are one
 * index-only pass. It is not an entity on purpose (no TypeORM model reads or writes it).
 *
 * Kept exact in the same transaction by statement-level AFTER triggers with transition tables (set-based:
 * a 10,000-officer assignment is one statement here too), ENABLED ALWAYS so that bulk loads under
 * `session_replication_role = replica` (bench/volume) still maintain it:
 * - enrolments INSERT / UPDATE / DELETE → insert, refresh, delete the rows (best quiz score recomputed on
 *   insert, and when an enrolment changes user or course);
 * - users UPDATE → organisation and language of their rows when either changed (moves between units);
 * - quiz_attempts INSERT / UPDATE → best score of submitted attempts (it only rises: attempts are never
 *   re-scored downwards; rows deleted with their user go with the enrolment).
 * Organisations can move: rows keep the organisation id, and scope is resolved from `organisations.path`
 * at query time, so a move needs nothing here.
 */
export class ReportEnrolments1795450000000 implements MigrationInterface {
  name = 'ReportEnrolments1795450000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
CREATE TABLE report_enrolments (
  enrolment_id uuid PRIMARY KEY,
  user_id uuid NOT NULL,
  course_id uuid NOT NULL,
  organisation_id uuid,
  learner_locale text NOT NULL,
  status text NOT NULL,
  source text NOT NULL,
  progress_pct integer NOT NULL,
  created_at timestamptz NOT NULL,
  assigned_at timestamptz,
  due_at timestamptz,
  started_at timestamptz,
  completed_at timestamptz,
  last_activity_at timestamptz,
  best_quiz_pct double precision
)`);
    await queryRunner.query(`
CREATE FUNCTION report_best_quiz_pct(p_user uuid, p_course uuid) RETURNS double precision
LANGUAGE sql STABLE AS $fn$
  SELECT max(a.score_points * 100.0 / nullif(a.max_points, 0))::double precision
    FROM quiz_attempts a
   WHERE a.user_id = p_user AND a.course_id = p_course AND a.submitted_at IS NOT NULL
$fn$`);
    await queryRunner.query(`
CREATE FUNCTION report_enrolments_inserted() RETURNS trigger LANGUAGE plpgsql AS $fn$
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
    await queryRunner.query(`
CREATE FUNCTION report_enrolments_updated() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  -- Compared with the copy (which holds the old values), never by joining old_rows to new_rows: PL/pgSQL
  -- keeps the plan of its first run, and a nested loop between two transition tables planned for one row
  -- turns quadratic when a statement later updates 10,000 enrolments.
  UPDATE report_enrolments r
     SET user_id = n.user_id, course_id = n.course_id, status = n.status, source = n.source,
         progress_pct = n.progress_pct, created_at = n.created_at, assigned_at = n.assigned_at, due_at = n.due_at,
         started_at = n.started_at, completed_at = n.completed_at, last_activity_at = n.last_activity_at,
         organisation_id = CASE WHEN n.user_id = r.user_id THEN r.organisation_id
                                ELSE (SELECT u.organisation_id FROM users u WHERE u.id = n.user_id) END,
         learner_locale = CASE WHEN n.user_id = r.user_id THEN r.learner_locale
                               ELSE coalesce((SELECT u.locale FROM users u WHERE u.id = n.user_id), 'en') END,
         best_quiz_pct = CASE WHEN n.user_id = r.user_id AND n.course_id = r.course_id THEN r.best_quiz_pct
                              ELSE report_best_quiz_pct(n.user_id, n.course_id) END
    FROM new_rows n
   WHERE r.enrolment_id = n.id
     AND (n.user_id, n.course_id, n.status, n.source, n.progress_pct, n.created_at, n.assigned_at, n.due_at,
          n.started_at, n.completed_at, n.last_activity_at)
         IS DISTINCT FROM
         (r.user_id, r.course_id, r.status, r.source, r.progress_pct, r.created_at, r.assigned_at, r.due_at,
          r.started_at, r.completed_at, r.last_activity_at);
  RETURN NULL;
END
$fn$`);
    await queryRunner.query(`
CREATE FUNCTION report_enrolments_deleted() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  DELETE FROM report_enrolments r USING old_rows o WHERE r.enrolment_id = o.id;
  RETURN NULL;
END
$fn$`);
    await queryRunner.query(`
CREATE FUNCTION report_enrolments_users_updated() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  UPDATE report_enrolments r
     SET organisation_id = n.organisation_id, learner_locale = n.locale
    FROM new_rows n
   WHERE r.user_id = n.id
     AND (n.organisation_id IS DISTINCT FROM r.organisation_id OR n.locale IS DISTINCT FROM r.learner_locale);
  RETURN NULL;
END
$fn$`);
    await queryRunner.query(`
CREATE FUNCTION report_enrolments_attempts() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  UPDATE report_enrolments r
     SET best_quiz_pct = b.best
    FROM (SELECT n.user_id, n.course_id, max(n.score_points * 100.0 / nullif(n.max_points, 0))::double precision AS best
            FROM new_rows n
           WHERE n.submitted_at IS NOT NULL AND n.score_points IS NOT NULL
           GROUP BY n.user_id, n.course_id) b
   WHERE r.user_id = b.user_id AND r.course_id = b.course_id
     AND b.best IS NOT NULL AND (r.best_quiz_pct IS NULL OR r.best_quiz_pct < b.best);
  RETURN NULL;
END
$fn$`);
    const triggers: [string, string, string, string][] = [
      ['report_enrolments_ins', 'INSERT', 'enrolments', 'NEW TABLE AS new_rows'],
      ['report_enrolments_upd', 'UPDATE', 'enrolments', 'OLD TABLE AS old_rows NEW TABLE AS new_rows'],
      ['report_enrolments_del', 'DELETE', 'enrolments', 'OLD TABLE AS old_rows'],
      ['report_enrolments_users', 'UPDATE', 'users', 'OLD TABLE AS old_rows NEW TABLE AS new_rows'],
      ['report_enrolments_attempts_ins', 'INSERT', 'quiz_attempts', 'NEW TABLE AS new_rows'],
      ['report_enrolments_attempts_upd', 'UPDATE', 'quiz_attempts', 'NEW TABLE AS new_rows'],
    ];
    const fn: Record<string, string> = {
      report_enrolments_ins: 'report_enrolments_inserted',
      report_enrolments_upd: 'report_enrolments_updated',
      report_enrolments_del: 'report_enrolments_deleted',
      report_enrolments_users: 'report_enrolments_users_updated',
      report_enrolments_attempts_ins: 'report_enrolments_attempts',
      report_enrolments_attempts_upd: 'report_enrolments_attempts',
    };
    for (const [name, event, table, referencing] of triggers) {
      await queryRunner.query(
        `CREATE TRIGGER ${name} AFTER ${event} ON ${table} REFERENCING ${referencing}
           FOR EACH STATEMENT EXECUTE FUNCTION ${fn[name]}()`,
      );
      await queryRunner.query(`ALTER TABLE ${table} ENABLE ALWAYS TRIGGER ${name}`);
    }
    // Existing data (an upgraded installation, or a volume database generated before this migration).
    await queryRunner.query(`
INSERT INTO report_enrolments
  (enrolment_id, user_id, course_id, organisation_id, learner_locale, status, source, progress_pct, created_at,
   assigned_at, due_at, started_at, completed_at, last_activity_at, best_quiz_pct)
SELECT e.id, e.user_id, e.course_id, u.organisation_id, coalesce(u.locale, 'en'), e.status, e.source, e.progress_pct,
       e.created_at, e.assigned_at, e.due_at, e.started_at, e.completed_at, e.last_activity_at, b.best
  FROM enrolments e
  LEFT JOIN users u ON u.id = e.user_id
  LEFT JOIN (SELECT a.user_id, a.course_id,
                    max(a.score_points * 100.0 / nullif(a.max_points, 0))::double precision AS best
               FROM quiz_attempts a WHERE a.submitted_at IS NOT NULL
              GROUP BY a.user_id, a.course_id) b ON b.user_id = e.user_id AND b.course_id = e.course_id`);
    // A subtree's rows in one index range, read without the heap (index-only scans).
    await queryRunner.query(
      `CREATE INDEX report_enrolments_org_idx ON report_enrolments (organisation_id, user_id)
         INCLUDE (course_id, status, source, created_at, due_at, completed_at, last_activity_at, best_quiz_pct,
                  learner_locale)`,
    );
    // Completions over time (weekly chart, region completions).
    await queryRunner.query(
      `CREATE INDEX report_enrolments_completed_idx ON report_enrolments (organisation_id, completed_at)
         INCLUDE (course_id, status, source, created_at) WHERE completed_at IS NOT NULL`,
    );
    // The triggers' lookups (quiz attempts, user moves); quiz_attempts is read by its (user_id, …) unique index.
    await queryRunner.query(
      `CREATE INDEX report_enrolments_user_course_idx ON report_enrolments (user_id, course_id)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER report_enrolments_attempts_upd ON quiz_attempts`);
    await queryRunner.query(`DROP TRIGGER report_enrolments_attempts_ins ON quiz_attempts`);
    await queryRunner.query(`DROP TRIGGER report_enrolments_users ON users`);
    await queryRunner.query(`DROP TRIGGER report_enrolments_del ON enrolments`);
    await queryRunner.query(`DROP TRIGGER report_enrolments_upd ON enrolments`);
    await queryRunner.query(`DROP TRIGGER report_enrolments_ins ON enrolments`);
    await queryRunner.query(`DROP FUNCTION report_enrolments_attempts()`);
    await queryRunner.query(`DROP FUNCTION report_enrolments_users_updated()`);
    await queryRunner.query(`DROP FUNCTION report_enrolments_deleted()`);
    await queryRunner.query(`DROP FUNCTION report_enrolments_updated()`);
    await queryRunner.query(`DROP FUNCTION report_enrolments_inserted()`);
    await queryRunner.query(`DROP FUNCTION report_best_quiz_pct(uuid, uuid)`);
    await queryRunner.query(`DROP TABLE report_enrolments`);
  }
}
