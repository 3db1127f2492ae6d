import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../../apps/api/src/database/embedded-postgres.js';

/**
 * One PostgreSQL server for the whole run: DATABASE_URL when given (e.g. Debian's PostgreSQL 15 in CI),
 * otherwise an embedded, throw-away one. Each test file then copies a migrated template database
 * (tests/support/test-database.ts).
 */
export default async function globalSetup() {
  if (process.env.DATABASE_URL) {
    process.env.TEST_SERVER_URL = process.env.DATABASE_URL;
    return;
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), 'academy-test-'));
  const server = await startEmbeddedPostgres({
    dir: path.join(dir, 'pg'),
    password: randomBytes(12).toString('hex'),
    ephemeral: true,
  });
  process.env.TEST_SERVER_URL = server.url;
  globalThis.__academyServer = { server, dir };
}
