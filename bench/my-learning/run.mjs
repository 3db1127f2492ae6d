#!/usr/bin/env node
// My learning benchmark: the demo learner learner.ge with 50 courses (10 assigned, 25 in progress, 15
// completed with certificates) among 2,000 other learners with the same 50 each, then GET /api/me/learning
// at a fixed 200 req/s. Prints the latency and EXPLAIN (ANALYZE, BUFFERS) of the two statements it runs.
// Usage: npm run build && node bench/my-learning/run.mjs   (env: LEARNERS, CATALOGUE, RATE, DURATION, CONNECTIONS)
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import { withCpu } from '../lib/cpu.mjs';
import { connectDb, deadline, login, ROOT, startServer, table } from '../lib/server.mjs';

const COURSES = 50;
/** Published courses nobody in the bench is enrolled in: a catalogue of realistic size around the 50. */
const CATALOGUE = Number(process.env.CATALOGUE ?? 2000);
const LEARNERS = Number(process.env.LEARNERS ?? 2000);
const RATE = Number(process.env.RATE ?? 200);
const DURATION = Number(process.env.DURATION ?? 20);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 10);
const TARGET_P99_MS = 30;
const ASSIGNED = 10; // courses 1..10: assigned, not started (due dates from 3 days ago to 6 days ahead)
const IN_PROGRESS = 25; // courses 11..35: first lesson completed, second at 42 s; courses 36..50: completed

const built = (file) => import(pathToFileURL(path.join(ROOT, 'dist/apps/api/src', file)).href);
const { myLearningSql, OPEN_LESSONS_SQL } = await built('learning/learning-sql.js');
const { visibleToSql } = await built('catalogue/course-visibility.js');

/** 50 copies of the largest published demo course, each with its own module and lesson ids, set-based. */
async function makeCourses(db) {
  const [{ content: template }] = (
    await db.query(
      `SELECT v.content FROM courses c JOIN course_versions v ON v.course_id = c.id AND v.version = c.version
        WHERE c.status = 'published' ORDER BY jsonb_array_length(v.content->'modules') DESC, c.code LIMIT 1`,
    )
  ).rows;
  const courses = Array.from({ length: COURSES + CATALOGUE }, (_, i) => {
    const c = structuredClone(template);
    c.code = `MYL-${String(i + 1).padStart(2, '0')}`;
    c.title = { en: `My learning bench course ${i + 1}`, ru: `Курс для замера ${i + 1}` };
    for (const module of c.modules) {
      module.id = randomUUID();
      for (const lesson of module.lessons) lesson.id = randomUUID();
    }
    return c;
  });
  const { rows } = await db.query(
    `WITH src AS (SELECT * FROM unnest($1::text[], $2::jsonb[]) AS s(code, content)),
     ins AS (
       INSERT INTO courses (code, base_locale, title, summary, topics, status, audience, version, published_at)
       SELECT code, content->>'baseLocale', content->'title', content->'summary',
              ARRAY(SELECT jsonb_array_elements_text(content->'topics')), 'published', 'region', 1, now()
         FROM src
       RETURNING id, code, published_at)
     INSERT INTO course_versions (course_id, version, content, search, published_at, title, base_locale, topics,
                                  complete_locales)
     SELECT ins.id, 1, src.content, to_tsvector('simple', src.code), ins.published_at, src.content->'title',
            src.content->>'baseLocale', ARRAY(SELECT jsonb_array_elements_text(src.content->'topics')),
            ARRAY(SELECT jsonb_array_elements_text(src.content->'translation'->'completeLocales'))
       FROM ins JOIN src USING (code)
     RETURNING course_id, content->>'code' AS code`,
    [courses.map((c) => c.code), courses.map((c) => JSON.stringify(c))],
  );
  const ids = new Map(rows.map((r) => [r.code, r.course_id]));
  return courses.slice(0, COURSES).map((c) => {
    const lessons = c.modules.flatMap((m) => m.lessons);
    const required = lessons.filter((l) => l.required);
    return {
      id: ids.get(c.code),
      first: lessons[0].id,
      second: lessons[1].id,
      required: (required.length ? required : lessons).length,
    };
  });
}

/** LEARNERS copies of learner.ge (same unit, grants and password), set-based. */
async function makeLearners(db) {
  await db.query(
    `WITH src AS (SELECT * FROM users WHERE email = 'learner.ge@demo.academy'),
          made AS (
            INSERT INTO users (email, display_name, locale, organisation_id, password_hash, status)
            SELECT 'bench.ml' || i || '@demo.academy', 'Learner ' || i, src.locale, src.organisation_id,
                   src.password_hash, 'active'
              FROM src, generate_series(1, $1) AS i
            RETURNING id)
     INSERT INTO role_grants (user_id, role, organisation_id)
     SELECT made.id, g.role, g.organisation_id FROM made, role_grants g, src WHERE g.user_id = src.id`,
    [LEARNERS],
  );
}

