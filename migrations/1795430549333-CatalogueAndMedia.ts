import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CatalogueAndMedia1795430549333 implements MigrationInterface {
  name = 'CatalogueAndMedia1795430549333';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "media_assets" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" text NOT NULL, "filename" text NOT NULL, "mime" text NOT NULL, "size" bigint NOT NULL DEFAULT '0', "sha256" character(64), "storage_key" text, "status" text NOT NULL DEFAULT 'uploading', "failure_reason" text, "duration_s" real, "width" integer, "height" integer, "renditions" jsonb NOT NULL DEFAULT '{}', "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "media_assets_status" CHECK (status IN ('uploading', 'processing', 'ready', 'failed')), CONSTRAINT "media_assets_kind" CHECK (kind IN ('video', 'document', 'image', 'captions')), CONSTRAINT "PK_ca47e9f67a5e5d8af1e75d66ee6" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "media_assets_sha256_idx" ON "media_assets"  ("sha256") `);
    await queryRunner.query(
      `CREATE TABLE "courses" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" text NOT NULL, "base_locale" text NOT NULL, "title" jsonb NOT NULL, "summary" jsonb NOT NULL DEFAULT '{}', "topics" text array NOT NULL DEFAULT '{}', "estimated_minutes" integer, "cover_asset_id" uuid, "status" text NOT NULL DEFAULT 'draft', "audience" text NOT NULL DEFAULT 'region', "version" integer NOT NULL DEFAULT '0', "published_at" TIMESTAMP WITH TIME ZONE, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "courses_audience" CHECK (audience IN ('region', 'administrations')), CONSTRAINT "courses_status" CHECK (status IN ('draft', 'published', 'archived')), CONSTRAINT "courses_title_base" CHECK (title ? base_locale), CONSTRAINT "courses_base_locale" CHECK (base_locale IN ('en', 'ru')), CONSTRAINT "PK_3f70a487cc718ad8eda4e6d58c9" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "courses_code_key" ON "courses"  ("code") `);
    await queryRunner.query(
      `CREATE TABLE "course_audiences" ("course_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, CONSTRAINT "PK_3b36b24ee1dcc9aefc9c3f216c4" PRIMARY KEY ("course_id", "organisation_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "course_modules" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "course_id" uuid NOT NULL, "position" integer NOT NULL, "title" jsonb NOT NULL, CONSTRAINT "PK_4c195db0718e8845a6e09075ebc" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "course_modules_course_idx" ON "course_modules"  ("course_id", "position") `,
    );
    await queryRunner.query(
      `CREATE TABLE "course_versions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "course_id" uuid NOT NULL, "version" integer NOT NULL, "content" jsonb NOT NULL, "search" tsvector NOT NULL, "published_by" uuid, "published_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_cc9e77578136a62e599f33d15ff" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "course_versions_course_version_key" ON "course_versions"  ("course_id", "version") `,
    );
    await queryRunner.query(
      `CREATE TABLE "lessons" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "module_id" uuid NOT NULL, "position" integer NOT NULL, "kind" text NOT NULL, "title" jsonb NOT NULL, "required" boolean NOT NULL DEFAULT true, "estimated_minutes" integer, "completion_rule" jsonb NOT NULL DEFAULT '{}', CONSTRAINT "PK_9b9a8d455cac672d262d7275730" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "lessons_module_idx" ON "lessons"  ("module_id", "position") `);
    await queryRunner.query(
      `CREATE TABLE "lesson_variants" ("lesson_id" uuid NOT NULL, "locale" text NOT NULL, "body" text, "media_asset_id" uuid, "captions_asset_id" uuid, CONSTRAINT "lesson_variants_locale" CHECK (locale IN ('en', 'ru')), CONSTRAINT "PK_8504e2d8b05cbc4cb184adb3ce6" PRIMARY KEY ("lesson_id", "locale"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "courses" ADD CONSTRAINT "FK_608783550a37584b315b10a4b7b" FOREIGN KEY ("cover_asset_id") REFERENCES "media_assets"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "course_audiences" ADD CONSTRAINT "FK_da9eb4f045e6af6990178afcfd0" FOREIGN KEY ("course_id") REFERENCES "courses"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "course_audiences" ADD CONSTRAINT "FK_2e28b5c42687dc398fd26108801" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "course_modules" ADD CONSTRAINT "FK_81644557c2401f37fe9e884e884" FOREIGN KEY ("course_id") REFERENCES "courses"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "course_versions" ADD CONSTRAINT "FK_34cbd320b458b8cf9e0d580304e" FOREIGN KEY ("course_id") REFERENCES "courses"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "lessons" ADD CONSTRAINT "FK_35fb2307535d90a6ed290af1f4a" FOREIGN KEY ("module_id") REFERENCES "course_modules"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "lesson_variants" ADD CONSTRAINT "FK_8b131b61950115986d23d486901" FOREIGN KEY ("lesson_id") REFERENCES "lessons"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "lesson_variants" ADD CONSTRAINT "FK_1657a0e52ecbc3eca1158c2541e" FOREIGN KEY ("media_asset_id") REFERENCES "media_assets"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "lesson_variants" ADD CONSTRAINT "FK_cc10aa60785402290f5d548303f" FOREIGN KEY ("captions_asset_id") REFERENCES "media_assets"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `CREATE INDEX "course_versions_search_idx" ON "course_versions" USING gin ("search")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX IF EXISTS "course_versions_search_idx"`);
    await queryRunner.query(`ALTER TABLE "lesson_variants" DROP CONSTRAINT "FK_cc10aa60785402290f5d548303f"`);
    await queryRunner.query(`ALTER TABLE "lesson_variants" DROP CONSTRAINT "FK_1657a0e52ecbc3eca1158c2541e"`);
    await queryRunner.query(`ALTER TABLE "lesson_variants" DROP CONSTRAINT "FK_8b131b61950115986d23d486901"`);
    await queryRunner.query(`ALTER TABLE "lessons" DROP CONSTRAINT "FK_35fb2307535d90a6ed290af1f4a"`);
    await queryRunner.query(`ALTER TABLE "course_versions" DROP CONSTRAINT "FK_34cbd320b458b8cf9e0d580304e"`);
    await queryRunner.query(`ALTER TABLE "course_modules" DROP CONSTRAINT "FK_81644557c2401f37fe9e884e884"`);
    await queryRunner.query(
      `ALTER TABLE "course_audiences" DROP CONSTRAINT "FK_2e28b5c42687dc398fd26108801"`,
    );
    await queryRunner.query(
      `ALTER TABLE "course_audiences" DROP CONSTRAINT "FK_da9eb4f045e6af6990178afcfd0"`,
    );
    await queryRunner.query(`ALTER TABLE "courses" DROP CONSTRAINT "FK_608783550a37584b315b10a4b7b"`);
    await queryRunner.query(`DROP TABLE "lesson_variants"`);
    await queryRunner.query(`DROP INDEX "public"."lessons_module_idx"`);
    await queryRunner.query(`DROP TABLE "lessons"`);
    await queryRunner.query(`DROP INDEX "public"."course_versions_course_version_key"`);
    await queryRunner.query(`DROP TABLE "course_versions"`);
    await queryRunner.query(`DROP INDEX "public"."course_modules_course_idx"`);
    await queryRunner.query(`DROP TABLE "course_modules"`);
    await queryRunner.query(`DROP TABLE "course_audiences"`);
    await queryRunner.query(`DROP INDEX "public"."courses_code_key"`);
    await queryRunner.query(`DROP TABLE "courses"`);
    await queryRunner.query(`DROP INDEX "public"."media_assets_sha256_idx"`);
    await queryRunner.query(`DROP TABLE "media_assets"`);
  }
}
