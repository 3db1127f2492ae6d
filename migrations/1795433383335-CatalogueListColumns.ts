import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CatalogueListColumns1795433383335 implements MigrationInterface {
  name = 'CatalogueListColumns1795433383335';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Added empty, filled from the snapshots already published, then made NOT NULL: existing data is kept.
    await queryRunner.query(`ALTER TABLE "course_versions" ADD "title" jsonb`);
    await queryRunner.query(`ALTER TABLE "course_versions" ADD "base_locale" text`);
    await queryRunner.query(`ALTER TABLE "course_versions" ADD "topics" text array`);
    await queryRunner.query(`ALTER TABLE "course_versions" ADD "complete_locales" text array`);
    await queryRunner.query(
      `UPDATE "course_versions" SET "title" = content -> 'title', "base_locale" = content ->> 'baseLocale',
              "topics" = ARRAY(SELECT jsonb_array_elements_text(content -> 'topics')),
              "complete_locales" = ARRAY(SELECT jsonb_array_elements_text(content -> 'translation' -> 'completeLocales'))`,
    );
    await queryRunner.query(`ALTER TABLE "course_versions" ALTER COLUMN "title" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "course_versions" ALTER COLUMN "base_locale" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "course_versions" ALTER COLUMN "topics" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "course_versions" ALTER COLUMN "complete_locales" SET NOT NULL`);
    await queryRunner.query(
      `CREATE INDEX "course_versions_topics_idx" ON "course_versions" USING gin ("topics")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX IF EXISTS "course_versions_topics_idx"`);
    await queryRunner.query(`ALTER TABLE "course_versions" DROP COLUMN "complete_locales"`);
    await queryRunner.query(`ALTER TABLE "course_versions" DROP COLUMN "topics"`);
    await queryRunner.query(`ALTER TABLE "course_versions" DROP COLUMN "base_locale"`);
    await queryRunner.query(`ALTER TABLE "course_versions" DROP COLUMN "title"`);
  }
}
