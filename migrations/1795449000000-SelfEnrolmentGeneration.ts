import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Opening or closing a course for self-enrolment now bumps the catalogue generation too, so per-process
 * caches keyed by it (the published lessons a learner may report progress on, with the course's
 * self-enrolment setting) see the change at their next request.
 */
export class SelfEnrolmentGeneration1795449000000 implements MigrationInterface {
  name = 'SelfEnrolmentGeneration1795449000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "courses_catalogue_generation" ON "courses"`);
    await queryRunner.query(
      `CREATE TRIGGER "courses_catalogue_generation"
         AFTER INSERT OR DELETE OR UPDATE OF "status", "version", "audience", "code", "self_enrolment" ON "courses"
         FOR EACH STATEMENT EXECUTE FUNCTION "bump_catalogue_generation"()`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "courses_catalogue_generation" ON "courses"`);
    await queryRunner.query(
      `CREATE TRIGGER "courses_catalogue_generation"
         AFTER INSERT OR DELETE OR UPDATE OF "status", "version", "audience", "code" ON "courses"
         FOR EACH STATEMENT EXECUTE FUNCTION "bump_catalogue_generation"()`,
    );
  }
}
