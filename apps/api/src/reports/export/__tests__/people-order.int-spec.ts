import { Writable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import type pg from 'pg';
import { TestContext } from '@academy/testing';
import type { AuthUser } from '../../../identity/auth-user.js';
import { buildReportTable } from '../../report-tables.js';
import { exportReportTable } from '../report-export.js';

/**
 * The people report sorted by name numbers learners and courses and sorts by those numbers (report-tables.ts);
 * its order must be exactly that of `ORDER BY display_name, email (citext), course code, enrolment`: checked
 * here on names that tie, differ only in case or are Cyrillic, e-mails whose case-insensitive order differs
 * from their byte order, for the JSON rows, a page of them and the CSV export.
 */

let ctx: TestContext;
let admin: AuthUser;
const NOW = new Date();

const NAMES = ['Anna', 'anna', 'Anna', 'Anna', 'Émile', 'Алиев', 'алиев', 'Алиев', 'Zed', '=Formula', 'Bob'];
const EMAILS = ['B@x.test', 'a2@x.test', 'a10@x.test', 'Ab@x.test'];

beforeAll(async () => {
  ctx = await TestContext.create();
  const org = await ctx.newOrganisation({ en: 'Order unit', ru: 'Подразделение' });
  const users = (await ctx.db.query(
    `INSERT INTO users (email, display_name, locale, organisation_id)
     SELECT 'u' || i || '-' || e, n, 'en', $3::uuid
       FROM unnest($1::text[]) WITH ORDINALITY AS x(n, i), unnest($2::text[]) AS y(e)
     RETURNING id`,
    [NAMES, EMAILS, org.id],
  )) as { id: string }[];
  const courses: string[] = [];
  for (const code of ['C-B', 'C-A', 'a-lower', 'Б-1']) {
    const [course] = (await ctx.db.query(
      `INSERT INTO courses (code, base_locale, title, status, version, published_at)
       VALUES ($1, 'en', '{"en": "Course", "ru": "Курс"}', 'published', 1, now()) RETURNING id`,
      [code],
    )) as { id: string }[];
    courses.push(course.id);
  }
  // Every learner in two or three courses (a few in all of them).
  await ctx.db.query(
    `INSERT INTO enrolments (user_id, course_id, source, status, progress_pct, required_lessons, completed_lessons)
     SELECT u.id, c.id, 'self', 'not_started', 0, 1, 0
       FROM unnest($1::uuid[]) WITH ORDINALITY AS u(id, i), unnest($2::uuid[]) WITH ORDINALITY AS c(id, j)
      WHERE (u.i + c.j) % 3 <> 0 OR u.i % 5 = 0`,
    [users.map((u) => u.id), courses],
  );
  const [{ id }] = (await ctx.db.query(
    `INSERT INTO users (email, display_name, locale) VALUES ('order-admin@x.test', 'Admin', 'en') RETURNING id`,
  )) as { id: string }[];
  admin = {
    id,
    sessionId: 'test',
    email: 'order-admin@x.test',
    displayName: 'Admin',
    locale: 'en',
    organisationId: null,
    grants: [{ role: 'admin', organisationId: null, organisationCode: null, organisationPath: null }],
  };
});

afterAll(async () => {
  await ctx.close();
});

interface Row {
  enrolment_id: string;
  display_name: string;
  email: string;
  course_code: string;
}

/** The order as it was written before: names, e-mails and codes compared by PostgreSQL. */
async function reference(dir: 'ASC' | 'DESC'): Promise<Row[]> {
  return (await ctx.db.query(
    `SELECT f.enrolment_id, u.display_name, u.email::text AS email, c.code AS course_code
       FROM report_enrolments f JOIN users u ON u.id = f.user_id JOIN courses c ON c.id = f.course_id
      ORDER BY u.display_name ${dir} NULLS LAST, u.display_name, u.email, c.code, f.enrolment_id`,
  )) as Row[];
}

async function people(sort: string) {
  return buildReportTable({ db: ctx.db, now: NOW }, 'people', admin, { sort }, 'en');
}

describe('people sorted by name', () => {
  it.each([
    ['name', 'ASC'],
    ['-name', 'DESC'],
  ] as const)('%s: the rows and a page in the order of names, e-mails, codes', async (sort, dir) => {
    const expected = await reference(dir);
    expect(expected.length).toBeGreaterThan(80);
    const table = await people(sort);
    const rows = (await ctx.db.query(table.sql, table.params)) as Row[];
    expect(rows.map((r) => r.enrolment_id)).toEqual(expected.map((r) => r.enrolment_id));
    const n = table.params.length;
    const page = (await ctx.db.query(`SELECT t.* FROM (${table.sql}) t LIMIT $${n + 1} OFFSET $${n + 2}`, [
      ...table.params,
      7,
      14,
    ])) as Row[];
    expect(page.map((r) => r.enrolment_id)).toEqual(expected.slice(14, 21).map((r) => r.enrolment_id));
  });

  it('exports the CSV in the same order', async () => {
    const expected = await reference('ASC');
    const chunks: Buffer[] = [];
    const out = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(chunk);
        callback();
      },
    });
    const pool = (ctx.db.driver as unknown as { master: pg.Pool }).master;
    const result = await exportReportTable(pool, await people('name'), 'csv', out);
    expect(result.rows).toBe(expected.length);
    const [header, ...records] = parse(Buffer.concat(chunks), { bom: true }) as string[][];
    expect(header.slice(0, 4)).toEqual(['Name', 'E-mail', 'Unit', 'Course code']);
    const formula = (text: string) => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);
    expect(records.map((r) => [r[0], r[1], r[3]])).toEqual(
      expected.map((r) => [formula(r.display_name), r.email, r.course_code]),
    );
  });
});
