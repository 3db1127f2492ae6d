import { randomBytes } from 'node:crypto';
import { PERSONAL_REPORT_KINDS, REPORT_KINDS, type ReportKind } from '@academy/contracts';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { Response } from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { TestContext, type TestOrganisation, type TestUser } from '@academy/testing';

/**
 * GET /api/reports/:kind/export through the whole app: roles, scope, filters and languages are the
 * report's own. The scope rule checked on every exportable table: an Azerbaijan coordinator's files never
 * name anyone or anything from Georgia.
 */

const REGION_KINDS = REPORT_KINDS.filter((kind) => kind.startsWith('region'));
const LEARNER_KINDS = REPORT_KINDS.filter((kind) => kind.startsWith('learner-'));
const COORDINATOR_KINDS = REPORT_KINDS.filter(
  (kind) => !REGION_KINDS.includes(kind) && !LEARNER_KINDS.includes(kind),
);

let ctx: TestContext;
let az: TestOrganisation;
let azUnit: TestOrganisation;
let ge: TestOrganisation;
let geUnit: TestOrganisation;
let azOfficer: TestUser;
let azInjected: TestUser;
let geOfficer: TestUser;
let coordinatorAz: TestAgent;
let author: TestAgent;
let admin: TestAgent;
let learner: TestAgent;

/** A published course written straight into the tables (title per language). */
async function newCourse(title: { en: string; ru: string }): Promise<string> {
  const [course] = (await ctx.db.query(
    `INSERT INTO courses (code, base_locale, title, status, version, published_at)
     VALUES ($1, 'en', $2, 'published', 1, now()) RETURNING id`,
    [`EXP-${randomBytes(3).toString('hex')}`, JSON.stringify(title)],
  )) as { id: string }[];
  await ctx.db.query(
    `INSERT INTO course_versions (course_id, version, content, search, title, base_locale, topics, complete_locales)
     VALUES ($1, 1, '{}'::jsonb, ''::tsvector, $2, 'en', '{}', '{en,ru}')`,
    [course.id, JSON.stringify(title)],
  );
  return course.id;
}

async function enrol(userId: string, courseId: string, status: 'not_started' | 'completed', overdue = false) {
  await ctx.db.query(
    `INSERT INTO enrolments (user_id, course_id, source, assigned_at, due_at, status, progress_pct, required_lessons,
                             completed_lessons, started_at, completed_at, last_activity_at)
     VALUES ($1, $2, 'assigned', now() - interval '20 days', now() + ($4::int * interval '1 day'), $3,
             CASE WHEN $3 = 'completed' THEN 100 ELSE 0 END, 4, CASE WHEN $3 = 'completed' THEN 4 ELSE 0 END,
             CASE WHEN $3 = 'completed' THEN now() - interval '5 days' END,
             CASE WHEN $3 = 'completed' THEN now() - interval '1 day' END,
             CASE WHEN $3 = 'completed' THEN now() - interval '1 day' END)`,
    [userId, courseId, status, overdue ? -3 : 10],
  );
}

beforeAll(async () => {
  ctx = await TestContext.create();
  az = await ctx.newOrganisation({ en: 'Azerbaijan', ru: 'Азербайджан' });
  azUnit = await ctx.newOrganisation({
    parent: az,
    en: 'Baku sea port customs',
    ru: 'Бакинская морская таможня',
  });
  ge = await ctx.newOrganisation({ en: 'Georgia', ru: 'Грузия' });
  geUnit = await ctx.newOrganisation({ parent: ge, en: 'Tbilisi clearance zone', ru: 'Тбилисская зона' });
  azOfficer = await ctx.newUser({ organisation: azUnit, name: 'Алиев Рашад', locale: 'ru' });
  azInjected = await ctx.newUser({ organisation: az, name: '=HYPERLINK("http://x.example","Hi")' });
  geOfficer = await ctx.newUser({ organisation: geUnit, name: 'Giorgi Beridze GEORGIAN' });
  const valuation = await newCourse({ en: 'Customs valuation', ru: 'Таможенная стоимость' });
  const kyoto = await newCourse({ en: 'Revised Kyoto Convention', ru: 'Пересмотренная Киотская конвенция' });
  await enrol(azOfficer.id, valuation, 'completed');
  await enrol(azOfficer.id, kyoto, 'not_started', true);
  await enrol(azInjected.id, valuation, 'not_started', true);
  await enrol(geOfficer.id, valuation, 'completed');
  await enrol(geOfficer.id, kyoto, 'not_started', true);
  coordinatorAz = await ctx.login(
    await ctx.newUser({ organisation: az, roles: [{ role: 'coordinator', organisation: az }], locale: 'ru' }),
  );
  author = await ctx.login(await ctx.newUser({ roles: ['author'] }));
  admin = await ctx.login(await ctx.newUser({ roles: ['admin'] }));
  learner = await ctx.login(azOfficer);
});

