import type { MigrationInterface, QueryRunner } from 'typeorm';

export class LessonProgress1795437237012 implements MigrationInterface {
  name = 'LessonProgress1795437237012';

  // Generated from the entities. int4multirange needs PostgreSQL 14 or later (CI runs 15, embedded 18).
  // lesson_progress.lesson_id has no foreign key on purpose (see lesson-progress.entity.ts).
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "enrolments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "course_id" uuid NOT NULL, "status" text NOT NULL DEFAULT 'not_started', "progress_pct" integer NOT NULL DEFAULT '0', "completed_lessons" integer NOT NULL DEFAULT '0', "required_lessons" integer NOT NULL DEFAULT '0', "started_at" TIMESTAMP WITH TIME ZONE, "completed_at" TIMESTAMP WITH TIME ZONE, "last_activity_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "enrolments_progress_pct" CHECK (progress_pct BETWEEN 0 AND 100), CONSTRAINT "enrolments_status" CHECK (status IN ('not_started', 'in_progress', 'completed')), CONSTRAINT "PK_6e79971fbd26967c4da9ed52770" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "enrolments_course_idx" ON "enrolments"  ("course_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "enrolments_user_course_key" ON "enrolments"  ("user_id", "course_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "lesson_progress" ("user_id" uuid NOT NULL, "lesson_id" uuid NOT NULL, "course_id" uuid NOT NULL, "watched" int4multirange NOT NULL DEFAULT '{}', "watched_s" integer NOT NULL DEFAULT '0', "position_s" real NOT NULL DEFAULT '0', "last_seq" bigint NOT NULL, "last_report_at" TIMESTAMP WITH TIME ZONE NOT NULL, "rate_credit_s" real NOT NULL, "status" text NOT NULL DEFAULT 'in_progress', "completed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "lesson_progress_position_s" CHECK (position_s >= 0), CONSTRAINT "lesson_progress_watched_s" CHECK (watched_s >= 0), CONSTRAINT "lesson_progress_status" CHECK (status IN ('not_started', 'in_progress', 'completed')), CONSTRAINT "PK_f34e3a227170e0ce674e0afb58a" PRIMARY KEY ("user_id", "lesson_id"))`,
    );
    await queryRunner.query(`ALTER TABLE "lessons" ADD "completion_threshold" real`);
    await queryRunner.query(
      `ALTER TABLE "lessons" ADD CONSTRAINT "lessons_completion_threshold" CHECK (completion_threshold BETWEEN 0.1 AND 1)`,
    );
    await queryRunner.query(
      `ALTER TABLE "enrolments" ADD CONSTRAINT "FK_7eb4b01f52fb0ce0e3136d87c76" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "enrolments" ADD CONSTRAINT "FK_88e4829cd9da8e01cc305788db5" FOREIGN KEY ("course_id") REFERENCES "courses"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "lesson_progress" ADD CONSTRAINT "FK_0d9292b3eb40707950eeeba9617" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "lesson_progress" ADD CONSTRAINT "FK_112753761c2a01adab9677b717f" FOREIGN KEY ("course_id") REFERENCES "courses"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "lesson_progress" DROP CONSTRAINT "FK_112753761c2a01adab9677b717f"`);
    await queryRunner.query(`ALTER TABLE "lesson_progress" DROP CONSTRAINT "FK_0d9292b3eb40707950eeeba9617"`);
    await queryRunner.query(`ALTER TABLE "enrolments" DROP CONSTRAINT "FK_88e4829cd9da8e01cc305788db5"`);
    await queryRunner.query(`ALTER TABLE "enrolments" DROP CONSTRAINT "FK_7eb4b01f52fb0ce0e3136d87c76"`);
    await queryRunner.query(`ALTER TABLE "lessons" DROP CONSTRAINT "lessons_completion_threshold"`);
    await queryRunner.query(`ALTER TABLE "lessons" DROP COLUMN "completion_threshold"`);
    await queryRunner.query(`DROP TABLE "lesson_progress"`);
    await queryRunner.query(`DROP INDEX "public"."enrolments_user_course_key"`);
    await queryRunner.query(`DROP INDEX "public"."enrolments_course_idx"`);
    await queryRunner.query(`DROP TABLE "enrolments"`);
  }
}