/** Every bench learner and learner.ge in the same 50 courses and states, in three statements. */
async function enrolEveryone(db, courses) {
  const learners = `(SELECT id FROM users WHERE email LIKE 'bench.ml%' OR email = 'learner.ge@demo.academy')`;
  const params = [
    courses.map((c) => c.id),
    courses.map((c) => c.first),
    courses.map((c) => c.second),
    courses.map((c) => c.required),
  ];
  const src = `unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::int[]) WITH ORDINALITY AS c(id, first, second, required, i)`;
  const t0 = Date.now();
  await db.query('BEGIN');
  const enrolments = await db.query(
    `INSERT INTO enrolments (user_id, course_id, source, assigned_at, due_at, status, progress_pct,
                             completed_lessons, required_lessons, started_at, completed_at, last_activity_at)
     SELECT u.id, c.id,
            CASE WHEN c.i <= ${ASSIGNED} THEN 'assigned' ELSE 'self' END,
            CASE WHEN c.i <= ${ASSIGNED} THEN now() - interval '10 days' END,
            CASE WHEN c.i <= ${ASSIGNED} THEN now() + (c.i - 4) * interval '1 day' END,
            CASE WHEN c.i <= ${ASSIGNED} THEN 'not_started'
                 WHEN c.i <= ${ASSIGNED + IN_PROGRESS} THEN 'in_progress' ELSE 'completed' END,
            CASE WHEN c.i <= ${ASSIGNED} THEN 0 WHEN c.i <= ${ASSIGNED + IN_PROGRESS} THEN 100 / c.required ELSE 100 END,
            CASE WHEN c.i <= ${ASSIGNED} THEN 0 WHEN c.i <= ${ASSIGNED + IN_PROGRESS} THEN 1 ELSE c.required END,
            c.required,
            CASE WHEN c.i > ${ASSIGNED} THEN now() - interval '5 days' END,
            CASE WHEN c.i > ${ASSIGNED + IN_PROGRESS} THEN now() - c.i * interval '1 hour' END,
            CASE WHEN c.i > ${ASSIGNED} THEN now() - c.i * interval '1 minute' END
       FROM ${learners} u, ${src}`,
    params,
  );
  const progress = await db.query(
    `INSERT INTO lesson_progress (user_id, lesson_id, course_id, last_seq, last_report_at, rate_credit_s, status,
                                  position_s, completed_at)
     SELECT u.id, l.lesson_id, c.id, 1, now(), 0, l.status, l.position_s,
            CASE WHEN l.status = 'completed' THEN now() END
       FROM ${learners} u, ${src}
       CROSS JOIN LATERAL (VALUES (c.first, 'completed', 0::real), (c.second, 'in_progress', 42::real))
                          AS l(lesson_id, status, position_s)
      WHERE c.i > ${ASSIGNED}`,
    params,
  );
  const certificates = await db.query(
    `INSERT INTO certificates (code, user_id, course_id, course_version, holder_name, course_title, base_locale,
                               issuer_name, completed_at)
     SELECT md5(random()::text || u.id || c.id), u.id, c.id, 1, 'Bench learner', v.title, v.base_locale,
            '{"en": "ROCB Europe", "ru": "РБНП Европа"}', now()
       FROM ${learners} u, ${src} JOIN course_versions v ON v.course_id = c.id
      WHERE c.i > ${ASSIGNED + IN_PROGRESS}`,
    params,
  );
  await db.query('COMMIT');
  await db.query(
    'ANALYZE enrolments; ANALYZE lesson_progress; ANALYZE certificates; ANALYZE course_versions',
  );
  return {
    enrolments: enrolments.rowCount,
    lessonProgress: progress.rowCount,
    certificates: certificates.rowCount,
    ms: Date.now() - t0,
  };
}

async function explain(db, userId) {
  const learner = { grants: [{ role: 'learner' }] };
  const out = [];
  // Once unmeasured: the first statement of a connection also fills PostgreSQL's catalogue caches.
  await db.query(`EXPLAIN (ANALYZE) ${myLearningSql(visibleToSql(learner))}`, [userId]);
  const first = await db.query(`EXPLAIN (ANALYZE, BUFFERS) ${myLearningSql(visibleToSql(learner))}`, [
    userId,
  ]);
  out.push(['my learning: enrolments', first.rows.map((r) => r['QUERY PLAN']).join('\n')]);
  const { rows: open } = await db.query(
    `SELECT array_agg(course_id) AS ids FROM enrolments WHERE user_id = $1 AND status <> 'completed'`,
    [userId],
  );
  const second = await db.query(`EXPLAIN (ANALYZE, BUFFERS) ${OPEN_LESSONS_SQL}`, [userId, open[0].ids]);
  out.push(['my learning: open lessons', second.rows.map((r) => r['QUERY PLAN']).join('\n')]);
  return out;
}

