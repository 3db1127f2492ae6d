import { DataSource } from 'typeorm';
import { createDataSource } from '../../database/data-source.js';
import { createTestDatabase } from '@academy/testing';
import { DEMO_USERS } from '../demo-users.js';
import { readAdministrations, seedDemoData } from '../seed-demo.js';

const counts = async (db: DataSource) =>
  (
    (await db.query(
      `SELECT (SELECT count(*) FROM organisations)::int AS organisations, (SELECT count(*) FROM users)::int AS users,
              (SELECT count(*) FROM role_grants)::int AS grants`,
    )) as { organisations: number; users: number; grants: number }[]
  )[0];

describe('demo seed', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = createDataSource(database.url);
    await db.initialize();
  });
  afterAll(async () => {
    await db.destroy();
    await database.drop();
  });

  it('seeds the WCO Europe administrations, training centres and the demo accounts', async () => {
    expect(await seedDemoData(db)).toBe(true);
    const administrations = await readAdministrations();
    expect(administrations.length).toBeGreaterThan(50);
    const rows = (await db.query(
      `SELECT o.code, o.kind, p.code AS parent FROM organisations o LEFT JOIN organisations p ON p.id = o.parent_id`,
    )) as { code: string; kind: string; parent: string | null }[];
    expect(rows.filter((row) => row.kind === 'administration')).toHaveLength(administrations.length);
    expect(rows).toContainEqual({ code: 'AZ-TC', kind: 'training_centre', parent: 'AZ' });
    expect(rows).toContainEqual({ code: 'GE-TC', kind: 'training_centre', parent: 'GE' });
    const { users } = await counts(db);
    expect(users).toBe(DEMO_USERS.length);
    expect(
      DEMO_USERS.filter((user) => user.roles.some((r) => r.role === 'learner')).length,
    ).toBeGreaterThanOrEqual(22);
    const [grant] = (await db.query(
      `SELECT o.code FROM role_grants g JOIN users u ON u.id = g.user_id JOIN organisations o ON o.id = g.organisation_id
        WHERE u.email = 'coordinator.az@demo.academy' AND g.role = 'coordinator'`,
    )) as { code: string }[];
    expect(grant.code).toBe('AZ');
  });

  it('runs once: a second start neither duplicates nor overwrites', async () => {
    await db.query(`UPDATE organisations SET name = name || '{"en": "Renamed"}' WHERE code = 'AZ'`);
    const before = await counts(db);
    expect(await seedDemoData(db)).toBe(false);
    await Promise.all([seedDemoData(db), seedDemoData(db)]);
    expect(await counts(db)).toEqual(before);
    const [az] = (await db.query(`SELECT name FROM organisations WHERE code = 'AZ'`)) as {
      name: { en: string };
    }[];
    expect(az.name.en).toBe('Renamed');
  });
});
