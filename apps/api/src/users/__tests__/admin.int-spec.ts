import type { CreatedUserResponse, OrganisationDto, Page, UserDto } from '@academy/contracts';
import type TestAgent from 'supertest/lib/agent.js';
import { TestContext, type TestOrganisation, type TestUser } from '@academy/testing';

describe('administration API', () => {
  let ctx: TestContext;
  let region: TestOrganisation;
  let az: TestOrganisation;
  let ge: TestOrganisation;
  let admin: TestUser;
  let admin$: TestAgent;

  const audits = async (action: string, targetId: string) =>
    (await ctx.db.query(
      `SELECT actor_id, action, target_type, target_id, data FROM audit_events
        WHERE action = $1 AND target_id = $2`,
      [action, targetId],
    )) as { actor_id: string; action: string; target_type: string; target_id: string; data: unknown }[];

  beforeAll(async () => {
    ctx = await TestContext.create();
    region = await ctx.newOrganisation({ kind: 'region', code: 'REGION' });
    az = await ctx.newOrganisation({ parent: region, kind: 'administration', code: 'AZ' });
    ge = await ctx.newOrganisation({ parent: region, kind: 'administration', code: 'GE' });
    admin = await ctx.newUser({ organisation: region, roles: ['admin'], name: 'Region Admin' });
    admin$ = await ctx.login(admin);
  });
  afterAll(() => ctx.close());

  describe('organisations', () => {
    const create = (body: Record<string, unknown>) => admin$.post('/api/organisations').send(body);

    it('creates a unit under an administration and records it', async () => {
      const response = await create({
        parentId: az.id,
        kind: 'unit',
        code: 'az-port',
        name: { en: ' Baku Port ', ru: 'Бакинский порт' },
      }).expect(201);
      const org = response.body as OrganisationDto;
      expect(org).toMatchObject({
        parentId: az.id,
        kind: 'unit',
        code: 'AZ-PORT',
        name: { en: 'Baku Port', ru: 'Бакинский порт' },
      });
      expect(await audits('organisation.created', org.id)).toHaveLength(1);
      const [row] = (await ctx.db.query(`SELECT path FROM organisations WHERE id = $1`, [org.id])) as {
        path: string;
      }[];
      expect(row.path).toBe(`${az.path}${org.id}/`);
    });

    it('refuses kinds that cannot sit under the parent', async () => {
      const unit = await ctx.newOrganisation({ parent: az, kind: 'unit', code: 'AZ-KIND-U' });
      const response = await create({
        parentId: unit.id,
        kind: 'administration',
        code: 'XX',
        name: { en: 'X', ru: 'Х' },
      }).expect(400);
      expect(response.body.error.code).toBe('ORGANISATION_KIND_INVALID');
      const centreUnderUnit = await create({
        parentId: unit.id,
        kind: 'training_centre',
        code: 'XX-TC',
        name: { en: 'X', ru: 'Х' },
      }).expect(400);
      expect(centreUnderUnit.body.error.code).toBe('ORGANISATION_KIND_INVALID');
      const region2 = await create({
        parentId: region.id,
        kind: 'region',
        code: 'REGION-2',
        name: { en: 'X', ru: 'Х' },
      }).expect(400);
      expect(region2.body.error.code).toBe('VALIDATION_FAILED');
      const missingParent = await create({
        parentId: '00000000-0000-4000-8000-000000000000',
        kind: 'unit',
        code: 'NO-PARENT',
        name: { en: 'X', ru: 'Х' },
      }).expect(404);
      expect(missingParent.body.error.code).toBe('ORGANISATION_NOT_FOUND');
      const none = (await ctx.db.query(
        `SELECT 1 FROM organisations WHERE code IN ('XX', 'XX-TC', 'REGION-2', 'NO-PARENT')`,
      )) as unknown[];
      expect(none).toHaveLength(0);
    });

    it('refuses a duplicate code in any case', async () => {
      const response = await create({
        parentId: ge.id,
        kind: 'unit',
        code: 'Az-Port',
        name: { en: 'Again', ru: 'Снова' },
      }).expect(409);
      expect(response.body.error.code).toBe('ORGANISATION_CODE_TAKEN');
    });

    it('requires both languages of the name', async () => {
      const response = await create({
        parentId: az.id,
        kind: 'unit',
        code: 'AZ-NO-RU',
        name: { en: 'English only' },
      }).expect(400);
      expect(response.body.error).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: { 'name.ru': expect.any(String) },
      });
      const blank = await create({
        parentId: az.id,
        kind: 'unit',
        code: 'AZ-BLANK-RU',
        name: { en: 'English', ru: '' },
      }).expect(400);
      expect(blank.body.error.details).toMatchObject({ 'name.ru': 'REQUIRED' });
      const noName = await create({ parentId: az.id, kind: 'unit', code: 'AZ-NO-NAME' }).expect(400);
      expect(noName.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: { name: 'REQUIRED' } });
      for (const name of [null, 'Baku', ['Baku'], 42]) {
        const response = await create({ parentId: az.id, kind: 'unit', code: 'AZ-ODD-NAME', name });
        expect(response.status).toBe(400);
        expect(response.body.error.code).toBe('VALIDATION_FAILED');
        const patched = await admin$.patch(`/api/organisations/${az.id}`).send({ name });
        expect([200, 400]).toContain(patched.status);
        if (name !== null) expect(patched.status).toBe(400);
      }
      const extra = await create({
        parentId: az.id,
        kind: 'unit',
        code: 'AZ-EXTRA',
        name: { en: 'E', ru: 'Е', de: 'D' },
      }).expect(400);
      expect(extra.body.error.details).toMatchObject({ 'name.de': 'UNKNOWN_FIELD' });
      const strays = (await ctx.db.query(
        `SELECT 1 FROM organisations WHERE code LIKE 'AZ-NO-%' OR code IN ('AZ-BLANK-RU', 'AZ-ODD-NAME', 'AZ-EXTRA')`,
      )) as unknown[];
      expect(strays).toHaveLength(0);
      const [azRow] = (await ctx.db.query(`SELECT name FROM organisations WHERE id = $1`, [az.id])) as {
        name: unknown;
      }[];
      expect(azRow.name).toEqual({ en: 'Org AZ', ru: 'Орг AZ' });
    });

    it('renames in one language and keeps the other', async () => {
      const unit = await ctx.newOrganisation({
        parent: az,
        kind: 'unit',
        code: 'AZ-RENAME',
        en: 'Old',
        ru: 'Старое',
      });
      const ru = await admin$
        .patch(`/api/organisations/${unit.id}`)
        .send({ name: { ru: 'Новое' } })
        .expect(200);
      expect(ru.body.name).toEqual({ en: 'Old', ru: 'Новое' });
      const en = await admin$
        .patch(`/api/organisations/${unit.id}`)
        .send({ name: { en: 'New' } })
        .expect(200);
      expect(en.body.name).toEqual({ en: 'New', ru: 'Новое' });
      const blank = await admin$
        .patch(`/api/organisations/${unit.id}`)
        .send({ name: { en: '' } })
        .expect(400);
      expect(blank.body.error.code).toBe('VALIDATION_FAILED');
      expect(await audits('organisation.renamed', unit.id)).toHaveLength(2);
    });

    it('moves a subtree: descendants follow and the new coordinator sees its officers', async () => {
      const tc = await ctx.newOrganisation({ parent: az, kind: 'training_centre', code: 'AZ-MOVE-TC' });
      const unit = await ctx.newOrganisation({ parent: tc, kind: 'unit', code: 'AZ-MOVE-U' });
      const sub = await ctx.newOrganisation({ parent: unit, kind: 'unit', code: 'AZ-MOVE-SUB' });
      const officer = await ctx.newUser({ organisation: sub, name: 'Moving Officer' });
      const geCoordinator = await ctx.newUser({
        organisation: ge,
        roles: [{ role: 'coordinator', organisation: ge }],
      });
      const azCoordinator = await ctx.newUser({
        organisation: az,
        roles: [{ role: 'coordinator', organisation: az }],
      });
      const ge$ = await ctx.login(geCoordinator);
      const az$ = await ctx.login(azCoordinator);
      await ge$.get(`/api/officers/${officer.id}`).expect(404);
      await az$.get(`/api/officers/${officer.id}`).expect(200);

      // Under its own descendant: refused.
      const cycle = await admin$
        .patch(`/api/organisations/${unit.id}`)
        .send({ parentId: sub.id })
        .expect(400);
      expect(cycle.body.error.code).toBe('ORGANISATION_MOVE_INVALID');
      const self = await admin$
        .patch(`/api/organisations/${unit.id}`)
        .send({ parentId: unit.id })
        .expect(400);
      expect(self.body.error.code).toBe('ORGANISATION_MOVE_INVALID');
      // A training centre cannot sit under a unit.
      const kind = await admin$.patch(`/api/organisations/${tc.id}`).send({ parentId: sub.id });
      expect(kind.status).toBe(400);
      expect(['ORGANISATION_MOVE_INVALID', 'ORGANISATION_KIND_INVALID']).toContain(kind.body.error.code);

      const moved = await admin$.patch(`/api/organisations/${unit.id}`).send({ parentId: ge.id }).expect(200);
      expect(moved.body).toMatchObject({ id: unit.id, parentId: ge.id });
      const paths = (await ctx.db.query(`SELECT id, path FROM organisations WHERE id = ANY($1::uuid[])`, [
        [unit.id, sub.id],
      ])) as { id: string; path: string }[];
      const pathOf = (id: string) => paths.find((row) => row.id === id)!.path;
      expect(pathOf(unit.id)).toBe(`${ge.path}${unit.id}/`);
      expect(pathOf(sub.id)).toBe(`${ge.path}${unit.id}/${sub.id}/`);
      expect(await audits('organisation.moved', unit.id)).toHaveLength(1);

      const seen = (await ge$.get(`/api/officers?q=Moving`).expect(200)).body as Page<UserDto>;
      expect(seen.items.map((user) => user.id)).toEqual([officer.id]);
      await ge$.get(`/api/officers/${officer.id}`).expect(200);
      await az$.get(`/api/officers/${officer.id}`).expect(404);
      const azOrgs = ((await az$.get('/api/organisations').expect(200)).body as OrganisationDto[]).map(
        (org) => org.code,
      );
      expect(azOrgs).not.toContain('AZ-MOVE-SUB');
      expect(azOrgs).toContain('AZ-MOVE-TC');
    });

    it('refuses to move the root', async () => {
      const response = await admin$
        .patch(`/api/organisations/${region.id}`)
        .send({ parentId: az.id })
        .expect(400);
      expect(response.body.error.code).toBe('ORGANISATION_MOVE_INVALID');
    });
  });

  describe('users', () => {
    let unit: TestOrganisation;
    let people: TestUser[];

    beforeAll(async () => {
      unit = await ctx.newOrganisation({ parent: az, kind: 'unit', code: 'AZ-PEOPLE' });
      const otherUnit = await ctx.newOrganisation({ parent: ge, kind: 'unit', code: 'GE-PEOPLE' });
      people = [
        await ctx.newUser({ organisation: unit, name: 'Zarina Qasımova', email: 'Zarina.Q@People.Test' }),
        await ctx.newUser({
          organisation: unit,
          name: 'Elvin Mammadli',
          email: 'elvin@people.test',
          roles: ['author'],
        }),
        await ctx.newUser({
          organisation: otherUnit,
          name: 'Nino Kapanadze',
          email: 'nino@people.test',
          status: 'disabled',
        }),
      ];
      for (let i = 0; i < 30; i++) {
        await ctx.newUser({
          organisation: otherUnit,
          name: `Paged Person ${String(i).padStart(2, '0')}`,
          email: `paged${i}@page.test`,
        });
      }
    });

    const list = async (query: string) =>
      (await admin$.get(`/api/users?${query}`).expect(200)).body as Page<UserDto>;

    it('searches name and e-mail without regard to case', async () => {
      expect((await list('q=ZARINA')).items.map((user) => user.id)).toEqual([people[0].id]);
      expect((await list('q=zarina.q@people')).items.map((user) => user.id)).toEqual([people[0].id]);
      expect((await list('q=mammadli')).items.map((user) => user.id)).toEqual([people[1].id]);
      expect((await list('q=PEOPLE.TEST')).total).toBe(3);
      // Wildcards are literal.
      expect((await list('q=%25')).total).toBe(0);
      expect((await list('q=_')).total).toBe(0);
    });

    it('filters by role, status and organisation', async () => {
      expect((await list('role=author')).items.map((user) => user.id)).toEqual([people[1].id]);
      expect((await list('status=disabled')).items.map((user) => user.id)).toEqual([people[2].id]);
      const inUnit = await list(`organisationId=${unit.id}`);
      expect(inUnit.items.map((user) => user.id).sort()).toEqual([people[0].id, people[1].id].sort());
      const inAz = await list(`organisationId=${az.id}&q=people.test`);
      expect(inAz.total).toBe(2);
      const combined = await list(`organisationId=${unit.id}&role=learner&status=active`);
      expect(combined.items.map((user) => user.id)).toEqual([people[0].id]);
      const bad = await admin$.get('/api/users?role=superuser').expect(400);
      expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    });

    it('pages results', async () => {
      const first = await list('q=page.test&pageSize=12');
      expect(first).toMatchObject({ total: 30, page: 1, pageSize: 12 });
      expect(first.items).toHaveLength(12);
      expect(first.items[0].displayName).toBe('Paged Person 00');
      const third = await list('q=page.test&pageSize=12&page=3');
      expect(third).toMatchObject({ total: 30, page: 3, pageSize: 12 });
      expect(third.items.map((user) => user.displayName)).toEqual(
        Array.from({ length: 6 }, (_, i) => `Paged Person ${24 + i}`),
      );
      const beyond = await list('q=page.test&pageSize=12&page=4');
      expect(beyond.items).toEqual([]);
      expect(beyond.total).toBe(30);
      const defaults = await list('');
      expect(defaults).toMatchObject({ page: 1, pageSize: 25 });
      for (const query of ['pageSize=101', 'pageSize=0', 'page=0', 'page=abc']) {
        const response = await admin$.get(`/api/users?${query}`).expect(400);
        expect(response.body.error.code).toBe('VALIDATION_FAILED');
      }
    });

    it('creates a user with a password link, and refuses duplicates and bad input', async () => {
      const response = await admin$
        .post('/api/users')
        .send({
          email: 'New.Author@People.Test',
          displayName: ' New Author ',
          locale: 'ru',
          organisationId: unit.id,
          roles: ['author', 'learner'],
        })
        .expect(201);
      const created = response.body as CreatedUserResponse;
      expect(created.user).toMatchObject({
        email: 'New.Author@People.Test',
        displayName: 'New Author',
        locale: 'ru',
        organisationId: unit.id,
        status: 'active',
        hasPassword: false,
      });
      expect(created.user.grants.map((grant) => grant.role).sort()).toEqual(['author', 'learner']);
      expect(created.passwordLink).toMatch(/\/set-password\?token=/);
      expect(new Date(created.passwordLinkExpiresAt).getTime()).toBeGreaterThan(Date.now());
      expect(await audits('user.created', created.user.id)).toMatchObject([{ actor_id: admin.id }]);

      const duplicate = await admin$
        .post('/api/users')
        .send({
          email: 'new.author@people.test',
          displayName: 'Again',
          locale: 'en',
          organisationId: unit.id,
        })
        .expect(409);
      expect(duplicate.body.error.code).toBe('EMAIL_TAKEN');

      const unknown = await admin$
        .post('/api/users')
        .send({
          email: 'x@people.test',
          displayName: 'X',
          locale: 'en',
          organisationId: unit.id,
          isAdmin: true,
        })
        .expect(400);
      expect(unknown.body.error).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: { isAdmin: 'UNKNOWN_FIELD' },
      });

      const invalid = await admin$
        .post('/api/users')
        .send({ email: 'not-an-email', displayName: 'X', locale: 'en', organisationId: unit.id })
        .expect(400);
      expect(invalid.body.error).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: { email: 'INVALID_EMAIL' },
      });

      const coordinatorRole = await admin$
        .post('/api/users')
        .send({
          email: 'c@people.test',
          displayName: 'C',
          locale: 'en',
          organisationId: unit.id,
          roles: ['coordinator'],
        })
        .expect(400);
      expect(coordinatorRole.body.error.code).toBe('VALIDATION_FAILED');

      const noOrg = await admin$.post('/api/users').send({
        email: 'o@people.test',
        displayName: 'O',
        locale: 'en',
        organisationId: '00000000-0000-4000-8000-000000000000',
      });
      expect(noOrg.status).toBeGreaterThanOrEqual(400);
      expect(noOrg.status).toBeLessThan(500);

      const strays = (await ctx.db.query(
        `SELECT 1 FROM users WHERE email IN ('x@people.test', 'not-an-email', 'c@people.test', 'o@people.test')`,
      )) as unknown[];
      expect(strays).toHaveLength(0);
    });

    it('disables and enables a user, but not oneself', async () => {
      const target = await ctx.newUser({ organisation: unit, name: 'To Disable' });
      const target$ = await ctx.login(target);
      await target$.get('/api/auth/me').expect(200);

      const disabled = await admin$.post(`/api/users/${target.id}/disable`).expect(200);
      expect(disabled.body).toMatchObject({ id: target.id, status: 'disabled' });
      expect(await audits('user.disabled', target.id)).toMatchObject([{ actor_id: admin.id }]);
      // The disabled person's session ends at once.
      const after = await target$.get('/api/auth/me');
      expect(after.status).toBe(401);
      const login = await ctx
        .http()
        .post('/api/auth/login')
        .send({ email: target.email, password: target.password });
      expect(login.status).toBeGreaterThanOrEqual(401);

      const enabled = await admin$.post(`/api/users/${target.id}/enable`).expect(200);
      expect(enabled.body.status).toBe('active');
      expect(await audits('user.enabled', target.id)).toHaveLength(1);
      await ctx.login(target);

      const self = await admin$.post(`/api/users/${admin.id}/disable`).expect(400);
      expect(self.body.error.code).toBe('CANNOT_CHANGE_SELF');
      const missing = await admin$
        .post('/api/users/00000000-0000-4000-8000-000000000000/disable')
        .expect(404);
      expect(missing.body.error.code).toBe('USER_NOT_FOUND');
    });

    it('grants and revokes roles; a revoked coordinator loses access on the next request', async () => {
      const person = await ctx.newUser({ organisation: unit, name: 'Future Coordinator' });
      const person$ = await ctx.login(person);
      await person$.get('/api/officers').expect(403);

      const unscoped = await admin$
        .post(`/api/users/${person.id}/grants`)
        .send({ role: 'coordinator' })
        .expect(400);
      expect(unscoped.body.error.code).toBe('ROLE_SCOPE_REQUIRED');

      const granted = await admin$
        .post(`/api/users/${person.id}/grants`)
        .send({ role: 'coordinator', organisationId: az.id })
        .expect(200);
      const grant = (granted.body as UserDto).grants.find((g) => g.role === 'coordinator')!;
      expect(grant).toMatchObject({ organisationId: az.id, organisationCode: 'AZ' });
      expect(await audits('role.granted', person.id)).toMatchObject([
        { actor_id: admin.id, data: { role: 'coordinator', organisationId: az.id } },
      ]);
      const fetched = await admin$.get(`/api/users/${person.id}`).expect(200);
      expect((fetched.body as UserDto).grants.map((g) => g.role).sort()).toEqual(['coordinator', 'learner']);

      // The same session now has the role.
      const officers = (await person$.get('/api/officers?q=Zarina').expect(200)).body as Page<UserDto>;
      expect(officers.items.map((user) => user.id)).toEqual([people[0].id]);

      const revoked = await admin$.delete(`/api/users/${person.id}/grants/${grant.id}`).expect(200);
      expect((revoked.body as UserDto).grants.map((g) => g.role)).toEqual(['learner']);
      expect(await audits('role.revoked', person.id)).toMatchObject([
        { actor_id: admin.id, data: { role: 'coordinator', grantId: grant.id } },
      ]);
      const denied = await person$.get('/api/officers').expect(403);
      expect(denied.body.error.code).toBe('FORBIDDEN');

      const again = await admin$.delete(`/api/users/${person.id}/grants/${grant.id}`).expect(404);
      expect(again.body.error.code).toBe('ROLE_GRANT_NOT_FOUND');
      const ownAdmin = (await admin$.get(`/api/users/${admin.id}`).expect(200)).body as UserDto;
      const self = await admin$.delete(`/api/users/${admin.id}/grants/${ownAdmin.grants[0].id}`).expect(400);
      expect(self.body.error.code).toBe('CANNOT_CHANGE_SELF');
      const badRole = await admin$.post(`/api/users/${person.id}/grants`).send({ role: 'root' }).expect(400);
      expect(badRole.body.error.code).toBe('VALIDATION_FAILED');
    });
  });
});