/** Transactions committed in the database (each autocommit statement is one) while `work` ran, less this read. */
async function withStatements(db, work) {
  const count = async () =>
    Number(
      (
        await db.query(
          `SELECT pg_stat_get_db_xact_commit(oid) AS n FROM pg_database WHERE datname = current_database()`,
        )
      ).rows[0].n,
    );
  const before = await count();
  const result = await work();
  // Statistics reach the shared counters when a backend goes idle; wait for the pool's to settle.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  await db.query('SELECT pg_stat_clear_snapshot()');
  result.transactions = (await count()) - before - 1;
  return result;
}

function fire(base, cookie, { rate, duration, connections }) {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: `${base}/api/me/learning`,
        connections,
        duration,
        timeout: 10,
        headers: { cookie },
        ...(rate ? { overallRate: rate } : {}),
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
    instance.on('error', reject);
  });
}

async function main() {
  let server;
  let db;
  deadline(300_000, async () => {
    await db?.end().catch(() => {});
    await server?.stop();
  });
  try {
    server = await startServer({ name: 'my-learning' });
    console.log(`server up on ${server.base} in ${(server.startupMs / 1000).toFixed(1)} s`);
    db = await connectDb(server.dataDir);
    const courses = await makeCourses(db);
    await makeLearners(db);
    const made = await enrolEveryone(db, courses);
    console.log(
      `${COURSES} courses (+${CATALOGUE} others); ${LEARNERS + 1} learners: ${made.enrolments} enrolments, ${made.lessonProgress} lesson rows, ${made.certificates} certificates in ${made.ms} ms`,
    );
    const {
      rows: [{ id: userId }],
    } = await db.query(`SELECT id FROM users WHERE email = 'learner.ge@demo.academy'`);

    const session = await login(server.base, 'learner.ge@demo.academy');
    const check = await fetch(`${server.base}/api/me/learning`, { headers: { cookie: session.cookie } });
    if (!check.ok) throw new Error(`my learning refused: ${check.status} ${await check.text()}`);
    const body = await check.json();
    const counts = [body.assigned.length, body.inProgress.length, body.completed.length];
    console.log(`lists: assigned ${counts[0]}, in progress ${counts[1]}, completed ${counts[2]}`);
    if (counts.join() !== `${ASSIGNED},${IN_PROGRESS},${COURSES - ASSIGNED - IN_PROGRESS}`) {
      throw new Error(`unexpected lists ${counts.join('/')}`);
    }
    if (!body.inProgress.every((i) => i.next && i.next.positionS === 42)) throw new Error('continue target');
    console.log(`response: ${(JSON.stringify(body).length / 1024).toFixed(1)} kB`);

    await fire(server.base, await session.fresh(), { rate: 100, duration: 3, connections: CONNECTIONS });
    const results = [];
    const fixed = await withStatements(db, () =>
      withCpu(server, async () =>
        fire(server.base, await session.fresh(), {
          rate: RATE,
          duration: DURATION,
          connections: CONNECTIONS,
        }),
      ),
    );
    results.push([`fixed ${RATE}/s, ${CONNECTIONS} connections`, fixed]);
    const open = await withStatements(db, () =>
      withCpu(server, async () =>
        fire(server.base, await session.fresh(), {
          duration: Math.min(DURATION, 10),
          connections: CONNECTIONS,
        }),
      ),
    );
    results.push([`as fast as it goes, ${CONNECTIONS} connections`, open]);

    const rows = results.map(([scenario, r]) => ({
      scenario,
      'req/s': Math.round(r.requests.average),
      'p50 ms': r.latency.p50,
      'p90 ms': r.latency.p90,
      'p99 ms': r.latency.p99,
      'non-2xx / errors': `${r.non2xx} / ${r.errors}`,
      'transactions/req': (r.transactions / Math.max(1, r.requests.total)).toFixed(2),
      'API cpu ms/req': ((1000 * r.apiCpu) / Math.max(1, r.requests.total)).toFixed(2),
      'pg cpu ms/req': ((1000 * r.pgCpu) / Math.max(1, r.requests.total)).toFixed(2),
      [`p99 < ${TARGET_P99_MS} ms`]: scenario.startsWith('fixed')
        ? r.latency.p99 < TARGET_P99_MS && r.non2xx === 0 && r.errors === 0
          ? 'yes'
          : '**missed**'
        : '—',
    }));
    console.log('\n' + table(rows, Object.keys(rows[0])));
    for (const [name, plan] of await explain(db, userId)) console.log(`\nEXPLAIN ${name}:\n${plan}`);
  } finally {
    await db?.end().catch(() => {});
    await server?.stop();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
