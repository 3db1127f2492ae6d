#!/usr/bin/env node
// Progress benchmark: many distinct learners reporting video progress on distinct lessons, against one
// API process and its embedded PostgreSQL; then the same upsert statement straight through `pg` at the
// same concurrency, for a ratio.
// Usage: npm run build && node bench/progress/run.mjs   (env: LEARNERS, CONNECTIONS, DURATION, RATE)
import pg from 'pg';
import autocannon from 'autocannon';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { withCpu } from '../lib/cpu.mjs';
import { connectDb, deadline, login, ROOT, startServer, table } from '../lib/server.mjs';

const LEARNERS = Number(process.env.LEARNERS ?? 200);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 50);
const DURATION = Number(process.env.DURATION ?? 20);
const RATE = Number(process.env.RATE ?? 2000);
const TARGET_P99_MS = 50;

const built = (file) => import(pathToFileURL(path.join(ROOT, 'dist/apps/api/src/progress', file)).href);
const { RECORD_REPORTS_SQL } = await built('progress-sql.js');
const { multirangeLiteral, secondsToComplete, wholeSecondRanges, wholeSeconds } =
  await built('progress-rules.js');

/** Video lessons of the published demo courses: { id, courseId, durationS }. */
async function videoLessons(db) {
  const { rows } = await db.query(
    `SELECT l->>'id' AS id, c.id AS course_id, (l->>'durationS')::float8 AS duration_s
       FROM courses c JOIN course_versions v ON v.course_id = c.id AND v.version = c.version,
            jsonb_array_elements(v.content->'modules') m, jsonb_array_elements(m->'lessons') l
      WHERE c.status = 'published' AND l->>'kind' = 'video' AND (l->>'durationS') IS NOT NULL`,
  );
  return rows.map((r) => ({ id: r.id, courseId: r.course_id, durationS: r.duration_s }));
}

/** LEARNERS learners in learner.ge's unit with its password and grants, made set-based. */
async function makeLearners(db) {
  await db.query(
    `WITH src AS (SELECT * FROM users WHERE email = 'learner.ge@demo.academy'),
          made AS (
            INSERT INTO users (email, display_name, locale, organisation_id, password_hash, status)
            SELECT 'bench.viewer' || i || '@demo.academy', 'Viewer ' || i, src.locale, src.organisation_id,
                   src.password_hash, 'active'
              FROM src, generate_series(1, $1) AS i
            RETURNING id)
     INSERT INTO role_grants (user_id, role, organisation_id)
     SELECT made.id, g.role, g.organisation_id FROM made, role_grants g, src WHERE g.user_id = src.id`,
    [LEARNERS],
  );
  return Array.from({ length: LEARNERS }, (_, i) => `bench.viewer${i + 1}@demo.academy`);
}

/**
 * Each (learner, lesson) pair watches forward: every report names the next 10 s. The rate rule clips
 * what comes faster than real time; that is part of the work measured (the statement runs either way).
 */
function reportStream(pairs) {
  let n = 0;
  return () => {
    const pair = pairs[n++ % pairs.length];
    const from = pair.at % Math.max(1, Math.floor(pair.lesson.durationS) - 10);
    pair.at += 10;
    pair.seq += 1;
    return { pair, body: { positionS: from + 10, watched: [[from, from + 10]], seq: pair.seq } };
  };
}

/** Autocannon against the API; `me` sends GET /api/auth/me instead (the floor of an authenticated request). */
function fire(base, next, { rate, duration, connections, me = false }) {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: base,
        connections,
        duration,
        timeout: 10,
        ...(rate ? { overallRate: rate } : {}),
        requests: [
          {
            method: me ? 'GET' : 'PUT',
            setupRequest: (req) => {
              const { pair, body } = next();
              if (me) return { ...req, path: '/api/auth/me', headers: { cookie: pair.cookie } };
              return {
                ...req,
                path: `/api/lessons/${pair.lesson.id}/progress`,
                headers: { cookie: pair.cookie, 'content-type': 'application/json' },
                body: JSON.stringify(body),
              };
            },
          },
        ],
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
    instance.on('error', reject);
  });
}

/** Transaction ids handed out so far (every writing transaction takes one; reading this takes none). */
async function xids(db) {
  const { rows } = await db.query(`SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint AS xid`);
  return Number(rows[0].xid);
}

/** The same statement straight through pg: `connections` workers over a pool as large as the API's (20). */
async function raw(dataDir, pairs, userIds, { duration, connections }) {
  const db = await connectDb(dataDir);
  const { host, port, user, password, database } = db.connectionParameters;
  await db.end();
  const pool = new pg.Pool({ host, port, user, password, database, max: 20 });
  pool.on('error', () => {}); // an idle client cut off when the server stops at the end
  const next = reportStream(pairs);
  const latencies = [];
  let count = 0;
  const stopAt = Date.now() + duration * 1000;
  const worker = async () => {
    while (Date.now() < stopAt) {
      const { pair, body } = next();
      const d = wholeSeconds(pair.lesson.durationS);
      const t0 = performance.now();
      // One report per statement: what the API would run for each request without its batching.
      await pool.query(RECORD_REPORTS_SQL, [
        [userIds.get(pair.email)],
        [pair.lesson.id],
        [pair.lesson.courseId],
        [multirangeLiteral(wholeSecondRanges(body.watched, d))],
        [Math.min(body.positionS, pair.lesson.durationS)],
        [body.seq],
        [new Date()],
        [d],
        [secondsToComplete(null, d)],
      ]);
      latencies.push(performance.now() - t0);
      count++;
    }
  };
  const began = performance.now();
  await Promise.all(Array.from({ length: connections }, worker));
  const seconds = (performance.now() - began) / 1000;
  await pool.end();
  latencies.sort((a, b) => a - b);
  const q = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))].toFixed(1);
  return { rps: count / seconds, p50: q(0.5), p99: q(0.99), count };
}