afterAll(() => ctx.close());

/** The body as bytes, whatever the content type. */
function binary(agent: TestAgent, url: string) {
  return agent
    .get(url)
    .buffer(true)
    .parse((res, callback) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => callback(null, Buffer.concat(chunks)));
    });
}

function csvRows(res: Response): string[][] {
  return parse(res.body as Buffer, { bom: true }) as string[][];
}

/** Everything from Georgia a file must not contain. */
function expectNoGeorgia(text: string) {
  for (const needle of [
    geOfficer.email,
    'GEORGIAN',
    'Georgia',
    'Грузия',
    'Tbilisi',
    'Тбилис',
    geOfficer.id,
    ge.id,
  ]) {
    expect(text).not.toContain(needle);
  }
}

describe('an Azerbaijan coordinator', () => {
  it('exports the people list as CSV: Russian headers and titles (their language), only their subtree', async () => {
    const res = await binary(coordinatorAz, '/api/reports/people/export?format=csv').expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="people-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const rows = csvRows(res);
    expect(rows[0]).toContain('Имя');
    const text = (res.body as Buffer).toString('utf8');
    expect(text).toContain('Алиев Рашад');
    expect(text).toContain('Таможенная стоимость');
    expect(text).toContain(azOfficer.email);
    // The CSV-imported name that looks like a formula is defused.
    expect(rows.some((row) => row.includes(`'=HYPERLINK("http://x.example","Hi")`))).toBe(true);
    expect(rows).toHaveLength(1 + 3);
    expectNoGeorgia(text);
    expect(text).not.toMatch(/[{}]/);
  });

  it('gets English headers and titles with ?locale=en, and XLSX with the same rows', async () => {
    const csv = await binary(coordinatorAz, '/api/reports/people/export?format=csv&locale=en').expect(200);
    expect(csvRows(csv)[0]).toContain('Name');
    expect((csv.body as Buffer).toString('utf8')).toContain('Customs valuation');

    const xlsx = await binary(coordinatorAz, '/api/reports/people/export?format=xlsx&locale=en').expect(200);
    expect(xlsx.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.body as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(sheet.rowCount).toBe(csvRows(csv).length);
    const cells: string[] = [];
    sheet.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.value))));
    expect(cells).toContain('Name');
    expect(cells).toContain('=HYPERLINK("http://x.example","Hi")');
    expectNoGeorgia(cells.join('\n'));
  });

  it.each(COORDINATOR_KINDS)('exports %s in both formats with nothing from Georgia', async (kind) => {
    for (const format of ['csv', 'xlsx']) {
      const res = await binary(coordinatorAz, `/api/reports/${kind}/export?format=${format}`).expect(200);
      let text: string;
      if (format === 'csv') {
        text = (res.body as Buffer).toString('utf8');
      } else {
        const workbook = new ExcelJS.Workbook();
        await workbook.xlsx.load(res.body as ArrayBuffer);
        const cells: string[] = [];
        workbook.worksheets[0].eachRow((row) => row.eachCell((cell) => cells.push(String(cell.value))));
        text = cells.join('\n');
      }
      expectNoGeorgia(text);
    }
  });

  it('counts only their subtree in the courses table (numbers as numbers, rate as a percent)', async () => {
    const res = await binary(coordinatorAz, '/api/reports/courses/export?format=csv&locale=en').expect(200);
    const [header, ...rows] = csvRows(res);
    const cell = (row: string[], name: string) => row[header.indexOf(name)];
    const valuation = rows.find((row) => cell(row, 'Course') === 'Customs valuation');
    expect(valuation).toBeDefined();
    // Georgia's officer is enrolled too; Azerbaijan's coordinator counts their 2 only.
    expect(cell(valuation!, 'Enrolled')).toBe('2');
    expect(cell(valuation!, 'Completed')).toBe('1');
    expect(cell(valuation!, 'Overdue')).toBe('1');
    expect(cell(valuation!, 'Completion rate, %')).toBe('50');
  });

  it('filters by unit, and is refused a unit outside the subtree', async () => {
    const res = await binary(
      coordinatorAz,
      `/api/reports/people/export?format=csv&unitId=${azUnit.id}`,
    ).expect(200);
    const text = (res.body as Buffer).toString('utf8');
    expect(text).toContain(azOfficer.email);
    expect(text).not.toContain(azInjected.email);
    const refused = await coordinatorAz
      .get(`/api/reports/people/export?format=csv&unitId=${geUnit.id}`)
      .expect(403);
    expect(refused.body.error.code).toBe('OUT_OF_SCOPE');
  });

  it.each(LEARNER_KINDS)('exports %s for their officer, and answers 404 for a Georgian one', async (kind) => {
    await binary(coordinatorAz, `/api/reports/${kind}/export?format=csv&userId=${azOfficer.id}`).expect(200);
    const res = await coordinatorAz
      .get(`/api/reports/${kind}/export?format=csv&userId=${geOfficer.id}`)
      .expect(404);
    expect(res.body.error.code).toBe('USER_NOT_FOUND');
  });

  it.each(REGION_KINDS)('is refused the region table %s', async (kind) => {
    const res = await coordinatorAz.get(`/api/reports/${kind}/export?format=csv`).expect(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
  });
});

