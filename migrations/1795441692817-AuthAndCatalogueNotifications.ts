import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notifications that let API processes cache sessions and catalogue pages safely (database/notifications.ts):
 * - `academy_auth` with a user id when anything a request's AuthUser is built from changes for that user
 *   (session revoked or shortened, account status, e-mail, name, language or unit, role grants), and `*`
 *   when organisation paths or codes change (grants carry them);
 * - `academy_catalogue` whenever the catalogue generation is bumped (same triggers as before).
 * PostgreSQL delivers them at commit, to every listening process.
 */
export class AuthAndCatalogueNotifications1795441692817 implements MigrationInterface {
  name = 'AuthAndCatalogueNotifications1795441692817';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE OR REPLACE FUNCTION "bump_catalogue_generation"() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         UPDATE "catalogue_generation" SET "value" = "value" + 1;
         PERFORM pg_notify('academy_catalogue', '');
         RETURN NULL;
       END $$`,
    );
    await queryRunner.query(
      `CREATE FUNCTION "notify_auth_user"() RETURNS trigger LANGUAGE plpgsql AS $$
       DECLARE
         changed record;
       BEGIN
         IF TG_OP = 'DELETE' THEN changed := OLD; ELSE changed := NEW; END IF;
         IF TG_TABLE_NAME = 'users' THEN
           PERFORM pg_notify('academy_auth', changed.id::text);
         ELSE
           PERFORM pg_notify('academy_auth', changed.user_id::text);
         END IF;
         RETURN NULL;
       END $$`,
    );
    await queryRunner.query(
      `CREATE FUNCTION "notify_auth_all"() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         PERFORM pg_notify('academy_auth', '*');
         RETURN NULL;
       END $$`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "sessions_auth_changed" AFTER UPDATE OF "revoked_at", "expires_at", "user_id" OR DELETE
         ON "sessions" FOR EACH ROW EXECUTE FUNCTION "notify_auth_user"()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "users_auth_changed" AFTER UPDATE ON "users" FOR EACH ROW
         WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.email IS DISTINCT FROM NEW.email
               OR OLD.display_name IS DISTINCT FROM NEW.display_name OR OLD.locale IS DISTINCT FROM NEW.locale
               OR OLD.organisation_id IS DISTINCT FROM NEW.organisation_id)
         EXECUTE FUNCTION "notify_auth_user"()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "users_auth_deleted" AFTER DELETE ON "users" FOR EACH ROW EXECUTE FUNCTION "notify_auth_user"()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "role_grants_auth_changed" AFTER INSERT OR UPDATE OR DELETE ON "role_grants"
         FOR EACH ROW EXECUTE FUNCTION "notify_auth_user"()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "organisations_auth_changed" AFTER UPDATE OF "path", "code" OR DELETE ON "organisations"
         FOR EACH STATEMENT EXECUTE FUNCTION "notify_auth_all"()`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER IF EXISTS "organisations_auth_changed" ON "organisations"`);
    await queryRunner.query(`DROP TRIGGER IF EXISTS "role_grants_auth_changed" ON "role_grants"`);
    await queryRunner.query(`DROP TRIGGER IF EXISTS "users_auth_deleted" ON "users"`);
    await queryRunner.query(`DROP TRIGGER IF EXISTS "users_auth_changed" ON "users"`);
    await queryRunner.query(`DROP TRIGGER IF EXISTS "sessions_auth_changed" ON "sessions"`);
    await queryRunner.query(`DROP FUNCTION IF EXISTS "notify_auth_all"()`);
    await queryRunner.query(`DROP FUNCTION IF EXISTS "notify_auth_user"()`);
    await queryRunner.query(
      `CREATE OR REPLACE FUNCTION "bump_catalogue_generation"() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         UPDATE "catalogue_generation" SET "value" = "value" + 1;
         RETURN NULL;
       END $$`,
    );
  }
}
