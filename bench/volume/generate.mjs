#!/usr/bin/env node
// Fills a database with reporting volume (see volume.mjs): 100,000 learners, 40 courses, 1,000,000
// enrolments with their lesson progress, quiz attempts and certificates, set-based.
//
//   node bench/volume/generate.mjs                       # fresh DATA_DIR: start the built API once (migrations +
//                                                        # demo seed), stop it, fill its embedded PostgreSQL
//   KEEP_DATA_DIR=/srv/vol node bench/volume/generate.mjs   # same, and keep the data directory there
//   DATABASE_URL=postgres://… node bench/volume/generate.mjs # an existing migrated + seeded database
//
// env: LEARNERS (100000), ENROLMENTS (1000000), COURSES (40), SEED (1), CHECKS (true).
import { existsSync } from 'node:fs';
import { readFile, rename, rm } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { MAIN, ROOT, startServer, table } from '../lib/server.mjs';
import { checkVolume, generateVolume, volumeSizes } from './volume.mjs';

const options = {
  learners: Number(process.env.LEARNERS ?? 100_000),
  enrolments: Number(process.env.ENROLMENTS ?? 1_000_000),
  courses: Number(process.env.COURSES ?? 40),
  seed: Number(process.env.SEED ?? 1),
  log: (line) => console.log(`  ${line}`),
};
const runChecks = process.env.CHECKS !== 'false';
const keepDir = process.env.KEEP_DATA_DIR ? path.resolve(process.env.KEEP_DATA_DIR) : null;

async function fill(client) {
  console.log(
    `generating ${options.learners} learners, ${options.courses} courses, ${options.enrolments} enrolments (SEED=${options.seed})`,
  );
  const result = await generateVolume(client, options);
  console.log(
    `\n${table(
      result.steps.map((s) => ({ ...s, s: (s.ms / 1000).toFixed(1) })),
      ['step', 'rows', 's'],
    )}`,
  );
  console.log(
    `total ${(result.totalMs / 1000).toFixed(1)} s (triggers and FK checks ${result.replica ? 'skipped: session_replication_role = replica' : 'on'})`,
  );
  if (runChecks) {
    const checks = await checkVolume(client);
    console.log(
      `\n${table(
        checks.map((c) => ({ ...c, s: (c.ms / 1000).toFixed(1) })),
        ['check', 'violations', 's'],
      )}`,
    );
    if (checks.some((c) => c.violations !== 0)) process.exitCode = 1;
  }
  const sizes = await volumeSizes(client);
  console.log(`\n${table(sizes.tables, ['table', 'rows', 'size'])}\ndatabase: ${sizes.database}`);
  const { rows } = await client.query(
    `SELECT a.code, count(*)::int AS officers FROM users u JOIN organisations o ON o.id = u.organisation_id
       JOIN organisations a ON o.path LIKE a.path || '%' AND a.kind = 'administration'
      GROUP BY a.code ORDER BY 2 DESC LIMIT 5`,
  );
  console.log(`largest administrations: ${rows.map((r) => `${r.code} ${r.officers}`).join(', ')}`);
}

if (process.env.DATABASE_URL) {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    await fill(client);
  } finally {
    await client.end();
  }
} else {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run npm run build first`);
  if (keepDir && existsSync(keepDir))
    throw new Error(`KEEP_DATA_DIR ${keepDir} exists already; give a new path`);
  const t0 = Date.now();
  const server = await startServer({ name: 'volume' });
  console.log(
    `API started on a fresh data directory (migrations + demo seed) in ${(server.startupMs / 1000).toFixed(1)} s; stopping it`,
  );
  await server.stop({ keepDataDir: true });
  let dataDir = server.dataDir;
  if (keepDir) {
    try {
      await rename(dataDir, keepDir);
    } catch (error) {
      if (error.code !== 'EXDEV') throw error;
      execFileSync('cp', ['-a', dataDir, keepDir]);
      await rm(dataDir, { recursive: true, force: true });
    }
    dataDir = keepDir;
  }
  // The same embedded server the API runs (apps/api/src/database/embedded-postgres.js), on its data.
  const { startEmbeddedPostgres } = await import(
    path.join(ROOT, 'apps/api/src/database/embedded-postgres.js')
  );
  const password = (await readFile(path.join(dataDir, 'secrets', 'postgres-password'), 'utf8')).trim();
  const embedded = await startEmbeddedPostgres({ dir: path.join(dataDir, 'postgres'), password });
  const url = new URL(embedded.url);
  url.pathname = '/academy';
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await fill(client);
  } finally {
    await client.end();
    await embedded.stop();
  }
  console.log(`\nwall time including the API start: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  if (keepDir) {
    console.log(`
Data directory kept: ${keepDir}
Start the API on it (nothing is regenerated; the demo seed is not re-run):
  DATA_DIR=${keepDir} NODE_ENV=production node dist/apps/api/src/main.js
A benchmark can do the same with startServer({ name, env: { DATA_DIR: '${keepDir}' } }).
Copy it first (cp -a ${keepDir} /tmp/copy) when a run writes to the database and must start from the same data.`);
  } else {
    await rm(dataDir, { recursive: true, force: true });
    console.log(
      `\nData directory deleted. To keep it for later benchmarks: KEEP_DATA_DIR=/path node bench/volume/generate.mjs`,
    );
  }
}
