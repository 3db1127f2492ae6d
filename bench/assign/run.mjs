#!/usr/bin/env node
// Assignment benchmark: a coordinator assigns a course to a unit of 10,000 officers (one request, one SQL
// statement), assigns it again (the idempotent path: due dates updated, nothing duplicated), withdraws
// it, and, with "include officers who join later", measures the trigger while 10,000 officers are
// created in a unit in one statement.
// Each step also shows the CPU time PostgreSQL and the API process spent meanwhile (from /proc), which
// contention from other processes on a shared machine does not inflate the way it inflates wall time.
// Usage: npm run build && node bench/assign/run.mjs   (env: OFFICERS, ROUNDS)
import { readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { connectDb, deadline, login, startServer, table } from '../lib/server.mjs';

const OFFICERS = Number(process.env.OFFICERS ?? 10_000);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const TARGET_MS = 1000;

/** A new unit under AZ, filled with OFFICERS officers (copies of learner.az: password, learner role), set-based. */
async function makeUnit(db, code, officers) {
  const {
    rows: [unit],
  } = await db.query(
    `INSERT INTO organisations (id, parent_id, kind, code, country_code, name, path)
     SELECT g.id, az.id, 'unit', $1, 'AZ', jsonb_build_object('en', $1::text, 'ru', $1::text), az.path || g.id || '/'
       FROM organisations az, (SELECT gen_random_uuid() AS id) g
      WHERE az.code = 'AZ'
     RETURNING id, path`,
    [code],
  );
  const t0 = performance.now();
  if (officers > 0) await fill(db, unit.id, code, officers);
  return { ...unit, fillMs: performance.now() - t0 };
}

async function fill(db, unitId, prefix, officers) {
  await db.query(
    `WITH src AS (SELECT * FROM users WHERE email = 'learner.az@demo.academy'),
          made AS (
            INSERT INTO users (email, display_name, locale, organisation_id, password_hash, status)
            SELECT lower($2) || '.' || i || '@bench.academy', 'Officer ' || $2 || ' ' || i, src.locale, $1,
                   src.password_hash, 'active'
              FROM src, generate_series(1, $3) AS i
            RETURNING id)
     INSERT INTO role_grants (user_id, role) SELECT made.id, 'learner' FROM made`,
    [unitId, prefix, officers],
  );
}

/** CPU milliseconds (user + system) used so far by a process, with its reaped children's if `children`. */
async function cpuMs(pid, children = false) {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
  if (!stat) return 0;
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const [utime, stime, cutime, cstime] = fields.slice(11, 15).map(Number);
  return ((utime + stime + (children ? cutime + cstime : 0)) * 1000) / 100; // USER_HZ
}

/**
 * CPU milliseconds of the embedded PostgreSQL so far: `all` = the postmaster, its reaped and its running children
 * (autovacuum, WAL writer and checkpointer included); `sql` = the running client connections only (the API's pool
 * and this script's), i.e. the statements and their triggers without background work.
 */
async function postgresCpuMs(dataDir) {
  const postmaster = Number(
    (await readFile(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8')).split('\n')[0],
  );
  let all = await cpuMs(postmaster, true);
  let sql = 0;
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => null);
    if (stat && Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === postmaster) {
      const ms = await cpuMs(Number(entry));
      all += ms;
      const title = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
      if (/^postgres: \S+ \S+ (127\.0\.0\.1|\[local\])/.test(title)) sql += ms;
    }
  }
  return { all, sql };
}

/** Runs `work`, adding the CPU milliseconds PostgreSQL and the API process spent meanwhile to its result. */
async function withCpu(server, work) {
  const before = [await postgresCpuMs(server.dataDir), await cpuMs(server.pid)];
  const result = await work();
  const after = await postgresCpuMs(server.dataDir);
  result.pgCpu = after.all - before[0].all;
  result.sqlCpu = after.sql - before[0].sql;
  result.apiCpu = (await cpuMs(server.pid)) - before[1];
  return result;
}

async function call(server, session, path, body) {
  return withCpu(server, async () => {
    const t0 = performance.now();
    const res = await fetch(`${server.base}${path}`, {
      method: 'POST',
      headers: { cookie: await session.fresh(), 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const ms = performance.now() - t0;
    const json = await res.json();
    if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
    return { ms, json };
  });
}

const count = async (db, sql, params) => Number((await db.query(sql, params)).rows[0].n);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  let server;
  let db;
  deadline(300_000, async () => {
    await db?.end().catch(() => {});
    await server?.stop();
  });
  try {
    server = await startServer({ name: 'assign' });
    console.log(`server up on ${server.base} in ${(server.startupMs / 1000).toFixed(1)} s`);
    db = await connectDb(server.dataDir);
    const {
      rows: [course],
    } = await db.query(`SELECT id FROM courses WHERE code = 'HS-BASICS' AND status = 'published'`);
    if (!course) throw new Error('demo course HS-BASICS is not published');
    const coordinator = await login(server.base, 'coordinator.az@demo.academy');
    const dueAt = (days) => new Date(Date.now() + days * 86_400_000).toISOString();

    const results = [];
    const check = (name, ms, ok, detail, cpu = {}) => {
      const load = os.loadavg()[0].toFixed(1);
      const pgCpu = cpu.pgCpu === undefined ? '' : cpu.pgCpu.toFixed(0);
      const sqlCpu = cpu.sqlCpu === undefined ? '' : cpu.sqlCpu.toFixed(0);
      const apiCpu = cpu.apiCpu === undefined ? '' : cpu.apiCpu.toFixed(0);
      results.push({
        step: name,
        ms: ms.toFixed(0),
        'pg cpu ms': pgCpu,
        'of it SQL': sqlCpu,
        'API cpu ms': apiCpu,
        load,
        ok,
        detail,
      });
      console.log(
        `${name}: ${ms.toFixed(0)} ms (pg cpu ${pgCpu} ms, SQL ${sqlCpu} ms, load ${load}) ${ok ? 'ok' : 'FAILED'} ${detail}`,
      );
    };

    for (let round = 1; round <= ROUNDS; round++) {
      const unit = await makeUnit(db, `BENCH-U${round}`, OFFICERS);
      await db.query('ANALYZE users; ANALYZE enrolments; ANALYZE organisations');
      const body = { courseId: course.id, organisationId: unit.id, dueAt: dueAt(30) };
      const first = await call(server, coordinator, '/api/assignments', body);
      check(
        `assign ${OFFICERS} (round ${round})`,
        first.ms,
        first.json.assigned === OFFICERS,
        JSON.stringify(first.json),
        first,
      );
      const again = await call(server, coordinator, '/api/assignments', { ...body, dueAt: dueAt(45) });
      check(
        `assign again, new due date (round ${round})`,
        again.ms,
        again.json.updated === OFFICERS && again.json.assigned === 0,
        JSON.stringify(again.json),
        again,
      );
      const due = await call(server, coordinator, '/api/assignments/due-date', {
        courseId: course.id,
        organisationId: unit.id,
        dueAt: dueAt(60),
      });
      check(
        `change due date (round ${round})`,
        due.ms,
        due.json.updated === OFFICERS,
        JSON.stringify(due.json),
        due,
      );
      const enrolled = await count(
        db,
        `SELECT count(*) AS n FROM enrolments WHERE assignment_id IS NOT NULL AND course_id = $1
        AND user_id IN (SELECT id FROM users WHERE organisation_id = $2)`,
        [course.id, unit.id],
      );
      const mails = await count(
        db,
        `SELECT count(*) AS n FROM mail_outbox m JOIN users u ON u.id = m.user_id
        WHERE u.organisation_id = $1 AND m.kind = 'assignment'`,
        [unit.id],
      );
      check(
        `rows after (round ${round})`,
        0,
        enrolled === OFFICERS && mails === OFFICERS,
        `enrolments ${enrolled}, assignment mails ${mails}`,
      );
      const withdraw = await call(server, coordinator, '/api/assignments/withdraw', {
        courseId: course.id,
        organisationId: unit.id,
      });
      check(
        `withdraw ${OFFICERS} (round ${round})`,
        withdraw.ms,
        withdraw.json.withdrawn === OFFICERS,
        JSON.stringify(withdraw.json),
        withdraw,
      );
    }

    // include_future: a rule on an empty unit, then OFFICERS officers created in it in one statement.
    const empty = await makeUnit(db, 'BENCH-FUTURE', 0);
    await call(server, coordinator, '/api/assignments', {
      courseId: course.id,
      organisationId: empty.id,
      includeFuture: true,
      dueAt: dueAt(30),
    });
    const t0 = performance.now();
    const filled = await withCpu(
      server,
      async () => (await fill(db, empty.id, 'BENCH-FUTURE', OFFICERS), {}),
    );
    const triggerMs = performance.now() - t0;
    const joined = await count(
      db,
      `SELECT count(*) AS n FROM enrolments e JOIN users u ON u.id = e.user_id
      WHERE u.organisation_id = $1 AND e.course_id = $2`,
      [empty.id, course.id],
    );
    // The same insert into a unit without any rule, for comparison.
    const plain = await makeUnit(db, 'BENCH-PLAIN', OFFICERS);
    check(
      `create ${OFFICERS} officers, include_future rule (trigger)`,
      triggerMs,
      joined === OFFICERS,
      `enrolled by trigger ${joined}`,
      filled,
    );
    check(`create ${OFFICERS} officers, no matching rule`, plain.fillMs, true, '');

    console.log(
      table(results, ['step', 'ms', 'pg cpu ms', 'of it SQL', 'API cpu ms', 'load', 'ok', 'detail']),
    );
    const assigns = results.filter((r) => r.step.startsWith('assign ') && !r.step.includes('again'));
    const agains = results.filter((r) => r.step.includes('again'));
    const medianOf = (rows, key) => median(rows.map((r) => Number(r[key])));
    console.log(
      `\nassign ${OFFICERS}: median ${medianOf(assigns, 'ms')} ms (PostgreSQL cpu ${medianOf(assigns, 'pg cpu ms')} ms, ` +
        `SQL ${medianOf(assigns, 'of it SQL')} ms); again: median ${medianOf(agains, 'ms')} ms (PostgreSQL cpu ` +
        `${medianOf(agains, 'pg cpu ms')} ms, SQL ${medianOf(agains, 'of it SQL')} ms); ` +
        `target < ${TARGET_MS} ms; load average ${os
          .loadavg()
          .map((l) => l.toFixed(1))
          .join(' ')}`,
    );
    if (results.some((r) => !r.ok)) process.exitCode = 1;
  } finally {
    await db?.end().catch(() => {});
    await server?.stop();
  }
}

await main();
