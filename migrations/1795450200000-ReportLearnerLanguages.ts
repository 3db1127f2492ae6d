import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hand-written: for each learner in `report_learners` (migration ReportCounts), their interface language and
 * whether they study any course in English and any in Russian, so "learners by content language" (region
 * report, ADR 0008) is a read of 100,000 small rows instead of a pass over every enrolment.
 *
 * The language a course is studied in: the learner's language when the course's published version is complete in
 * it, else the course's base language (`report_content_locale`). Recomputed, set-based, for the learners concerned:
 * - after report_enrolments changes (new or removed enrolments, a learner's language or course changing), from the
 *   report_counts triggers' statements below;
 * - after a course is (re)published or its base language changes (courses UPDATE, course_versions INSERT): every
 *   learner of that course. Publication writes both; whichever statement runs last sees the final state.
 */
export class ReportLearnerLanguages1795450200000 implements MigrationInterface {
  name = 'ReportLearnerLanguages1795450200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE report_learners ADD learner_locale text NOT NULL DEFAULT 'en',
                               ADD studies_en boolean NOT NULL DEFAULT false, ADD studies_ru boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`
CREATE FUNCTION report_learners_languages(p_users uuid[]) RETURNS void LANGUAGE sql AS $fn$
  UPDATE report_learners l SET learner_locale = x.locale, studies_en = x.en, studies_ru = x.ru
    FROM (SELECT f.user_id, min(f.learner_locale) AS locale,
                 bool_or(CASE WHEN f.learner_locale = ANY (coalesce(v.complete_locales, ARRAY[c.base_locale]))
                              THEN f.learner_locale ELSE coalesce(v.base_locale, c.base_locale) END = 'en') AS en,
                 bool_or(CASE WHEN f.learner_locale = ANY (coalesce(v.complete_locales, ARRAY[c.base_locale]))
                              THEN f.learner_locale ELSE coalesce(v.base_locale, c.base_locale) END = 'ru') AS ru
            FROM report_enrolments f
            JOIN courses c ON c.id = f.course_id
            LEFT JOIN course_versions v ON v.course_id = c.id AND v.version = c.version
           WHERE f.user_id = ANY (p_users)
           GROUP BY f.user_id) x
   WHERE l.user_id = x.user_id
     AND (l.learner_locale, l.studies_en, l.studies_ru) IS DISTINCT FROM (x.locale, x.en, x.ru)
$fn$`);
    // One statement-level trigger per event on report_enrolments, after the counts ones
    // (triggers of one event fire in name order: report_counts_* < report_languages_*).
    const triggers: [string, string, string, string][] = [
      [
        'report_languages_ins',
        'INSERT',
        'NEW TABLE AS new_rows',
        `ARRAY(SELECT DISTINCT user_id FROM new_rows)`,
      ],
      [
        'report_languages_upd',
        'UPDATE',
        'OLD TABLE AS old_rows NEW TABLE AS new_rows',
        // Rows whose (user, course, language) changed, on either side, by set difference (no join between
        // the transition tables: a cached nested-loop plan would be quadratic on large statements).
        `ARRAY(SELECT user_id FROM (SELECT enrolment_id, user_id, course_id, learner_locale FROM new_rows
                                    EXCEPT SELECT enrolment_id, user_id, course_id, learner_locale FROM old_rows) a
               UNION SELECT user_id FROM (SELECT enrolment_id, user_id, course_id, learner_locale FROM old_rows
                                          EXCEPT SELECT enrolment_id, user_id, course_id, learner_locale FROM new_rows) b)`,
      ],
      [
        'report_languages_del',
        'DELETE',
        'OLD TABLE AS old_rows',
        `ARRAY(SELECT DISTINCT user_id FROM old_rows)`,
      ],
    ];
    for (const [name, event, referencing, users] of triggers) {
      await queryRunner.query(`
CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM report_learners_languages(${users});
  RETURN NULL;
END
$fn$`);
      await queryRunner.query(
        `CREATE TRIGGER ${name} AFTER ${event} ON report_enrolments REFERENCING ${referencing}
           FOR EACH STATEMENT EXECUTE FUNCTION ${name}()`,
      );
      await queryRunner.query(`ALTER TABLE report_enrolments ENABLE ALWAYS TRIGGER ${name}`);
    }
    await queryRunner.query(`
CREATE FUNCTION report_languages_course_update() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM report_learners_languages(ARRAY(
    SELECT DISTINCT f.user_id FROM report_enrolments f
     WHERE f.course_id IN (SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
                            WHERE (n.version, n.base_locale) IS DISTINCT FROM (o.version, o.base_locale))));
  RETURN NULL;
END
$fn$`);
    await queryRunner.query(`
CREATE FUNCTION report_languages_versions() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM report_learners_languages(ARRAY(
    SELECT DISTINCT f.user_id FROM report_enrolments f WHERE f.course_id IN (SELECT course_id FROM new_rows)));
  RETURN NULL;
END
$fn$`);
    await queryRunner.query(`CREATE TRIGGER report_languages_courses AFTER UPDATE ON courses
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_languages_course_update()`);
    await queryRunner.query(`ALTER TABLE courses ENABLE ALWAYS TRIGGER report_languages_courses`);
    await queryRunner.query(`CREATE TRIGGER report_languages_versions AFTER INSERT ON course_versions
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_languages_versions()`);
    await queryRunner.query(`ALTER TABLE course_versions ENABLE ALWAYS TRIGGER report_languages_versions`);
    await queryRunner.query(`SELECT report_learners_languages(ARRAY(SELECT user_id FROM report_learners))`);
    await queryRunner.query(
      `CREATE INDEX report_learners_org_languages_idx ON report_learners (organisation_id)
         INCLUDE (learner_locale, studies_en, studies_ru)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER report_languages_versions ON course_versions`);
    await queryRunner.query(`DROP TRIGGER report_languages_courses ON courses`);
    for (const name of ['report_languages_ins', 'report_languages_upd', 'report_languages_del']) {
      await queryRunner.query(`DROP TRIGGER ${name} ON report_enrolments`);
      await queryRunner.query(`DROP FUNCTION ${name}()`);
    }
    await queryRunner.query(`DROP FUNCTION report_languages_versions()`);
    await queryRunner.query(`DROP FUNCTION report_languages_course_update()`);
    await queryRunner.query(`DROP FUNCTION report_learners_languages(uuid[])`);
    await queryRunner.query(`DROP INDEX report_learners_org_languages_idx`);
    await queryRunner.query(
      `ALTER TABLE report_learners DROP COLUMN studies_ru, DROP COLUMN studies_en, DROP COLUMN learner_locale`,
    );
  }
}
