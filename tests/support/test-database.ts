import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import { MIGRATIONS } from '@academy/migrations';
import { createDataSource } from '../../apps/api/src/database/data-source.js';

function withDatabase(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

function serverUrl(): string {
  const url = process.env.TEST_SERVER_URL;
  if (!url) throw new Error('TEST_SERVER_URL is not set: run the tests through Jest (see jest.config.js)');
  return url;
}

/** The template's name changes with the migrations, so a long-lived server never hands out a stale one. */
function templateName(): string {
  const names = MIGRATIONS.map((migration) => migration.name).join(',');
  return `academy_tpl_${createHash('sha256').update(names).digest('hex').slice(0, 12)}`;
}

/**
 * A fresh database for one test file: a copy of a template migrated once per server (`CREATE DATABASE …
 * TEMPLATE`), so files run in parallel without seeing each other's data.
 */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const admin = new pg.Client({ connectionString: serverUrl() });
  await admin.connect();
  const template = templateName();
  const name = `academy_test_${randomBytes(6).toString('hex')}`;
  try {
    await admin.query(`SELECT pg_advisory_lock(7261001)`);
    const { rowCount } = await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [template]);
    if (!rowCount) {
      const building = `${template}_building`;
      await admin.query(`DROP DATABASE IF EXISTS ${building}`);
      await admin.query(`CREATE DATABASE ${building}`);
      const dataSource = createDataSource(withDatabase(serverUrl(), building));
      await dataSource.initialize();
      await dataSource.runMigrations();
      await dataSource.destroy();
      await admin.query(`ALTER DATABASE ${building} RENAME TO ${template}`);
    }
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  } finally {
    await admin.query(`SELECT pg_advisory_unlock(7261001)`).catch(() => undefined);
    await admin.end();
  }
  return {
    url: withDatabase(serverUrl(), name),
    async drop() {
      const client = new pg.Client({ connectionString: serverUrl() });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } catch (error) {
        // A role without pg_signal_backend may not terminate an autovacuum worker busy in the database
        // (42501). A plain DROP ends autovacuum workers itself; the app's connections are closed by now.
        if ((error as { code?: string }).code !== '42501') throw error;
        await client.query(`DROP DATABASE IF EXISTS ${name}`);
      } finally {
        await client.end();
      }
    },
  };
}
