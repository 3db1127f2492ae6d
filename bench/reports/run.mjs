#!/usr/bin/env node
// Reports benchmark (issue 6): the coordinator dashboard of the AZ administration (~20,000 officers, ~190,000
// enrolments) and the regional office dashboard (100,000 learners, 1,000,000 enrolments) on the volume database.
// Usage: npm run build && node bench/reports/run.mjs
// env: SOURCE (volume data dir to copy, default /tmp/academy-volume-100k) or DATA_DIR (serve this dir in place;
//      it is written to: migrations), RATE (coordinator dashboard visits/s, default 2), SLOW_RATE (region and
//      people-list visits/s, default 1), DURATION (s per scenario, default 20),
//      CONNECTIONS (most requests in flight, default 4), KEEP_COPY=1 (keep the copy).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { connectDb, login, startServer, table } from '../lib/server.mjs';

const SOURCE = process.env.SOURCE ?? '/tmp/academy-volume-100k';
const RATE = Number(process.env.RATE ?? 2);
const SLOW_RATE = Number(process.env.SLOW_RATE ?? 1);
const DURATION = Number(process.env.DURATION ?? 20);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 4);
const ABORT_AFTER_MS = 15 * 60_000;
const TARGET = { coordinator: 300, region: 1000 };

const abort = setTimeout(() => {
  console.error('bench/reports: aborting after 15 minutes');
  process.exit(2);
}, ABORT_AFTER_MS);
abort.unref();

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const pct = (sorted, p) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN;

/**
 * Open-loop load at a fixed rate: every 1/RATE s one "visit" starts (all `paths` requested at once, as the page
 * does; its latency is the slowest of them), at most CONNECTIONS visits in flight (later ones wait, and their
 * waiting counts in their latency).
 */
async function drive(base, session, paths, rate) {
  const latencies = [];
  let errors = 0;
  let inFlight = 0;
  const started = Date.now();
  const visits = [];
  for (let i = 0; Date.now() - started < DURATION * 1000; i++) {
    const due = started + (i * 1000) / rate;
    if (due > Date.now()) await sleep(due - Date.now());
    while (inFlight >= CONNECTIONS) await sleep(1);
    inFlight++;
    const cookie = await session.fresh();
    const t0 = due;
    visits.push(
      Promise.all(
        paths.map(async (p) => {
          const res = await fetch(base + p, { headers: { cookie } });
          await res.arrayBuffer();
          if (res.status !== 200) errors++;
        }),
      )
        .catch(() => errors++)
        .finally(() => {
          latencies.push(Date.now() - t0);
          inFlight--;
        }),
    );
  }
  await Promise.all(visits);
  const sorted = latencies.sort((a, b) => a - b);
  return {
    n: sorted.length,
    rps: (sorted.length / DURATION).toFixed(1),
    p50: pct(sorted, 50),
    p95: pct(sorted, 95),
    p99: pct(sorted, 99),
    max: sorted[sorted.length - 1],
    errors,
  };
}

