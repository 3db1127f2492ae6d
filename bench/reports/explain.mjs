#!/usr/bin/env node
// Prints EXPLAIN (ANALYZE, BUFFERS) of one report table exactly as the API builds it for a user, on a running
// data directory (the API started on it, e.g. by bench/reports/run.mjs with KEEP_COPY=1, or by hand).
// Usage: DATA_DIR=/path node bench/reports/explain.mjs <kind> <email> [filters-json] [page|count]
//        (WORK_MEM=32MB to plan as the people lists run; page: the first page of 50; count: the row count)
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { connectDb, ROOT } from '../lib/server.mjs';

const D = process.env.DATA_DIR;
if (!D) throw new Error('DATA_DIR: the data directory of a running API (its embedded PostgreSQL)');
const { buildReportTable } = await import(
  pathToFileURL(path.join(ROOT, 'dist/apps/api/src/reports/report-tables.js')).href
);
const c = await connectDb(D);
const [kind, email, filters = '{}', wrap = ''] = process.argv.slice(2);
const {
  rows: [u],
} = await c.query(`SELECT u.id, u.locale FROM users u WHERE email = $1`, [email]);
const { rows: grants } = await c.query(
  `SELECT g.role, g.organisation_id AS "organisationId", o.path AS "organisationPath" FROM role_grants g LEFT JOIN organisations o ON o.id = g.organisation_id WHERE g.user_id = $1`,
  [u.id],
);
const user = { id: u.id, locale: u.locale, grants };
const db = { query: async (s, p) => (await c.query(s, p)).rows };
const t = await buildReportTable({ db, now: new Date() }, kind, user, JSON.parse(filters), u.locale);
let sql = t.sql;
if (wrap === 'page') sql = `SELECT * FROM (${t.sql}) t LIMIT 50 OFFSET 0`;
if (wrap === 'count') sql = `SELECT count(*) FROM (${t.sql}) t`;
if (process.env.WORK_MEM) await c.query(`SET work_mem = '${process.env.WORK_MEM}'`);
const { rows } = await c.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, t.params);
console.log(rows.map((r) => r['QUERY PLAN']).join('\n'));
await c.end();
