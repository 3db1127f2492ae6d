import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1795427114436 implements MigrationInterface {
  name = 'Initial1795427114436';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS citext`);
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await queryRunner.query(
      `CREATE TABLE "audit_events" ("id" BIGSERIAL NOT NULL, "actor_id" uuid, "action" text NOT NULL, "target_type" text NOT NULL, "target_id" text, "data" jsonb NOT NULL DEFAULT '{}', "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_910f64d901a5c3e9878f0d4a407" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "audit_events_at_idx" ON "audit_events"  ("at") `);
    await queryRunner.query(
      `CREATE INDEX "audit_events_target_idx" ON "audit_events"  ("target_type", "target_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "login_failures" ("id" BIGSERIAL NOT NULL, "email" citext NOT NULL, "ip" text NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8211e8ec810fd7f976b98ce97a0" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "login_failures_ip_idx" ON "login_failures"  ("ip", "at") `);
    await queryRunner.query(`CREATE INDEX "login_failures_email_idx" ON "login_failures"  ("email", "at") `);
    await queryRunner.query(
      `CREATE TABLE "organisations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "parent_id" uuid, "kind" text NOT NULL, "code" text NOT NULL, "country_code" character(2), "name" jsonb NOT NULL, "path" text COLLATE "C" NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "organisations_kind" CHECK (kind IN ('region', 'administration', 'training_centre', 'unit')), CONSTRAINT "organisations_name_en_ru" CHECK (name ? 'en' AND name ? 'ru'), CONSTRAINT "PK_7bf54cba378d5b2f1d4c10ef4df" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "organisations_code_key" ON "organisations"  ("code") `);
    await queryRunner.query(`CREATE INDEX "organisations_path_idx" ON "organisations"  ("path") `);
    await queryRunner.query(
      `CREATE TABLE "users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "email" citext NOT NULL, "display_name" text NOT NULL, "password_hash" text, "locale" text NOT NULL DEFAULT 'en', "organisation_id" uuid, "status" text NOT NULL DEFAULT 'active', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "users_status" CHECK (status IN ('active', 'disabled')), CONSTRAINT "users_locale" CHECK (locale IN ('en', 'ru')), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "users_email_key" ON "users"  ("email") `);
    await queryRunner.query(`CREATE INDEX "users_organisation_idx" ON "users"  ("organisation_id") `);
    await queryRunner.query(
      `CREATE TABLE "password_tokens" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "token_hash" text NOT NULL, "user_id" uuid NOT NULL, "purpose" text NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "password_tokens_purpose" CHECK (purpose IN ('invite', 'reset')), CONSTRAINT "PK_816120c39410c02dabd34b8672b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "password_tokens_hash_key" ON "password_tokens"  ("token_hash") `,
    );
    await queryRunner.query(`CREATE INDEX "password_tokens_user_idx" ON "password_tokens"  ("user_id") `);
    await queryRunner.query(
      `CREATE TABLE "sessions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, "revoked_reason" text, "user_agent" text, CONSTRAINT "PK_3238ef96f18b355b671619111bc" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "sessions_user_idx" ON "sessions"  ("user_id") `);
    await queryRunner.query(
      `CREATE TABLE "refresh_tokens" ("token_hash" text NOT NULL, "session_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "used_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_a7838d2ba25be1342091b6695f1" PRIMARY KEY ("token_hash"))`,
    );
    await queryRunner.query(`CREATE INDEX "refresh_tokens_session_idx" ON "refresh_tokens"  ("session_id") `);
    await queryRunner.query(
      `CREATE TABLE "role_grants" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "role" text NOT NULL, "organisation_id" uuid, "granted_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "role_grants_scope" CHECK ((role = 'coordinator') = (organisation_id IS NOT NULL)), CONSTRAINT "role_grants_role" CHECK (role IN ('learner', 'coordinator', 'author', 'admin')), CONSTRAINT "PK_f7cf33da46b9f884f2d459e0eff" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "role_grants_global_key" ON "role_grants"  ("user_id", "role") WHERE organisation_id IS NULL`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "role_grants_scoped_key" ON "role_grants"  ("user_id", "role", "organisation_id") WHERE organisation_id IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE TABLE "app_meta" ("key" text NOT NULL, "value" jsonb NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_2517812d17c14a0ecd40dd79d63" PRIMARY KEY ("key"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "organisations" ADD CONSTRAINT "FK_41f1cc89689b55aede50d36d0ce" FOREIGN KEY ("parent_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "users" ADD CONSTRAINT "FK_2fc4294f8ec97da71d587dc5577" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "password_tokens" ADD CONSTRAINT "FK_5ac1fd8593c46bf145b2b886195" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "sessions" ADD CONSTRAINT "FK_085d540d9f418cfbdc7bd55bb19" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "refresh_tokens" ADD CONSTRAINT "FK_3bf308fa93da3966f9e76fcfba4" FOREIGN KEY ("session_id") REFERENCES "sessions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "role_grants" ADD CONSTRAINT "FK_2b1c3c28ffbc09b85170c655d4b" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "role_grants" ADD CONSTRAINT "FK_7fa35a1ceed481f62897cc110ea" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `CREATE INDEX "users_search_name_trgm" ON "users" USING gin ("display_name" gin_trgm_ops)`,
    );
    await queryRunner.query(
      `CREATE INDEX "users_search_email_trgm" ON "users" USING gin (("email"::text) gin_trgm_ops)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX IF EXISTS "users_search_email_trgm"`);
    await queryRunner.query(`DROP INDEX IF EXISTS "users_search_name_trgm"`);
    await queryRunner.query(`ALTER TABLE "role_grants" DROP CONSTRAINT "FK_7fa35a1ceed481f62897cc110ea"`);
    await queryRunner.query(`ALTER TABLE "role_grants" DROP CONSTRAINT "FK_2b1c3c28ffbc09b85170c655d4b"`);
    await queryRunner.query(`ALTER TABLE "refresh_tokens" DROP CONSTRAINT "FK_3bf308fa93da3966f9e76fcfba4"`);
    await queryRunner.query(`ALTER TABLE "sessions" DROP CONSTRAINT "FK_085d540d9f418cfbdc7bd55bb19"`);
    await queryRunner.query(`ALTER TABLE "password_tokens" DROP CONSTRAINT "FK_5ac1fd8593c46bf145b2b886195"`);
    await queryRunner.query(`ALTER TABLE "users" DROP CONSTRAINT "FK_2fc4294f8ec97da71d587dc5577"`);
    await queryRunner.query(`ALTER TABLE "organisations" DROP CONSTRAINT "FK_41f1cc89689b55aede50d36d0ce"`);
    await queryRunner.query(`DROP TABLE "app_meta"`);
    await queryRunner.query(`DROP INDEX "public"."role_grants_scoped_key"`);
    await queryRunner.query(`DROP INDEX "public"."role_grants_global_key"`);
    await queryRunner.query(`DROP TABLE "role_grants"`);
    await queryRunner.query(`DROP INDEX "public"."refresh_tokens_session_idx"`);
    await queryRunner.query(`DROP TABLE "refresh_tokens"`);
    await queryRunner.query(`DROP INDEX "public"."sessions_user_idx"`);
    await queryRunner.query(`DROP TABLE "sessions"`);
    await queryRunner.query(`DROP INDEX "public"."password_tokens_user_idx"`);
    await queryRunner.query(`DROP INDEX "public"."password_tokens_hash_key"`);
    await queryRunner.query(`DROP TABLE "password_tokens"`);
    await queryRunner.query(`DROP INDEX "public"."users_organisation_idx"`);
    await queryRunner.query(`DROP INDEX "public"."users_email_key"`);
    await queryRunner.query(`DROP TABLE "users"`);
    await queryRunner.query(`DROP INDEX "public"."organisations_path_idx"`);
    await queryRunner.query(`DROP INDEX "public"."organisations_code_key"`);
    await queryRunner.query(`DROP TABLE "organisations"`);
    await queryRunner.query(`DROP INDEX "public"."login_failures_email_idx"`);
    await queryRunner.query(`DROP INDEX "public"."login_failures_ip_idx"`);
    await queryRunner.query(`DROP TABLE "login_failures"`);
    await queryRunner.query(`DROP INDEX "public"."audit_events_target_idx"`);
    await queryRunner.query(`DROP INDEX "public"."audit_events_at_idx"`);
    await queryRunner.query(`DROP TABLE "audit_events"`);
  }
}
