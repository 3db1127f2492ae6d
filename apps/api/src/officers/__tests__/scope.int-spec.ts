import type { ImportReport, OrganisationDto, Page, UserDto } from '@academy/contracts';
import type TestAgent from 'supertest/lib/agent.js';
import { TestContext, type TestOrganisation, type TestUser } from '@academy/testing';

const csv = (...lines: string[]) => Buffer.from(lines.join('\n') + '\n');

describe('coordinator scope', () => {
  let ctx: TestContext;
  let region: TestOrganisation;
  let az: TestOrganisation;
  let azU1: TestOrganisation;
  let azU2: TestOrganisation;
  let azTc: TestOrganisation;
  let azTcU1: TestOrganisation;
  let ge: TestOrganisation;
  let geU1: TestOrganisation;
  let azOfficers: TestUser[];
  let geOfficer: TestUser;
  let azCoordinator: TestUser;
  let geCoordinator: TestUser;
  let learner: TestUser;
  let author: TestUser;
  let admin: TestUser;
  let az$: TestAgent;

  const userCount = async () =>
    ((await ctx.db.query(`SELECT count(*)::int AS n FROM users`)) as { n: number }[])[0].n;

  beforeAll(async () => {
    ctx = await TestContext.create();
    region = await ctx.newOrganisation({ kind: 'region', code: 'REGION' });
    az = await ctx.newOrganisation({ parent: region, kind: 'administration', code: 'AZ' });
    azU1 = await ctx.newOrganisation({ parent: az, kind: 'unit', code: 'AZ-U1' });
    azU2 = await ctx.newOrganisation({ parent: az, kind: 'unit', code: 'AZ-U2' });
    azTc = await ctx.newOrganisation({ parent: az, kind: 'training_centre', code: 'AZ-TC' });
    azTcU1 = await ctx.newOrganisation({ parent: azTc, kind: 'unit', code: 'AZ-TC-U1' });
    ge = await ctx.newOrganisation({ parent: region, kind: 'administration', code: 'GE' });
    geU1 = await ctx.newOrganisation({ parent: ge, kind: 'unit', code: 'GE-U1' });

    azOfficers = [
      await ctx.newUser({ organisation: azU1, name: 'Aysel Mammadova', email: 'aysel@az.test' }),
      await ctx.newUser({ organisation: azU2, name: 'Rashad Aliyev', email: 'rashad@az.test' }),
      await ctx.newUser({ organisation: azTcU1, name: 'Leyla Hasanova', email: 'leyla@az.test' }),
    ];
    geOfficer = await ctx.newUser({ organisation: geU1, name: 'Giorgi Beridze', email: 'giorgi@ge.test' });
    azCoordinator = await ctx.newUser({
      organisation: az,
      roles: [{ role: 'coordinator', organisation: az }],
      name: 'Coordinator AZ',
    });
    geCoordinator = await ctx.newUser({
      organisation: ge,
      roles: [{ role: 'coordinator', organisation: ge }],
      name: 'Coordinator GE',
    });
    learner = await ctx.newUser({ organisation: azU1, roles: ['learner'] });
    author = await ctx.newUser({ organisation: region, roles: ['author'] });
    admin = await ctx.newUser({ organisation: region, roles: ['admin'] });
    az$ = await ctx.login(azCoordinator);
  });
  afterAll(() => ctx.close());

  it('lists the officers of the whole subtree, nested training-centre units included, and no others', async () => {
    const response = await az$.get('/api/officers?pageSize=100').expect(200);
    const page = response.body as Page<UserDto>;
    const ids = page.items.map((user) => user.id);
    expect(ids).toEqual(expect.arrayContaining([...azOfficers.map((user) => user.id), learner.id]));
    expect(ids).not.toContain(geOfficer.id);
    expect(ids).not.toContain(geCoordinator.id);
    expect(page.total).toBe(4);
    expect(page.items.every((user) => user.organisationCode?.startsWith('AZ'))).toBe(true);

    const nested = await az$.get(`/api/officers?organisationId=${azTc.id}`).expect(200);
    expect((nested.body as Page<UserDto>).items.map((user) => user.id)).toEqual([azOfficers[2].id]);
  });

  it('does not list officers of another administration through a filter or a search', async () => {
    const byOrg = await az$.get(`/api/officers?organisationId=${geU1.id}`);
    if (byOrg.status === 200) {
      expect((byOrg.body as Page<UserDto>).items).toEqual([]);
      expect((byOrg.body as Page<UserDto>).total).toBe(0);
    } else {
      expect([403, 404]).toContain(byOrg.status);
    }
    const byName = await az$.get('/api/officers?q=Giorgi').expect(200);
    expect((byName.body as Page<UserDto>).items).toEqual([]);
    const byEmail = await az$.get('/api/officers?q=ge.test').expect(200);
    expect((byEmail.body as Page<UserDto>).total).toBe(0);
  });

  it('answers "not found" for an officer of another administration', async () => {
    const response = await az$.get(`/api/officers/${geOfficer.id}`).expect(404);
    expect(response.body.error.code).toBe('USER_NOT_FOUND');
    const own = await az$.get(`/api/officers/${azOfficers[2].id}`).expect(200);
    expect(own.body).toMatchObject({ id: azOfficers[2].id, organisationCode: 'AZ-TC-U1' });

    const link = await az$.post(`/api/officers/${geOfficer.id}/password-link`).expect(404);
    expect(link.body.error.code).toBe('USER_NOT_FOUND');
    const tokens = (await ctx.db.query(`SELECT count(*)::int AS n FROM password_tokens WHERE user_id = $1`, [
      geOfficer.id,
    ])) as { n: number }[];
    expect(tokens[0].n).toBe(0);
  });

  it('issues password links for officers only, never for staff accounts in its subtree', async () => {
    const colleague = await ctx.newUser({
      organisation: azU1,
      roles: [{ role: 'coordinator', organisation: azU1 }],
    });
    const staffLearner = await ctx.newUser({ organisation: azU2, roles: ['learner', 'author'] });
    const localAdmin = await ctx.newUser({ organisation: azU2, roles: ['learner', 'admin'] });
    expect((await az$.post(`/api/officers/${colleague.id}/password-link`).expect(404)).body.error.code).toBe(
      'USER_NOT_FOUND',
    );
    for (const target of [staffLearner, localAdmin]) {
      const response = await az$.post(`/api/officers/${target.id}/password-link`).expect(403);
      expect(response.body.error.code).toBe('FORBIDDEN');
    }
    const tokens = (await ctx.db.query(
      `SELECT count(*)::int AS n FROM password_tokens WHERE user_id = ANY($1::uuid[])`,
      [[colleague.id, staffLearner.id, localAdmin.id]],
    )) as { n: number }[];
    expect(tokens[0].n).toBe(0);

    const officer = await az$.post(`/api/officers/${azOfficers[1].id}/password-link`).expect(200);
    expect(officer.body.passwordLink).toMatch(/\/set-password\?token=/);
    await ctx.db.query(`DELETE FROM role_grants WHERE user_id = ANY($1::uuid[])`, [
      [colleague.id, staffLearner.id, localAdmin.id],
    ]);
    await ctx.db.query(`DELETE FROM users WHERE id = ANY($1::uuid[])`, [
      [colleague.id, staffLearner.id, localAdmin.id],
    ]);
  });

  it('refuses to create an officer in another administration and creates nothing', async () => {
    const before = await userCount();
    const response = await az$
      .post('/api/officers')
      .send({ email: 'intruder@ge.test', displayName: 'Intruder', locale: 'en', organisationId: geU1.id })
      .expect(403);
    expect(response.body.error.code).toBe('OUT_OF_SCOPE');
    expect(await userCount()).toBe(before);
    const rows = (await ctx.db.query(`SELECT 1 FROM users WHERE email = 'intruder@ge.test'`)) as unknown[];
    expect(rows).toHaveLength(0);

    // The same request into its own subtree works.
    const ok = await az$
      .post('/api/officers')
      .send({ email: 'new.one@az.test', displayName: 'New One', locale: 'ru', organisationId: azTcU1.id })
      .expect(201);
    expect(ok.body.user).toMatchObject({ organisationId: azTcU1.id, grants: [{ role: 'learner' }] });
  });

  it('reports import rows for units outside the scope and creates nothing for them', async () => {
    const before = await userCount();
    const response = await az$
      .post('/api/officers/import')
      .attach(
        'file',
        csv(
          'email,name,locale,unit_code',
          'scoped.one@az.test,Scoped One,en,AZ-U2',
          'foreign.one@ge.test,Foreign One,en,GE-U1',
        ),
        'officers.csv',
      )
      .expect(200);
    const report = response.body as ImportReport;
    expect(report).toMatchObject({ totalRows: 2, created: 1, failed: 1 });
    expect(report.errors).toEqual([{ line: 3, email: 'foreign.one@ge.test', codes: ['UNIT_OUT_OF_SCOPE'] }]);
    expect(report.invitations.map((invitation) => invitation.email)).toEqual(['scoped.one@az.test']);
    expect(await userCount()).toBe(before + 1);
    const foreign = (await ctx.db.query(
      `SELECT 1 FROM users WHERE email = 'foreign.one@ge.test'`,
    )) as unknown[];
    expect(foreign).toHaveLength(0);
  });

  it('does not let an import take over an officer of another administration by e-mail', async () => {
    const [before] = (await ctx.db.query(
      `SELECT display_name, organisation_id, locale, updated_at FROM users WHERE id = $1`,
      [geOfficer.id],
    )) as unknown[];
    const response = await az$
      .post('/api/officers/import')
      .attach(
        'file',
        csv('email,name,locale,unit_code', `${geOfficer.email.toUpperCase()},Hijacked,ru,AZ-U1`),
        'officers.csv',
      )
      .expect(200);
    const report = response.body as ImportReport;
    expect(report).toMatchObject({ totalRows: 1, created: 0, updated: 0, failed: 1, invitations: [] });
    expect(report.errors).toEqual([
      { line: 2, email: geOfficer.email.toUpperCase(), codes: ['EMAIL_OUTSIDE_SCOPE'] },
    ]);
    const [after] = (await ctx.db.query(
      `SELECT display_name, organisation_id, locale, updated_at FROM users WHERE id = $1`,
      [geOfficer.id],
    )) as unknown[];
    expect(after).toEqual(before);
  });

  it('does not let an import edit a staff account in its own subtree', async () => {
    const colleague = await ctx.newUser({
      organisation: azU1,
      roles: ['learner', { role: 'coordinator', organisation: azU1 }],
      name: 'Colleague Coordinator',
    });
    const response = await az$
      .post('/api/officers/import')
      .attach(
        'file',
        csv('email,name,locale,unit_code', `${colleague.email},Renamed,ru,AZ-U2`),
        'officers.csv',
      )
      .expect(200);
    expect((response.body as ImportReport).errors).toEqual([
      { line: 2, email: colleague.email, codes: ['EMAIL_OUTSIDE_SCOPE'] },
    ]);
    const [row] = (await ctx.db.query(`SELECT display_name, organisation_id FROM users WHERE id = $1`, [
      colleague.id,
    ])) as { display_name: string; organisation_id: string }[];
    expect(row).toEqual({ display_name: 'Colleague Coordinator', organisation_id: azU1.id });
    await ctx.db.query(`DELETE FROM role_grants WHERE user_id = $1`, [colleague.id]);
    await ctx.db.query(`DELETE FROM users WHERE id = $1`, [colleague.id]);
  });

  it('lists only its own subtree of organisations', async () => {
    const response = await az$.get('/api/organisations').expect(200);
    const codes = (response.body as OrganisationDto[]).map((org) => org.code).sort();
    expect(codes).toEqual(['AZ', 'AZ-TC', 'AZ-TC-U1', 'AZ-U1', 'AZ-U2']);
    const ge$ = await ctx.login(geCoordinator);
    const geCodes = ((await ge$.get('/api/organisations').expect(200)).body as OrganisationDto[]).map(
      (org) => org.code,
    );
    expect(geCodes.sort()).toEqual(['GE', 'GE-U1']);
    // And the GE coordinator sees none of AZ.
    const geOfficers = (await ge$.get('/api/officers?pageSize=100').expect(200)).body as Page<UserDto>;
    expect(geOfficers.items.map((user) => user.id)).toEqual([geOfficer.id]);
    expect((await ge$.get(`/api/officers/${azOfficers[0].id}`).expect(404)).body.error.code).toBe(
      'USER_NOT_FOUND',
    );
  });

  it.each([
    ['learner', () => learner],
    ['author', () => author],
  ])('refuses people administration to a %s', async (_name, who) => {
    const agent = await ctx.login(who());
    const before = await userCount();
    const person = { email: 'x@forbidden.test', displayName: 'X', locale: 'en', organisationId: azU1.id };
    const expectForbidden = (response: { status: number; body: { error?: { code?: string } } }) => {
      expect(response.status).toBe(403);
      expect(response.body.error?.code).toBe('FORBIDDEN');
    };
    expectForbidden(await agent.get('/api/users'));
    expectForbidden(await agent.post('/api/users').send(person));
    expectForbidden(await agent.get('/api/officers'));
    expectForbidden(await agent.post('/api/officers').send(person));
    expectForbidden(await agent.get(`/api/officers/${azOfficers[0].id}`));
    expectForbidden(
      await agent
        .post('/api/officers/import')
        .attach('file', csv('email,name,locale,unit_code', 'x@forbidden.test,X,en,AZ-U1'), 'officers.csv'),
    );
    expectForbidden(await agent.get('/api/organisations'));
    expectForbidden(
      await agent
        .post('/api/organisations')
        .send({ parentId: az.id, kind: 'unit', code: 'FORBIDDEN-1', name: { en: 'X', ru: 'Х' } }),
    );
    expectForbidden(await agent.patch(`/api/organisations/${azU1.id}`).send({ name: { en: 'Renamed' } }));
    expect(await userCount()).toBe(before);
    const [org] = (await ctx.db.query(`SELECT name FROM organisations WHERE id = $1`, [azU1.id])) as {
      name: { en: string };
    }[];
    expect(org.name.en).not.toBe('Renamed');
  });

  it('refuses a coordinator the region-wide administration', async () => {
    const expectForbidden = (response: { status: number; body: { error?: { code?: string } } }) => {
      expect(response.status).toBe(403);
      expect(response.body.error?.code).toBe('FORBIDDEN');
    };
    expectForbidden(await az$.get('/api/users'));
    expectForbidden(await az$.get(`/api/users/${azOfficers[0].id}`));
    expectForbidden(
      await az$
        .post('/api/users')
        .send({ email: 'y@forbidden.test', displayName: 'Y', locale: 'en', organisationId: azU1.id }),
    );
    expectForbidden(
      await az$
        .post('/api/organisations')
        .send({ parentId: az.id, kind: 'unit', code: 'FORBIDDEN-2', name: { en: 'Y', ru: 'Й' } }),
    );
    expectForbidden(await az$.patch(`/api/organisations/${azU1.id}`).send({ name: { en: 'Renamed' } }));
    const orgs = (await ctx.db.query(
      `SELECT 1 FROM organisations WHERE code LIKE 'FORBIDDEN%'`,
    )) as unknown[];
    expect(orgs).toHaveLength(0);
  });

  it('lets an admin see everyone and every organisation', async () => {
    const admin$ = await ctx.login(admin);
    const officers = (await admin$.get('/api/officers?pageSize=100').expect(200)).body as Page<UserDto>;
    const ids = officers.items.map((user) => user.id);
    expect(ids).toEqual(expect.arrayContaining([...azOfficers.map((user) => user.id), geOfficer.id]));
    const users = (await admin$.get('/api/users?pageSize=100').expect(200)).body as Page<UserDto>;
    expect(users.total).toBe(await userCount());
    expect(users.items.map((user) => user.id)).toEqual(
      expect.arrayContaining([admin.id, author.id, azCoordinator.id, geCoordinator.id, geOfficer.id]),
    );
    const orgs = (await admin$.get('/api/organisations').expect(200)).body as OrganisationDto[];
    expect(orgs).toHaveLength(8);
    expect((await admin$.get(`/api/officers/${geOfficer.id}`).expect(200)).body.id).toBe(geOfficer.id);
    await admin$.post(`/api/officers/${geOfficer.id}/password-link`).expect(200);
  });
});