async function main() {
  let server;
  let db;
  deadline(300_000, async () => {
    await db?.end().catch(() => {});
    await server?.stop();
  });
  try {
    server = await startServer({ name: 'progress' });
    console.log(`server up on ${server.base} in ${(server.startupMs / 1000).toFixed(1)} s`);
    db = await connectDb(server.dataDir);
    const lessons = await videoLessons(db);
    if (!lessons.length) throw new Error('no published video lessons with a duration');
    const emails = await makeLearners(db);
    const { rows } = await db.query(`SELECT id, email FROM users WHERE email LIKE 'bench.viewer%'`);
    const userIds = new Map(rows.map((r) => [r.email, r.id]));
    const cookies = [];
    for (let i = 0; i < emails.length; i += 8) {
      const batch = await Promise.all(emails.slice(i, i + 8).map((e) => login(server.base, e)));
      cookies.push(...batch.map((s) => s.cookie));
    }
    const pairs = (offset) =>
      emails.flatMap((email, i) =>
        lessons.map((lesson) => ({ email, cookie: cookies[i], lesson, at: offset, seq: 0 })),
      );
    console.log(
      `${emails.length} learners × ${lessons.length} video lessons = ${emails.length * lessons.length} pairs`,
    );

    // Sanity and warm-up (not measured).
    const warm = reportStream(pairs(0));
    const first = warm();
    const check = await fetch(`${server.base}/api/lessons/${first.pair.lesson.id}/progress`, {
      method: 'PUT',
      headers: { cookie: first.pair.cookie, 'content-type': 'application/json' },
      body: JSON.stringify(first.body),
    });
    if (!check.ok) throw new Error(`report refused: ${check.status} ${await check.text()}`);
    await fire(server.base, warm, { rate: 500, duration: 3, connections: 10 });

    const results = [];
    // Writing transactions per report: the API batches reports, so one commit serves several.
    const measured = async (options) => {
      const before = await xids(db);
      const result = await withCpu(server, () => fire(server.base, reportStream(pairs(0)), options));
      result.commits = (await xids(db)) - before;
      return result;
    };
    const fixed = await measured({ rate: RATE, duration: DURATION, connections: CONNECTIONS });
    results.push(['API, fixed rate ' + RATE + '/s', fixed]);
    const open = await measured({ duration: DURATION, connections: CONNECTIONS });
    results.push(['API, as fast as it goes', open]);
    // For scale: what one process answers when a request does nothing but authenticate (no database).
    const me = await withCpu(server, () =>
      fire(server.base, reportStream(pairs(0)), { duration: DURATION, connections: CONNECTIONS, me: true }),
    );
    results.push(['(GET /api/auth/me, as fast)', me]);
    const direct = await withCpu(server, () =>
      raw(server.dataDir, pairs(0), userIds, { duration: DURATION, connections: CONNECTIONS }),
    );

    const rowsOut = results.map(([name, r]) => ({
      scenario: name,
      'req/s': r.requests.average.toFixed(0),
      p50_ms: r.latency.p50,
      p99_ms: r.latency.p99,
      max_ms: r.latency.max,
      '2xx': r['2xx'],
      non2xx: r.non2xx,
      errors: r.errors,
      'reports/commit': r.commits === undefined ? '' : (r['2xx'] / Math.max(1, r.commits)).toFixed(1),
      'API cpu ms/req': ((1000 * r.apiCpu) / Math.max(1, r['2xx'])).toFixed(2),
      'pg cpu ms/req': ((1000 * r.pgCpu) / Math.max(1, r['2xx'])).toFixed(2),
      [`≥${RATE}/s, p99<${TARGET_P99_MS}`]:
        r.commits === undefined
          ? ''
          : r.requests.average >= RATE * 0.95 && r.latency.p99 < TARGET_P99_MS
            ? 'yes'
            : 'NO',
    }));
    rowsOut.push({
      scenario: 'same statement through pg',
      'req/s': direct.rps.toFixed(0),
      p50_ms: direct.p50,
      p99_ms: direct.p99,
      max_ms: '',
      '2xx': direct.count,
      non2xx: '',
      errors: 0,
      'reports/commit': '1.0',
      'API cpu ms/req': '',
      'pg cpu ms/req': ((1000 * direct.pgCpu) / Math.max(1, direct.count)).toFixed(2),
      [`≥${RATE}/s, p99<${TARGET_P99_MS}`]: '',
    });
    const load = os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ');
    console.log(
      `\nPUT /api/lessons/:id/progress, ${CONNECTIONS} connections, ${DURATION} s each (load average now ${load}):\n`,
    );
    console.log(table(rowsOut, Object.keys(rowsOut[0])));
    const ratio = open.requests.average / direct.rps;
    console.log(`\nAPI ÷ pg throughput: ${ratio.toFixed(2)} (target ≥ 0.5: ${ratio >= 0.5 ? 'yes' : 'NO'})`);
    const { rows: stats } = await db.query(
      `SELECT count(*) AS rows, sum(watched_s) AS watched_s, pg_size_pretty(pg_total_relation_size('lesson_progress')) AS size
         FROM lesson_progress`,
    );
    console.log(`lesson_progress: ${stats[0].rows} rows, ${stats[0].size}`);
  } finally {
    await db?.end().catch(() => {});
    await server?.stop();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
