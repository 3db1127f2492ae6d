#!/usr/bin/env node
// Export benchmark (issue 6): the region-wide people report (one row per enrolment: 1,000,000+ rows on the
// volume dataset) downloaded as CSV and as XLSX by the demo admin through GET /api/reports/people/export.
// Measures rows/s, bytes, time to first byte and the API process's memory (VmRSS sampled every 100 ms, and
// VmHWM) during each download. Targets for CSV: >= 100,000 rows/s and < 250 MB RSS.
//
// Usage: npm run build && node bench/export/run.mjs
//   env VOLUME_DIR   the generated dataset to copy (default /tmp/academy-volume-100k; never written to)
//       FORMATS      csv,xlsx (default both)      KEEP_COPY=1  keep the copied data directory
//       COPY_DIR     use (and keep) a copy kept by an earlier run instead of copying again
//       CURSOR_ONLY=0  skip the floors: the exporter's COPY statement (CSV) and the report's SQL (pg cursor)
//                      read by this process, nothing formatted or sent
import { spawn, execFile } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { to as copyTo } from 'pg-copy-streams';
import Cursor from 'pg-cursor';
import { connectDb, deadline, freePort, login, MAIN, ROOT, table } from '../lib/server.mjs';

const VOLUME_DIR = process.env.VOLUME_DIR ?? '/tmp/academy-volume-100k';
const FORMATS = (process.env.FORMATS ?? 'csv,xlsx').split(',').filter(Boolean);
const TARGET_ROWS_S = 100_000;
const TARGET_RSS_MB = 250;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function status(pid) {
  const text = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = (name) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(text)?.[1] ?? 0);
  return { rssKb: kb('VmRSS'), hwmKb: kb('VmHWM') };
}

/** Copies the dataset (cp -a keeps PostgreSQL's file modes) and starts the built API on the copy. */
async function startOnCopy() {
  // COPY_DIR: reuse a copy made by an earlier run with KEEP_COPY=1 (it is kept again).
  const reuse = process.env.COPY_DIR;
  const copy = reuse ?? (await mkdtemp(path.join(os.tmpdir(), 'academy-bench-export-')));
  const t0 = Date.now();
  if (!reuse) await promisify(execFile)('cp', ['-a', `${VOLUME_DIR}/.`, copy]);
  const copyS = (Date.now() - t0) / 1000;
  // A copy of a stopped cluster may carry the original's postmaster.pid if it was copied while running.
  await rm(path.join(copy, 'postgres', 'postmaster.pid'), { force: true });
  const port = await freePort();
  const log = createWriteStream(path.join(copy, 'bench-server.log'));
  await new Promise((r) => log.on('open', r));
  const child = spawn(process.execPath, [MAIN], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: '',
      NODE_ENV: 'production',
      SEED_DEMO: 'true',
      HOST: '127.0.0.1',
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      DATA_DIR: copy,
      WEB_DIR: '',
    },
    stdio: ['ignore', log, log],
  });
  let exited = null;
  child.on('exit', (code, signal) => (exited = { code, signal }));
  const base = `http://127.0.0.1:${port}`;
  const started = Date.now();
  for (;;) {
    if (exited) {
      const text = await readFile(path.join(copy, 'bench-server.log'), 'utf8').catch(() => '');
      throw new Error(`server exited early (${JSON.stringify(exited)}):\n${text.slice(-3000)}`);
    }
    if (Date.now() - started > 240_000) throw new Error('server did not become healthy in time');
    try {
      if ((await fetch(`${base}/api/health`)).ok) break;
    } catch {
      /* not listening yet */
    }
    await sleep(300);
  }
  return {
    base,
    pid: child.pid,
    dataDir: copy,
    copyS,
    startS: (Date.now() - started) / 1000,
    async stop() {
      if (!exited) {
        child.kill('SIGTERM');
        const until = Date.now() + 30_000;
        while (!exited && Date.now() < until) await sleep(100);
        if (!exited) child.kill('SIGKILL');
      }
      await stopPostgres(copy);
      log.end();
      if (!process.env.KEEP_COPY && !reuse) await rm(copy, { recursive: true, force: true });
    },
  };
}

