import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hand-written: unit assignments with `include_future` enrol officers who join the unit's subtree later.
 *
 * `assignment_rules_enrol(user ids)` enrols the given users, set-based, in every course of an active
 * include_future rule (course_assignments, not withdrawn, course published) whose unit contains them,
 * when they are active and hold the learner role: a new enrolment, or a self-enrolment that becomes an
 * assignment (keeping its progress); existing assignments are left alone. Where rules of nested units
 * both match, the innermost unit's rule (its due date) wins. Each newly assigned learner gets the
 * 'assignment' mail (mail_outbox, key `assignment:<enrolment id>`, see apps/api/src/mail/outbox.ts), and
 * each rule that enrolled someone an audit event `assignment.joined` on the course with their ids (no
 * actor: the rule's creator becomes `assigned_by`).
 *
 * Statement-level AFTER triggers with transition tables call it once per statement, so an officers CSV
 * import of 10,000 rows is one set-based call, not 10,000:
 * - users INSERT (a user created with organisation and status; usually without a learner role yet),
 * - users UPDATE where organisation_id changed or status became 'active' (a move between units, enabling),
 * - role_grants INSERT of the learner role (account creation writes the user first, then its grants).
 */
export class AssignmentRules1795447025458 implements MigrationInterface {
  name = 'AssignmentRules1795447025458';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
CREATE FUNCTION assignment_rules_enrol(p_users uuid[]) RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  IF p_users IS NULL OR cardinality(p_users) = 0 THEN
    RETURN;
  END IF;
  -- Nothing to do (the common case: no include_future rule anywhere) costs one index probe.
  IF NOT EXISTS (SELECT 1 FROM course_assignments WHERE include_future AND withdrawn_at IS NULL) THEN
    RETURN;
  END IF;
  WITH matches AS (
    SELECT DISTINCT ON (u.id, r.course_id)
           u.id AS user_id, r.course_id, r.id AS rule_id, r.due_at, r.created_by
      FROM users u
      JOIN organisations o ON o.id = u.organisation_id
      JOIN course_assignments r ON r.include_future AND r.withdrawn_at IS NULL
      JOIN organisations ro ON ro.id = r.organisation_id
      JOIN courses c ON c.id = r.course_id AND c.status = 'published'
     WHERE u.id = ANY (p_users)
       AND u.status = 'active'
       AND o.path LIKE ro.path || '%'
       AND EXISTS (SELECT 1 FROM role_grants g WHERE g.user_id = u.id AND g.role = 'learner' AND g.organisation_id IS NULL)
     ORDER BY u.id, r.course_id, length(ro.path) DESC
  ),
  upserted AS (
    INSERT INTO enrolments AS e (user_id, course_id, source, due_at, assignment_id, assigned_by, assigned_at)
    SELECT m.user_id, m.course_id, 'assigned', m.due_at, m.rule_id, m.created_by, now() FROM matches m
    ON CONFLICT (user_id, course_id) DO UPDATE SET
      source = 'assigned', due_at = EXCLUDED.due_at, assignment_id = EXCLUDED.assignment_id,
      assigned_by = EXCLUDED.assigned_by, assigned_at = EXCLUDED.assigned_at, updated_at = now()
      WHERE e.source = 'self'
    RETURNING e.id, e.user_id, e.course_id, e.assignment_id, e.due_at, e.status
  ),
  mailed AS (
    INSERT INTO mail_outbox (kind, user_id, data, dedupe_key)
    SELECT 'assignment', x.user_id,
           jsonb_build_object('courseId', x.course_id,
                              'dueAt', to_char(x.due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
           'assignment:' || x.id
      FROM upserted x
     WHERE x.status <> 'completed'
    ON CONFLICT (dedupe_key) DO NOTHING
  )
  INSERT INTO audit_events (actor_id, action, target_type, target_id, data)
  SELECT NULL, 'assignment.joined', 'course', x.course_id::text,
         jsonb_build_object('ruleId', x.assignment_id,
                            'dueAt', to_char(x.due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                            'assigned', count(*), 'assignedUserIds', jsonb_agg(x.user_id))
    FROM upserted x
   GROUP BY x.course_id, x.assignment_id, x.due_at;
END
$fn$`);

    await queryRunner.query(`
CREATE FUNCTION assignment_rules_users_inserted() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM assignment_rules_enrol(ARRAY(SELECT id FROM new_users WHERE organisation_id IS NOT NULL));
  RETURN NULL;
END
$fn$`);
    await queryRunner.query(`
CREATE FUNCTION assignment_rules_users_updated() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM assignment_rules_enrol(ARRAY(
    SELECT n.id FROM new_users n JOIN old_users o ON o.id = n.id
     WHERE n.organisation_id IS NOT NULL
       AND (n.organisation_id IS DISTINCT FROM o.organisation_id
            OR (n.status = 'active' AND o.status IS DISTINCT FROM 'active'))));
  RETURN NULL;
END
$fn$`);
    await queryRunner.query(`
CREATE FUNCTION assignment_rules_grants_inserted() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM assignment_rules_enrol(ARRAY(SELECT DISTINCT user_id FROM new_grants WHERE role = 'learner'));
  RETURN NULL;
END
$fn$`);
    await queryRunner.query(
      `CREATE TRIGGER users_assignment_rules_insert AFTER INSERT ON users
         REFERENCING NEW TABLE AS new_users
         FOR EACH STATEMENT EXECUTE FUNCTION assignment_rules_users_inserted()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER users_assignment_rules_update AFTER UPDATE ON users
         REFERENCING OLD TABLE AS old_users NEW TABLE AS new_users
         FOR EACH STATEMENT EXECUTE FUNCTION assignment_rules_users_updated()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER role_grants_assignment_rules_insert AFTER INSERT ON role_grants
         REFERENCING NEW TABLE AS new_grants
         FOR EACH STATEMENT EXECUTE FUNCTION assignment_rules_grants_inserted()`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER role_grants_assignment_rules_insert ON role_grants`);
    await queryRunner.query(`DROP TRIGGER users_assignment_rules_update ON users`);
    await queryRunner.query(`DROP TRIGGER users_assignment_rules_insert ON users`);
    await queryRunner.query(`DROP FUNCTION assignment_rules_grants_inserted()`);
    await queryRunner.query(`DROP FUNCTION assignment_rules_users_updated()`);
    await queryRunner.query(`DROP FUNCTION assignment_rules_users_inserted()`);
    await queryRunner.query(`DROP FUNCTION assignment_rules_enrol(uuid[])`);
  }
}
