import type { ImportReport } from '@academy/contracts';
import type TestAgent from 'supertest/lib/agent.js';
import { TestContext, type TestOrganisation } from '@academy/testing';

const HEADER = 'email,name,locale,unit_code';
const lines = (...rows: string[]) => rows.join('\n') + '\n';

describe('officers CSV import', () => {
  let ctx: TestContext;
  let az: TestOrganisation;
  let azU1: TestOrganisation;
  let azU2: TestOrganisation;
  let coordinator$: TestAgent;

  const count = async (table: string) =>
    ((await ctx.db.query(`SELECT count(*)::int AS n FROM ${table}`)) as { n: number }[])[0].n;
  const counts = async () => ({
    users: await count('users'),
    grants: await count('role_grants'),
    tokens: await count('password_tokens'),
  });
  const upload = (body: Buffer | string, agent: TestAgent = coordinator$) =>
    agent
      .post('/api/officers/import')
      .attach('file', typeof body === 'string' ? Buffer.from(body) : body, 'officers.csv');
  const user = async (email: string) =>
    (
      (await ctx.db.query(
        `SELECT u.id, u.display_name, u.locale, o.code, u.status, u.password_hash IS NOT NULL AS has_password,
                ARRAY(SELECT role FROM role_grants g WHERE g.user_id = u.id) AS roles
           FROM users u LEFT JOIN organisations o ON o.id = u.organisation_id WHERE u.email = $1`,
        [email],
      )) as {
        id: string;
        display_name: string;
        locale: string;
        code: string;
        has_password: boolean;
        roles: string[];
      }[]
    )[0];

  beforeAll(async () => {
    ctx = await TestContext.create();
    const region = await ctx.newOrganisation({ kind: 'region', code: 'REGION' });
    az = await ctx.newOrganisation({ parent: region, kind: 'administration', code: 'AZ' });
    azU1 = await ctx.newOrganisation({ parent: az, kind: 'unit', code: 'AZ-U1' });
    azU2 = await ctx.newOrganisation({ parent: az, kind: 'unit', code: 'AZ-U2' });
    const ge = await ctx.newOrganisation({ parent: region, kind: 'administration', code: 'GE' });
    await ctx.newOrganisation({ parent: ge, kind: 'unit', code: 'GE-U1' });
    const coordinator = await ctx.newUser({
      organisation: az,
      roles: [{ role: 'coordinator', organisation: az }],
    });
    coordinator$ = await ctx.login(coordinator);
  });
  afterAll(() => ctx.close());

  describe('a valid file', () => {
    const file = lines(
      HEADER,
      'aysel@import.test,Aysel Mammadova,en,AZ-U1',
      'rashad@import.test,Rashad Aliyev,ru,az-u2',
      'leyla@import.test,"Hasanova, Leyla",,AZ-U1',
    );

    it('creates officers with the learner role and returns working password links', async () => {
      const before = await counts();
      const response = await upload(file).expect(200);
      const report = response.body as ImportReport;
      expect(report).toMatchObject({
        totalRows: 3,
        created: 3,
        updated: 0,
        unchanged: 0,
        failed: 0,
        errors: [],
      });
      expect(report.invitations.map((invitation) => invitation.email).sort()).toEqual([
        'aysel@import.test',
        'leyla@import.test',
        'rashad@import.test',
      ]);
      expect(await counts()).toEqual({
        users: before.users + 3,
        grants: before.grants + 3,
        tokens: before.tokens + 3,
      });
      expect(await user('aysel@import.test')).toMatchObject({
        display_name: 'Aysel Mammadova',
        locale: 'en',
        code: 'AZ-U1',
        roles: ['learner'],
        has_password: false,
      });
      expect(await user('rashad@import.test')).toMatchObject({ locale: 'ru', code: 'AZ-U2' });
      expect(await user('leyla@import.test')).toMatchObject({
        display_name: 'Hasanova, Leyla',
        locale: 'en',
      });

      const link = report.invitations.find((invitation) => invitation.email === 'rashad@import.test')!;
      const token = new URL(link.passwordLink).searchParams.get('token');
      expect(token).toBeTruthy();
      const password = 'Kaspian-Sea-Breeze-77';
      await ctx.http().post('/api/auth/password/set').send({ token, password }).expect(204);
      const officer$ = await ctx.login({ email: 'rashad@import.test', password });
      const me = await officer$.get('/api/auth/me').expect(200);
      expect(me.body).toMatchObject({ email: 'rashad@import.test', roles: ['learner'] });
      // The link is used up.
      await ctx.http().post('/api/auth/password/set').send({ token, password }).expect(400);
    });

    it('changes nothing when the same file is imported again', async () => {
      const before = await counts();
      const audits = await count('audit_events');
      const response = await upload(file).expect(200);
      expect(response.body).toMatchObject({
        totalRows: 3,
        created: 0,
        updated: 0,
        unchanged: 3,
        failed: 0,
        errors: [],
        invitations: [],
      });
      expect(await counts()).toEqual(before);
      // Only the import itself is recorded.
      expect(await count('audit_events')).toBe(audits + 1);
      expect(await user('rashad@import.test')).toMatchObject({ has_password: true });
    });

    it('updates a changed name and leaves the rest', async () => {
      const before = await counts();
      const changed = file.replace('Aysel Mammadova', 'Aysel Mammadova-Guliyeva');
      const response = await upload(changed).expect(200);
      expect(response.body).toMatchObject({
        created: 0,
        updated: 1,
        unchanged: 2,
        failed: 0,
        invitations: [],
      });
      expect(await counts()).toEqual(before);
      expect(await user('aysel@import.test')).toMatchObject({ display_name: 'Aysel Mammadova-Guliyeva' });
    });

    it('accepts semicolons, a UTF-8 BOM, Cyrillic and columns in any order and case', async () => {
      const bom = Buffer.from([0xef, 0xbb, 0xbf]);
      const body = Buffer.concat([
        bom,
        Buffer.from(
          lines(
            'Unit_Code;EMAIL;Name;Locale',
            'AZ-U2;nigar@import.test;Нигяр Исмаилова;RU',
            'AZ-U1;orxan@import.test;Orxan Quliyev;en',
          ).replace(/\n/g, '\r\n'),
        ),
      ]);
      const response = await upload(body).expect(200);
      expect(response.body).toMatchObject({ totalRows: 2, created: 2, failed: 0, errors: [] });
      expect(await user('nigar@import.test')).toMatchObject({
        display_name: 'Нигяр Исмаилова',
        locale: 'ru',
        code: 'AZ-U2',
      });
      expect(await user('orxan@import.test')).toMatchObject({ display_name: 'Orxan Quliyev', code: 'AZ-U1' });

      const spaced = await upload(lines('E-mail,name,locale,unit code', 'x@import.test,X,en,AZ-U1'));
      expect(spaced.status).toBe(400);
      expect(spaced.body.error.code).toBe('CSV_BAD_HEADER');
      const withSpace = await upload(
        lines(' Email , Name ,LOCALE,Unit Code', 'zaur@import.test,Zaur,en,AZ-U1'),
      );
      expect(withSpace.status).toBe(200);
      expect(withSpace.body).toMatchObject({ created: 1 });
    });
  });

  it('reports bad rows with line numbers and codes and still applies the valid ones', async () => {
    const before = await counts();
    const response = await upload(
      lines(
        HEADER,
        'first@rows.test,First Row,en,AZ-U1',
        'not-an-email,Bad Email,en,AZ-U1',
        'unknown@rows.test,Unknown Unit,en,NOPE-1',
        'foreign@rows.test,Foreign Unit,en,GE-U1',
        'FIRST@rows.test,First Again,en,AZ-U1',
        'locale@rows.test,Bad Locale,fr,AZ-U1',
        'noname@rows.test,,en,AZ-U1',
        'second@rows.test,Second Row,ru,AZ-U2',
      ),
    ).expect(200);
    const report = response.body as ImportReport;
    expect(report).toMatchObject({ totalRows: 8, created: 2, updated: 0, unchanged: 0, failed: 6 });
    expect(report.errors).toEqual([
      { line: 3, email: 'not-an-email', codes: ['INVALID_EMAIL'] },
      { line: 4, email: 'unknown@rows.test', codes: ['UNKNOWN_UNIT'] },
      { line: 5, email: 'foreign@rows.test', codes: ['UNIT_OUT_OF_SCOPE'] },
      { line: 6, email: 'FIRST@rows.test', codes: ['DUPLICATE_ROW'] },
      { line: 7, email: 'locale@rows.test', codes: ['INVALID_LOCALE'] },
      { line: 8, email: 'noname@rows.test', codes: ['REQUIRED'] },
    ]);
    expect(report.invitations.map((invitation) => invitation.email).sort()).toEqual([
      'first@rows.test',
      'second@rows.test',
    ]);
    expect((await counts()).users).toBe(before.users + 2);
    expect(await user('first@rows.test')).toMatchObject({ display_name: 'First Row' });
    for (const email of ['unknown@rows.test', 'foreign@rows.test', 'locale@rows.test', 'noname@rows.test']) {
      expect(await user(email)).toBeUndefined();
    }
  });

  it('counts lines of the file, blank lines and quoted line breaks included', async () => {
    const response = await upload(
      lines(HEADER, '', 'blank@lines.test,"Two\nLines",en,AZ-U1', 'bad@lines,Bad,en,AZ-U1'),
    ).expect(200);
    expect(response.body).toMatchObject({ created: 1, failed: 1 });
    expect((response.body as ImportReport).errors).toEqual([
      { line: 5, email: 'bad@lines', codes: ['INVALID_EMAIL'] },
    ]);
  });

  describe('a malformed file', () => {
    const expectRefused = async (
      body: Buffer | string,
      code: string,
    ): Promise<{ details?: Record<string, unknown> }> => {
      const before = { ...(await counts()), audits: await count('audit_events') };
      const response = await upload(body);
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe(code);
      expect({ ...(await counts()), audits: await count('audit_events') }).toEqual(before);
      return response.body.error as { details?: Record<string, unknown> };
    };

    it('refuses wrong columns and names the missing ones', async () => {
      const error = await expectRefused(
        lines('email,full_name,locale', 'wrong@cols.test,Wrong,en'),
        'CSV_BAD_HEADER',
      );
      expect(error.details).toMatchObject({ missing: ['name', 'unit_code'], unexpected: ['full_name'] });
      const duplicated = await expectRefused(
        lines('email,name,locale,unit_code,email', 'a@cols.test,A,en,AZ-U1,a@cols.test'),
        'CSV_BAD_HEADER',
      );
      expect(duplicated.details).toMatchObject({ missing: [] });
    });

    it('refuses text that is not UTF-8', async () => {
      await expectRefused(
        Buffer.from([0xff, 0xfe, 0x65, 0x00, 0x6d, 0x00, 0x61, 0x00, 0x69, 0x00, 0x6c, 0x00]),
        'CSV_BAD_ENCODING',
      );
      await expectRefused(
        Buffer.from(lines(HEADER, 'cafe@enc.test,caf\xe9,en,AZ-U1'), 'latin1'),
        'CSV_BAD_ENCODING',
      );
      await expectRefused(Buffer.from(`${HEADER}\n\u0000\u0000\n`), 'CSV_BAD_ENCODING');
      expect(await user('cafe@enc.test')).toBeUndefined();
    });

    it('refuses an empty file and a header without rows', async () => {
      await expectRefused(Buffer.alloc(0), 'CSV_EMPTY');
      await expectRefused(' \n\n', 'CSV_EMPTY');
      await expectRefused(`${HEADER}\n`, 'CSV_EMPTY');
      await expectRefused(`${HEADER}\n\n\n`, 'CSV_EMPTY');
    });

    it('refuses an unclosed quote', async () => {
      await expectRefused(
        lines(HEADER, 'ok@quote.test,Fine,en,AZ-U1', 'open@quote.test,"Never closed,en,AZ-U1'),
        'CSV_MALFORMED',
      );
      await expectRefused(lines(HEADER, 'cols@quote.test,Too,Many,Cells,Here'), 'CSV_MALFORMED');
      expect(await user('ok@quote.test')).toBeUndefined();
    });

    it('refuses a request without a file', async () => {
      const before = await counts();
      const none = await coordinator$.post('/api/officers/import').expect(400);
      expect(none.body.error.code).toBe('VALIDATION_FAILED');
      const multipartWithoutFile = await coordinator$
        .post('/api/officers/import')
        .field('note', 'no file here')
        .expect(400);
      expect(multipartWithoutFile.body.error.code).toBe('VALIDATION_FAILED');
      const wrongField = await coordinator$
        .post('/api/officers/import')
        .attach('upload', Buffer.from(lines(HEADER, 'w@field.test,W,en,AZ-U1')), 'officers.csv');
      expect(wrongField.status).toBe(400);
      expect(wrongField.body.error.code).toBe('VALIDATION_FAILED');
      expect(await counts()).toEqual(before);
    });

    it('refuses 10,001 rows and creates no one', async () => {
      const rows = Array.from({ length: 10_001 }, (_, i) => `over${i}@many.test,Officer ${i},en,AZ-U1`);
      const error = await expectRefused(lines(HEADER, ...rows), 'CSV_TOO_MANY_ROWS');
      expect(error.details).toMatchObject({ max: 10_000 });
      const created = (await ctx.db.query(
        `SELECT count(*)::int AS n FROM users WHERE email::text LIKE '%@many.test'`,
      )) as { n: number }[];
      expect(created[0].n).toBe(0);
    });
  });

  it('imports 10,000 rows in one go', async () => {
    const before = await counts();
    const rows = Array.from(
      { length: 10_000 },
      (_, i) => `bulk${i}@bulk.test,Bulk Officer ${i},${i % 2 ? 'ru' : 'en'},AZ-U${(i % 2) + 1}`,
    );
    const started = Date.now();
    const response = await upload(lines(HEADER, ...rows)).expect(200);
    expect(Date.now() - started).toBeLessThan(20_000);
    const report = response.body as ImportReport;
    expect(report).toMatchObject({ totalRows: 10_000, created: 10_000, updated: 0, failed: 0, errors: [] });
    expect(report.invitations).toHaveLength(10_000);
    expect(await counts()).toEqual({
      users: before.users + 10_000,
      grants: before.grants + 10_000,
      tokens: before.tokens + 10_000,
    });
    const placed = (await ctx.db.query(
      `SELECT o.code, count(*)::int AS n FROM users u JOIN organisations o ON o.id = u.organisation_id
        WHERE u.email::text LIKE '%@bulk.test' GROUP BY o.code ORDER BY o.code`,
    )) as { code: string; n: number }[];
    expect(placed).toEqual([
      { code: azU1.code, n: 5000 },
      { code: azU2.code, n: 5000 },
    ]);

    const again = await upload(lines(HEADER, ...rows)).expect(200);
    expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 10_000, invitations: [] });
    expect((await counts()).users).toBe(before.users + 10_000);
  }, 40_000);
});