async function stopPostgres(dataDir) {
  for (let i = 0; i < 150; i++) {
    let pid;
    try {
      pid = Number((await readFile(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8')).split('\n')[0]);
    } catch {
      return;
    }
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    if (i === 50) process.kill(pid, 'SIGINT');
    await sleep(100);
  }
}

/** Downloads one export, counting rows (CRLF for CSV) and bytes, sampling the server's memory. */
async function measure(server, session, format) {
  const url = `${server.base}/api/reports/people/export?format=${format}&locale=en`;
  const before = await status(server.pid);
  const samples = [];
  const timer = setInterval(() => {
    status(server.pid).then(
      (s) => samples.push(s.rssKb),
      () => undefined,
    );
  }, 100);
  const t0 = performance.now();
  const res = await fetch(url, { headers: { cookie: await session.fresh() } });
  if (!res.ok) throw new Error(`${format}: ${res.status} ${await res.text()}`);
  let ttfb = null;
  let bytes = 0;
  let crlf = 0;
  let last = 0;
  for await (const chunk of res.body) {
    ttfb ??= performance.now() - t0;
    bytes += chunk.length;
    if (format === 'csv') {
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) {
        if ((i > 0 ? chunk[i - 1] : last) === 13) crlf++;
      }
      last = chunk[chunk.length - 1];
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(timer);
  const after = await status(server.pid);
  return {
    format,
    disposition: res.headers.get('content-disposition'),
    bytes,
    records: format === 'csv' ? crlf - 1 : null,
    seconds,
    ttfbMs: Math.round(ttfb),
    rssBeforeMb: Math.round(before.rssKb / 1024),
    rssPeakMb: Math.round(Math.max(before.rssKb, after.rssKb, ...samples) / 1024),
    rssAfterMb: Math.round(after.rssKb / 1024),
    hwmMb: Math.round(after.hwmKb / 1024),
    samples: samples.length,
  };
}

const mb = (b) => (b / 1024 / 1024).toFixed(1);

/**
 * The floors: the same report (buildReportTable from the build, as the admin) read by this process, nothing
 * formatted or sent. `copy`: the exporter's own COPY statement (csv-copy.ts from the build; PostgreSQL's share
 * of a CSV export). `cursor`: the report's SQL through a pg cursor, 2,000 rows per fetch, values left as text
 * (what the XLSX export reads).
 */
async function floors(dataDir, locale = 'en') {
  const built = (file) => import(pathToFileURL(path.join(ROOT, 'dist/apps/api/src', file)).href);
  const { buildReportTable } = await built('reports/report-tables.js');
  const { copyStatement, inlineParams } = await built('reports/export/csv-copy.js');
  const db = await connectDb(dataDir);
  try {
    const [admin] = (await db.query(`SELECT id FROM users WHERE email = 'admin@demo.academy'`)).rows;
    const user = {
      id: admin.id,
      locale,
      grants: [{ role: 'admin', organisationId: null, organisationCode: null, organisationPath: null }],
    };
    const ctx = { db: { query: async (sql, params) => (await db.query(sql, params)).rows }, now: new Date() };
    const table = await buildReportTable(ctx, 'people', user, {}, locale);

    // COPY, in a transaction set up as the exporter sets it up.
    await db.query(`BEGIN READ ONLY; SET LOCAL TimeZone = 'UTC'; SET LOCAL work_mem = '64MB'`);
    const described = await db.query({
      text: `SELECT * FROM (${table.sql}) t LIMIT 0`,
      values: table.params,
    });
    const oids = described.fields.map((f) => f.dataTypeID);
    const { rows: types } = await db.query(
      `SELECT oid::int AS oid, typname AS name, typcategory AS category FROM pg_type WHERE oid = ANY ($1::oid[])`,
      [oids],
    );
    const byOid = new Map(types.map((t) => [t.oid, t]));
    const byName = new Map(described.fields.map((f) => [f.name, byOid.get(f.dataTypeID)]));
    const statement = copyStatement(
      inlineParams(table.sql, table.params),
      table.columns,
      table.columns.map((c) => byName.get(c.key)),
    );
    let t0 = performance.now();
    let first = null;
    let bytes = 0;
    for await (const chunk of db.query(copyTo(statement))) {
      first ??= performance.now() - t0;
      bytes += chunk.length;
    }
    const copy = { bytes, seconds: (performance.now() - t0) / 1000, firstMs: Math.round(first) };
    await db.query('COMMIT');

    t0 = performance.now();
    const cursor = db.query(
      new Cursor(table.sql, table.params, { types: { getTypeParser: () => (v) => v } }),
    );
    let rows = 0;
    first = null;
    for (;;) {
      const batch = await cursor.read(2000);
      first ??= performance.now() - t0;
      rows += batch.length;
      if (batch.length < 2000) break;
    }
    await cursor.close();
    return { copy, cursor: { rows, seconds: (performance.now() - t0) / 1000, firstMs: Math.round(first) } };
  } finally {
    await db.end();
  }
}

async function main() {
  console.log(
    `load average at the start: ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  console.log(`copying ${VOLUME_DIR} and starting the API on the copy…`);
  const server = await startOnCopy();
  deadline(15 * 60_000, () => server.stop());
  try {
    console.log(
      `copy ${server.copyS.toFixed(1)} s, API start (migrations included) ${server.startS.toFixed(1)} s`,
    );
    const db = await connectDb(server.dataDir);
    const { rows } = await db.query(
      `SELECT (SELECT count(*) FROM enrolments)::int AS enrolments, (SELECT count(*) FROM users)::int AS users`,
    );
    await db.end();
    const expected = rows[0].enrolments;
    console.log(`database: ${rows[0].users} users, ${expected} enrolments`);
    const session = await login(server.base, 'admin@demo.academy');
    const results = [];
    for (const format of FORMATS) {
      const r = await measure(server, session, format);
      // XLSX rows are not counted client-side (that would mean unzipping); the server's row count equals
      // the CSV's (same query) and is in the server log ("Report exported").
      const rowCount = r.records ?? expected;
      const rowsS = Math.round(rowCount / r.seconds);
      results.push({
        format,
        rows: rowCount.toLocaleString('en'),
        MB: mb(r.bytes),
        s: r.seconds.toFixed(1),
        'rows/s': rowsS.toLocaleString('en'),
        'TTFB ms': r.ttfbMs,
        'RSS before MB': r.rssBeforeMb,
        'RSS peak MB': r.rssPeakMb,
        'RSS after MB': r.rssAfterMb,
        'VmHWM MB': r.hwmMb,
        target:
          format === 'csv' ? (rowsS >= TARGET_ROWS_S && r.rssPeakMb < TARGET_RSS_MB ? 'met' : 'MISSED') : '—',
      });
      console.log(`${format}: ${r.disposition}; ${r.samples} RSS samples`);
      if (format === 'csv' && r.records !== expected) {
        console.log(`  note: ${r.records} CSV records vs ${expected} enrolments in the database`);
      }
    }
    if (process.env.CURSOR_ONLY !== '0') {
      const floor = await floors(server.dataDir);
      results.push({
        format: 'COPY only',
        rows: expected.toLocaleString('en'),
        MB: mb(floor.copy.bytes),
        s: floor.copy.seconds.toFixed(1),
        'rows/s': Math.round(expected / floor.copy.seconds).toLocaleString('en'),
        'TTFB ms': floor.copy.firstMs,
        target: '(floor, CSV)',
      });
      results.push({
        format: 'SQL only',
        rows: floor.cursor.rows.toLocaleString('en'),
        s: floor.cursor.seconds.toFixed(1),
        'rows/s': Math.round(floor.cursor.rows / floor.cursor.seconds).toLocaleString('en'),
        'TTFB ms': floor.cursor.firstMs,
        target: '(floor, XLSX)',
      });
    }
    const log = await readFile(path.join(server.dataDir, 'bench-server.log'), 'utf8');
    const exported = log.split('\n').filter((l) => l.includes('Report export'));
    for (const line of exported) {
      try {
        const j = JSON.parse(line);
        console.log(`server log: ${j.msg} format=${j.format} rows=${j.rows} ms=${j.ms}`);
      } catch {
        console.log(`server log: ${line.slice(0, 200)}`);
      }
    }
    console.log(
      `\n${table(results, [
        'format',
        'rows',
        'MB',
        's',
        'rows/s',
        'TTFB ms',
        'RSS before MB',
        'RSS peak MB',
        'RSS after MB',
        'VmHWM MB',
        'target',
      ])}`,
    );
    console.log(
      `load average at the end: ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
  } finally {
    await server.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