async function main() {
  let dir = process.env.DATA_DIR;
  let copied = false;
  if (!dir) {
    if (!existsSync(SOURCE))
      throw new Error(`no volume data at ${SOURCE}: run bench/volume/generate.mjs with KEEP_DATA_DIR`);
    dir = path.join(await mkdtemp(path.join(os.tmpdir(), 'academy-bench-reports-')), 'data');
    const t = Date.now();
    execFileSync('cp', ['-a', SOURCE, dir]);
    copied = true;
    console.log(`copied ${SOURCE} in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }
  const server = await startServer({
    name: 'reports',
    env: { DATA_DIR: dir, SEED_DEMO: 'false', JOBS: 'false', LOG_LEVEL: 'warn' },
    timeoutMs: 600_000,
  });
  console.log(`API up in ${(server.startupMs / 1000).toFixed(1)} s (migrations included) on ${server.base}`);
  const db = await connectDb(dir);
  try {
    // After a migration's backfill, index-only scans need the visibility map (autovacuum would get there later).
    for (const t of ['report_enrolments', 'report_counts', 'report_learners'])
      await db.query(`VACUUM ANALYZE ${t}`);
    const { rows } = await db.query(
      `SELECT u.email, o.code FROM role_grants g JOIN users u ON u.id = g.user_id JOIN organisations o ON o.id = g.organisation_id
        WHERE g.role = 'coordinator' AND o.code = 'AZ' ORDER BY u.email LIKE '%volume%' DESC, u.email LIMIT 1`,
    );
    const [{ n: azOfficers }] = (
      await db.query(
        `SELECT count(*)::int AS n FROM users u JOIN organisations o ON o.id = u.organisation_id
          WHERE o.path LIKE (SELECT path FROM organisations WHERE code = 'AZ') || '%'`,
      )
    ).rows;
    const [{ n: azEnrolments }] = (
      await db.query(
        `SELECT count(*)::int AS n FROM report_enrolments f JOIN organisations o ON o.id = f.organisation_id
          WHERE o.path LIKE (SELECT path FROM organisations WHERE code = 'AZ') || '%'`,
      )
    ).rows;
    console.log(`coordinator ${rows[0].email}: ${azOfficers} officers, ${azEnrolments} enrolments in scope`);
    const coordinator = await login(server.base, rows[0].email);
    const author = await login(server.base, 'author@demo.academy');

    const coordinatorPaths = [
      '/api/reports/courses',
      '/api/reports/units',
      '/api/reports/completions-weekly',
    ];
    const regionPaths = [
      '/api/reports/region',
      '/api/reports/region/completions',
      '/api/reports/region/courses?pageSize=10',
      '/api/reports/region/languages',
    ];
    const scenarios = [
      ...coordinatorPaths.map((p) => ({ who: 'coordinator', session: coordinator, paths: [p], rate: RATE })),
      {
        who: 'coordinator',
        session: coordinator,
        paths: coordinatorPaths,
        name: 'dashboard (3 at once)',
        rate: RATE,
      },
      {
        who: 'coordinator',
        session: coordinator,
        paths: ['/api/reports/people?pageSize=50'],
        rate: SLOW_RATE,
      },
      {
        who: 'coordinator',
        session: coordinator,
        paths: ['/api/reports/overdue?pageSize=50'],
        rate: SLOW_RATE,
      },
      ...regionPaths.map((p) => ({ who: 'region', session: author, paths: [p], rate: SLOW_RATE })),
      {
        who: 'region',
        session: author,
        paths: regionPaths,
        name: 'region dashboard (4 at once)',
        rate: SLOW_RATE,
      },
    ];
    // One unmeasured visit of each (first plans, caches).
    for (const s of scenarios)
      for (const p of s.paths)
        await (await fetch(server.base + p, { headers: { cookie: await s.session.fresh() } })).arrayBuffer();
    const results = [];
    for (const s of scenarios) {
      const load = await loadAvg();
      const r = await drive(server.base, s.session, s.paths, s.rate);
      const target = s.paths.every((p) => p.includes('/people') || p.includes('/overdue'))
        ? null
        : TARGET[s.who];
      results.push({
        scenario: s.name ?? s.paths[0].replace('/api/reports/', ''),
        role: s.who,
        rate: s.rate,
        load,
        ...r,
        target: target ? `p95 < ${target}: ${r.p95 < target ? 'yes' : 'NO'}` : '—',
      });
      console.log(JSON.stringify(results[results.length - 1]));
    }
    console.log(
      `\n${DURATION} s per scenario at a fixed rate (visits/s), at most ${CONNECTIONS} in flight; latencies in ms from the scheduled start (a dashboard row: the slowest of its requests); load: 1-min load average before\n`,
    );
    console.log(
      table(results, [
        'scenario',
        'role',
        'rate',
        'load',
        'n',
        'rps',
        'p50',
        'p95',
        'p99',
        'max',
        'errors',
        'target',
      ]),
    );
  } finally {
    await db.end();
    await server.stop();
    // The embedded PostgreSQL of `dir` (startServer only knows its own temp dir).
    for (let i = 0; i < 200 && existsSync(path.join(dir, 'postgres', 'postmaster.pid')); i++)
      await sleep(100);
    if (copied && !process.env.KEEP_COPY) await rm(path.dirname(dir), { recursive: true, force: true });
  }
}

async function loadAvg() {
  return (await readFile('/proc/loadavg', 'utf8')).split(' ')[0];
}

await main();
