import path from 'node:path';
import pg from 'pg';
import type { AppConfig } from '../config/app-config.js';
import { persistentSecret } from '../config/secrets.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './embedded-postgres.js';

export const APP_DATABASE = 'academy';

/** Creates the database if the server does not have it yet. */
export async function ensureDatabase(serverUrl: string, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
  } catch (error) {
    // Two processes starting together: the loser finds the database already there.
    if ((error as { code?: string }).code !== '42P04') throw error;
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** DATABASE_URL when given; otherwise an embedded PostgreSQL whose data lives in DATA_DIR/postgres. */
export async function resolveDatabase(
  config: AppConfig,
  log: (message: string) => void,
): Promise<{ url: string; embedded: EmbeddedDatabase | null }> {
  if (config.databaseUrl) return { url: config.databaseUrl, embedded: null };
  const embedded = await startEmbeddedPostgres({
    dir: path.join(config.dataDir, 'postgres'),
    password: await persistentSecret(config.dataDir, 'postgres-password'),
    log,
  });
  return { url: await ensureDatabase(embedded.url, APP_DATABASE), embedded };
}
