import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A one-row counter that triggers bump whenever anything the catalogue list shows (or who may see it)
 * changes: courses (status, version, audience, code), their published versions, audiences, and the
 * organisation tree's paths. API processes cache catalogue pages per generation (catalogue-cache.ts), so
 * a commit in any process invalidates every process's cache at its next request. Not an entity: TypeORM
 * does not manage it, and the drift check ignores tables without entities.
 */
export class CatalogueGeneration1795436696252 implements MigrationInterface {
  name = 'CatalogueGeneration1795436696252';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "catalogue_generation" ("id" boolean PRIMARY KEY DEFAULT true CHECK ("id"), "value" bigint NOT NULL)`,
    );
    await queryRunner.query(`INSERT INTO "catalogue_generation" ("id", "value") VALUES (true, 1)`);
    await queryRunner.query(
      `CREATE FUNCTION "bump_catalogue_generation"() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         UPDATE "catalogue_generation" SET "value" = "value" + 1;
         RETURN NULL;
       END $$`,
    );
    const statements: [string, string][] = [
      ['courses', 'INSERT OR DELETE OR UPDATE OF "status", "version", "audience", "code"'],
      ['course_versions', 'INSERT OR DELETE OR UPDATE'],
      ['course_audiences', 'INSERT OR DELETE OR UPDATE'],
      ['organisations', 'DELETE OR UPDATE OF "path"'],
    ];
    for (const [table, events] of statements) {
      await queryRunner.query(
        `CREATE TRIGGER "${table}_catalogue_generation" AFTER ${events} ON "${table}"
           FOR EACH STATEMENT EXECUTE FUNCTION "bump_catalogue_generation"()`,
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['courses', 'course_versions', 'course_audiences', 'organisations']) {
      await queryRunner.query(`DROP TRIGGER IF EXISTS "${table}_catalogue_generation" ON "${table}"`);
    }
    await queryRunner.query(`DROP FUNCTION IF EXISTS "bump_catalogue_generation"()`);
    await queryRunner.query(`DROP TABLE IF EXISTS "catalogue_generation"`);
  }
}
