import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hand-written: learners in name order without a sort. The people report (and its export) orders enrolments by
 * the learner's name, then e-mail; report-tables.ts numbers the learners in that order from this index (an
 * index-only scan, no comparison of names at query time) and sorts the enrolments by that number, so a
 * million-row export sorts integers instead of comparing names and e-mails (citext) a million times.
 * `id` is included so the numbering reads nothing but the index.
 */
export class PeopleNameOrder1795450300000 implements MigrationInterface {
  name = 'PeopleNameOrder1795450300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX users_name_order_idx ON users (display_name, email, id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX users_name_order_idx`);
  }
}
