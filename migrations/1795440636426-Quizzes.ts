import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Quizzes1795440636426 implements MigrationInterface {
  name = 'Quizzes1795440636426';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "quiz_attempts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "lesson_id" uuid NOT NULL, "course_id" uuid NOT NULL, "number" integer NOT NULL, "questions" jsonb NOT NULL, "pass_mark_pct" integer NOT NULL, "max_points" integer NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "deadline_at" TIMESTAMP WITH TIME ZONE, "submitted_at" TIMESTAMP WITH TIME ZONE, "answers" jsonb, "score_points" integer, "passed" boolean, CONSTRAINT "quiz_attempts_submitted" CHECK ((submitted_at IS NULL) = (passed IS NULL) AND (submitted_at IS NULL) = (score_points IS NULL)), CONSTRAINT "quiz_attempts_score" CHECK (score_points IS NULL OR score_points BETWEEN 0 AND max_points), CONSTRAINT "quiz_attempts_pass_mark" CHECK (pass_mark_pct BETWEEN 0 AND 100), CONSTRAINT "quiz_attempts_number_positive" CHECK (number >= 1), CONSTRAINT "PK_a84a93fb092359516dc5b325b90" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "quiz_attempts_number" ON "quiz_attempts"  ("user_id", "lesson_id", "number") `,
    );
    await queryRunner.query(`ALTER TABLE "lessons" ADD "quiz" jsonb`);
    await queryRunner.query(
      `ALTER TABLE "quiz_attempts" ADD CONSTRAINT "FK_1701aaf48f6a78e96bfe08dd395" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "quiz_attempts" ADD CONSTRAINT "FK_c6c135ad0a3bea8611f7ada7a36" FOREIGN KEY ("course_id") REFERENCES "courses"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "quiz_attempts" DROP CONSTRAINT "FK_c6c135ad0a3bea8611f7ada7a36"`);
    await queryRunner.query(`ALTER TABLE "quiz_attempts" DROP CONSTRAINT "FK_1701aaf48f6a78e96bfe08dd395"`);
    await queryRunner.query(`ALTER TABLE "lessons" DROP COLUMN "quiz"`);
    await queryRunner.query(`DROP INDEX "public"."quiz_attempts_number"`);
    await queryRunner.query(`DROP TABLE "quiz_attempts"`);
  }
}
