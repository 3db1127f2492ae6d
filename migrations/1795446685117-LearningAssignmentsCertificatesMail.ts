import type { MigrationInterface, QueryRunner } from 'typeorm';

export class LearningAssignmentsCertificatesMail1795446685117 implements MigrationInterface {
  name = 'LearningAssignmentsCertificatesMail1795446685117';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "course_assignments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "course_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "due_at" TIMESTAMP WITH TIME ZONE, "include_future" boolean NOT NULL DEFAULT false, "created_by" uuid, "withdrawn_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_601138f857c63944c5972108dff" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "course_assignments_org_idx" ON "course_assignments"  ("organisation_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "course_assignments_course_org_key" ON "course_assignments"  ("course_id", "organisation_id") WHERE withdrawn_at IS NULL`,
    );
    await queryRunner.query(
      `CREATE TABLE "certificates" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" text NOT NULL, "user_id" uuid NOT NULL, "course_id" uuid NOT NULL, "course_version" integer NOT NULL, "holder_name" text NOT NULL, "course_title" jsonb NOT NULL, "base_locale" text NOT NULL, "issuer_name" jsonb NOT NULL, "completed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "issued_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "revoked_at" TIMESTAMP WITH TIME ZONE, "revoked_by" uuid, "revoke_reason" text, CONSTRAINT "PK_e4c7e31e2144300bea7d89eb165" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "certificates_code_key" ON "certificates"  ("code") `);
    await queryRunner.query(`CREATE INDEX "certificates_course_idx" ON "certificates"  ("course_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "certificates_user_course_key" ON "certificates"  ("user_id", "course_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "mail_outbox" ("id" BIGSERIAL NOT NULL, "kind" text NOT NULL, "user_id" uuid NOT NULL, "data" jsonb NOT NULL DEFAULT '{}', "dedupe_key" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "send_after" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "claimed_until" TIMESTAMP WITH TIME ZONE, "attempts" integer NOT NULL DEFAULT '0', "last_error" text, "sent_at" TIMESTAMP WITH TIME ZONE, "failed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_fecc63c96385bc35a39ccf2a72e" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "mail_outbox_dedupe_key" ON "mail_outbox"  ("dedupe_key") `);
    await queryRunner.query(
      `CREATE INDEX "mail_outbox_pending_idx" ON "mail_outbox"  ("send_after") WHERE sent_at IS NULL AND failed_at IS NULL`,
    );
    await queryRunner.query(`ALTER TABLE "courses" ADD "self_enrolment" boolean NOT NULL DEFAULT true`);
    await queryRunner.query(`ALTER TABLE "enrolments" ADD "source" text NOT NULL DEFAULT 'self'`);
    await queryRunner.query(`ALTER TABLE "enrolments" ADD "due_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "enrolments" ADD "assignment_id" uuid`);
    await queryRunner.query(`ALTER TABLE "enrolments" ADD "assigned_by" uuid`);
    await queryRunner.query(`ALTER TABLE "enrolments" ADD "assigned_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`CREATE INDEX "enrolments_assignment_idx" ON "enrolments"  ("assignment_id") `);
    await queryRunner.query(
      `CREATE INDEX "enrolments_due_idx" ON "enrolments"  ("due_at") WHERE due_at IS NOT NULL AND completed_at IS NULL`,
    );
    await queryRunner.query(
      `ALTER TABLE "enrolments" ADD CONSTRAINT "enrolments_assigned" CHECK ((source = 'assigned') = (assigned_at IS NOT NULL))`,
    );
    await queryRunner.query(
      `ALTER TABLE "enrolments" ADD CONSTRAINT "enrolments_source" CHECK (source IN ('self', 'assigned'))`,
    );
    await queryRunner.query(
      `ALTER TABLE "course_assignments" ADD CONSTRAINT "FK_ced68e02ed45eb8c72cc1b42348" FOREIGN KEY ("course_id") REFERENCES "courses"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "course_assignments" ADD CONSTRAINT "FK_cf7d37b0d8f273a69f8460951e8" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "course_assignments" ADD CONSTRAINT "FK_34b39fdd9c995f7aad5c6ebba7a" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "certificates" ADD CONSTRAINT "FK_88f90b1b9c635c14271e509cec0" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "certificates" ADD CONSTRAINT "FK_3b6a412073ea28153dc20a843b4" FOREIGN KEY ("course_id") REFERENCES "courses"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "certificates" ADD CONSTRAINT "FK_0b6b1b7830f5bd47f9769ef860c" FOREIGN KEY ("revoked_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "mail_outbox" ADD CONSTRAINT "FK_9c7ce0e6c239f56810e7af7ceba" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "enrolments" ADD CONSTRAINT "FK_c68e892ccd7e58096da133c3dc1" FOREIGN KEY ("assignment_id") REFERENCES "course_assignments"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "enrolments" ADD CONSTRAINT "FK_f77451a022aa9ff51c110a64679" FOREIGN KEY ("assigned_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "enrolments" DROP CONSTRAINT "FK_f77451a022aa9ff51c110a64679"`);
    await queryRunner.query(`ALTER TABLE "enrolments" DROP CONSTRAINT "FK_c68e892ccd7e58096da133c3dc1"`);
    await queryRunner.query(`ALTER TABLE "mail_outbox" DROP CONSTRAINT "FK_9c7ce0e6c239f56810e7af7ceba"`);
    await queryRunner.query(`ALTER TABLE "certificates" DROP CONSTRAINT "FK_0b6b1b7830f5bd47f9769ef860c"`);
    await queryRunner.query(`ALTER TABLE "certificates" DROP CONSTRAINT "FK_3b6a412073ea28153dc20a843b4"`);
    await queryRunner.query(`ALTER TABLE "certificates" DROP CONSTRAINT "FK_88f90b1b9c635c14271e509cec0"`);
    await queryRunner.query(
      `ALTER TABLE "course_assignments" DROP CONSTRAINT "FK_34b39fdd9c995f7aad5c6ebba7a"`,
    );
    await queryRunner.query(
      `ALTER TABLE "course_assignments" DROP CONSTRAINT "FK_cf7d37b0d8f273a69f8460951e8"`,
    );
    await queryRunner.query(
      `ALTER TABLE "course_assignments" DROP CONSTRAINT "FK_ced68e02ed45eb8c72cc1b42348"`,
    );
    await queryRunner.query(`ALTER TABLE "enrolments" DROP CONSTRAINT "enrolments_source"`);
    await queryRunner.query(`ALTER TABLE "enrolments" DROP CONSTRAINT "enrolments_assigned"`);
    await queryRunner.query(`DROP INDEX "public"."enrolments_due_idx"`);
    await queryRunner.query(`DROP INDEX "public"."enrolments_assignment_idx"`);
    await queryRunner.query(`ALTER TABLE "enrolments" DROP COLUMN "assigned_at"`);
    await queryRunner.query(`ALTER TABLE "enrolments" DROP COLUMN "assigned_by"`);
    await queryRunner.query(`ALTER TABLE "enrolments" DROP COLUMN "assignment_id"`);
    await queryRunner.query(`ALTER TABLE "enrolments" DROP COLUMN "due_at"`);
    await queryRunner.query(`ALTER TABLE "enrolments" DROP COLUMN "source"`);
    await queryRunner.query(`ALTER TABLE "courses" DROP COLUMN "self_enrolment"`);
    await queryRunner.query(`DROP INDEX "public"."mail_outbox_pending_idx"`);
    await queryRunner.query(`DROP INDEX "public"."mail_outbox_dedupe_key"`);
    await queryRunner.query(`DROP TABLE "mail_outbox"`);
    await queryRunner.query(`DROP INDEX "public"."certificates_user_course_key"`);
    await queryRunner.query(`DROP INDEX "public"."certificates_course_idx"`);
    await queryRunner.query(`DROP INDEX "public"."certificates_code_key"`);
    await queryRunner.query(`DROP TABLE "certificates"`);
    await queryRunner.query(`DROP INDEX "public"."course_assignments_course_org_key"`);
    await queryRunner.query(`DROP INDEX "public"."course_assignments_org_idx"`);
    await queryRunner.query(`DROP TABLE "course_assignments"`);
  }
}
