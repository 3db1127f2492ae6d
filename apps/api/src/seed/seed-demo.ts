import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import type { DataSource, EntityManager } from 'typeorm';
import { hashPassword } from '../identity/passwords.js';
import { DEMO_REGION, DEMO_UNITS, type DemoOrganisation } from './demo-organisations.js';
import { DEMO_PASSWORD, DEMO_USERS } from './demo-users.js';

const SEED_KEY = 'demo_seed';
const SEED_VERSION = 1;

/** WCO Europe administrations, shipped with the project (code = ISO 3166-1 alpha-2, names in en and ru). */
export async function readAdministrations(): Promise<DemoOrganisation[]> {
  const text = await readFile(new URL('./data/wco-europe-members.csv', import.meta.url), 'utf8');
  const rows = parse(text, { columns: true, skip_empty_lines: true, trim: true }) as {
    code: string;
    name_en: string;
    name_ru: string;
  }[];
  return rows.map((row) => ({
    code: row.code,
    parent: DEMO_REGION.code,
    kind: 'administration',
    en: row.name_en,
    ru: row.name_ru,
  }));
}

async function insertOrganisation(manager: EntityManager, org: DemoOrganisation): Promise<void> {
  const country = org.kind === 'administration' ? org.code : org.parent && org.parent.slice(0, 2);
  await manager.query(
    `INSERT INTO organisations (id, parent_id, kind, code, country_code, name, path)
     SELECT g.id, p.id, $2, $1, $3, jsonb_build_object('en', $4::text, 'ru', $5::text),
            COALESCE(p.path, '/') || g.id || '/'
       FROM (SELECT gen_random_uuid() AS id) g
       LEFT JOIN organisations p ON p.code = $6
     ON CONFLICT (code) DO NOTHING`,
    [org.code, org.kind, org.kind === 'region' ? null : country, org.en, org.ru, org.parent],
  );
}

/**
 * Seeds the demo organisations and accounts once. Idempotent: every insert skips what exists, and a marker
 * in app_meta makes later starts skip the whole step, so a restart neither duplicates nor overwrites
 * anything an administrator has changed since. Returns whether it seeded.
 */
export async function seedDemoData(dataSource: DataSource): Promise<boolean> {
  const done = (await dataSource.query(`SELECT 1 FROM app_meta WHERE key = $1`, [SEED_KEY])) as unknown[];
  if (done.length) return false;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const administrations = await readAdministrations();
  return dataSource.transaction(async (manager) => {
    // Two processes starting at once: the second waits here, then finds the marker.
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('academy.seed'))`);
    const again = (await manager.query(`SELECT 1 FROM app_meta WHERE key = $1`, [SEED_KEY])) as unknown[];
    if (again.length) return false;
    for (const org of [DEMO_REGION, ...administrations, ...DEMO_UNITS])
      await insertOrganisation(manager, org);
    for (const user of DEMO_USERS) {
      await manager.query(
        `INSERT INTO users (email, display_name, locale, organisation_id, password_hash)
         SELECT $1, $2, $3, o.id, $5 FROM organisations o WHERE o.code = $4
         ON CONFLICT (email) DO NOTHING`,
        [user.email, user.name, user.locale, user.organisation, passwordHash],
      );
      for (const grant of user.roles) {
        await manager.query(
          `INSERT INTO role_grants (user_id, role, organisation_id)
           SELECT u.id, $2, (SELECT id FROM organisations WHERE code = $3) FROM users u WHERE u.email = $1
           ON CONFLICT DO NOTHING`,
          [user.email, grant.role, grant.scope ?? null],
        );
      }
    }
    await manager.query(`INSERT INTO app_meta (key, value) VALUES ($1, $2)`, [
      SEED_KEY,
      JSON.stringify({ version: SEED_VERSION, at: new Date().toISOString() }),
    ]);
    return true;
  });
}
