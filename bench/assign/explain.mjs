#!/usr/bin/env node
// Where the time of a 10,000-officer assignment goes, inside PostgreSQL: EXPLAIN (ANALYZE, BUFFERS) of the
// assignment statement (ASSIGN_SQL from the build, the parameters the service passes for coordinator.az),
// the time spent in each trigger function (pg_stat_xact_user_functions, track_functions = all) and, with
// NESTED=1, the plans of the statements the triggers run (auto_explain at NOTICE level). Each measured
// statement runs in a transaction that is rolled back; the second case first commits an assignment.
// Usage: npm run build && node bench/assign/explain.mjs   (env: OFFICERS, NESTED=1, KEEP=1 keeps the server up)
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { connectDb, deadline, ROOT, startServer } from '../lib/server.mjs';

const OFFICERS = Number(process.env.OFFICERS ?? 10_000);
const NESTED = process.env.NESTED === '1';
const { ASSIGN_SQL } = await import(
  pathToFileURL(path.join(ROOT, 'dist/apps/api/src/assignments/assignment-sql.js')).href
);

async function main() {
  let server;
  let db;
  const keep = process.env.KEEP === '1';
  if (!keep) {
    deadline(300_000, async () => {
      await db?.end().catch(() => {});
      await server?.stop();
    });
  }
  try {
    server = await startServer({ name: 'assign-explain' });
    db = await connectDb(server.dataDir);
    const notices = [];
    db.on('notice', (n) => notices.push(n.message));
    const q = (sql, params) => db.query(sql, params);
    const {
      rows: [course],
    } = await q(`SELECT id FROM courses WHERE code = 'HS-BASICS' AND status = 'published'`);
    const {
      rows: [coord],
    } = await q(
      `SELECT u.id, array_agg(o.path) AS scope FROM users u JOIN role_grants g ON g.user_id = u.id AND g.role = 'coordinator'
         JOIN organisations o ON o.id = g.organisation_id WHERE u.email = 'coordinator.az@demo.academy' GROUP BY u.id`,
    );
    const {
      rows: [unit],
    } = await q(
      `INSERT INTO organisations (id, parent_id, kind, code, country_code, name, path)
       SELECT g.id, az.id, 'unit', 'EXPLAIN-U', 'AZ', '{"en":"EXPLAIN-U","ru":"EXPLAIN-U"}', az.path || g.id || '/'
         FROM organisations az, (SELECT gen_random_uuid() AS id) g WHERE az.code = 'AZ' RETURNING id`,
    );
    await q(
      `WITH src AS (SELECT * FROM users WHERE email = 'learner.az@demo.academy'),
            made AS (
              INSERT INTO users (email, display_name, locale, organisation_id, password_hash, status)
              SELECT 'explain.' || i || '@bench.academy', 'Officer ' || i, src.locale, $1, src.password_hash, 'active'
                FROM src, generate_series(1, $2) AS i RETURNING id)
       INSERT INTO role_grants (user_id, role) SELECT made.id, 'learner' FROM made`,
      [unit.id, OFFICERS],
    );
    await q('ANALYZE');
    const params = (days) => {
      const due = new Date(Date.now() + days * 86_400_000);
      return [
        course.id,
        coord.id,
        due,
        new Date(),
        null,
        unit.id,
        false,
        coord.scope,
        'unit',
        due.toISOString(),
      ];
    };

    /** `setup` runs (and commits) first: rows inserted in the measured transaction itself would make PostgreSQL
     * re-check foreign keys on their update, which a separate request does not. */
    async function explain(title, setup) {
      if (setup) await setup();
      await q('BEGIN');
      try {
        await q(`SET LOCAL track_functions = 'all'`);
        if (NESTED) {
          await q(`LOAD 'auto_explain'`);
          await q(`SET LOCAL auto_explain.log_min_duration = 0`);
          await q(`SET LOCAL auto_explain.log_analyze = on`);
          await q(`SET LOCAL auto_explain.log_buffers = on`);
          await q(`SET LOCAL auto_explain.log_nested_statements = on`);
          await q(`SET LOCAL auto_explain.log_level = 'notice'`);
          await q(`SET LOCAL client_min_messages = 'notice'`);
        }
        const before = await q(
          `SELECT funcname, calls, total_time, self_time FROM pg_stat_xact_user_functions`,
        );
        notices.length = 0;
        const t0 = performance.now();
        const { rows } = await q(`EXPLAIN (ANALYZE, BUFFERS) ${ASSIGN_SQL}`, params(30));
        const ms = performance.now() - t0;
        const after = await q(
          `SELECT funcname, calls, round(total_time::numeric, 1) AS total_ms, round(self_time::numeric, 1) AS self_ms
             FROM pg_stat_xact_user_functions ORDER BY total_time DESC`,
        );
        console.log(`\n===== ${title}: ${ms.toFixed(0)} ms round trip =====`);
        console.log(rows.map((r) => r['QUERY PLAN']).join('\n'));
        console.log('\n-- trigger functions (this transaction):');
        const prev = new Map(before.rows.map((r) => [r.funcname, r]));
        for (const r of after.rows)
          if (!prev.has(r.funcname) || Number(r.calls) > Number(prev.get(r.funcname).calls)) {
            console.log(
              `${r.funcname.padEnd(36)} calls ${String(r.calls).padStart(3)}  total ${r.total_ms} ms  self ${r.self_ms} ms`,
            );
          }
        if (NESTED) {
          console.log('\n-- nested statements (auto_explain):');
          for (const n of notices.filter((m) => !m.startsWith('duration: 0.0'))) console.log(n, '\n');
        }
      } finally {
        await q('ROLLBACK');
      }
    }

    await explain(`assign ${OFFICERS} (new)`);
    await explain(`assign ${OFFICERS} again (new due date)`, () => q(ASSIGN_SQL, params(10)));
    if (keep) {
      console.log(`\nserver kept: DATA_DIR=${server.dataDir}; Ctrl-C to stop`);
      await new Promise((r) => process.once('SIGINT', r));
    }
  } finally {
    await db?.end().catch(() => {});
    await server?.stop();
  }
}

await main();