describe('an author (regional office)', () => {
  it.each(REGION_KINDS)('exports the region table %s', async (kind) => {
    const res = await binary(author, `/api/reports/${kind}/export?format=csv&locale=en`).expect(200);
    expect(csvRows(res).length).toBeGreaterThanOrEqual(1);
  });

  it.each(PERSONAL_REPORT_KINDS as ReportKind[])('is refused the personal table %s', async (kind) => {
    const res = await author.get(`/api/reports/${kind}/export?format=csv&userId=${azOfficer.id}`).expect(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
  });
});

describe('an admin', () => {
  it('exports the whole region, Georgia included', async () => {
    const res = await binary(admin, '/api/reports/people/export?format=csv').expect(200);
    const text = (res.body as Buffer).toString('utf8');
    expect(text).toContain(geOfficer.email);
    expect(text).toContain(azOfficer.email);
  });
});

describe('bad requests', () => {
  it('answers 400 VALIDATION_FAILED for a missing or unknown format', async () => {
    for (const query of ['', '?format=pdf', '?format=CSV']) {
      const res = await admin.get(`/api/reports/courses/export${query}`).expect(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    }
  });

  it('answers 400 for an unknown query parameter or a paging parameter', async () => {
    for (const query of ['&colour=red', '&page=2']) {
      const res = await admin.get(`/api/reports/courses/export?format=csv${query}`).expect(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    }
  });

  it('answers 404 ROUTE_NOT_FOUND for an unknown report', async () => {
    const res = await admin.get('/api/reports/salaries/export?format=csv').expect(404);
    expect(res.body.error.code).toBe('ROUTE_NOT_FOUND');
  });

  it('refuses learners (403) and anonymous callers (401)', async () => {
    expect((await learner.get('/api/reports/courses/export?format=csv').expect(403)).body.error.code).toBe(
      'FORBIDDEN',
    );
    expect((await ctx.http().get('/api/reports/courses/export?format=csv').expect(401)).body.error.code).toBe(
      'UNAUTHENTICATED',
    );
  });
});
