import type {
  AssignableCourseDto,
  AssigneeDto,
  AssignResultDto,
  ImportReport,
  Page,
  WithdrawResultDto,
} from '@academy/contracts';
import { TestContext, type TestOrganisation, type TestUser } from '@academy/testing';
import type TestAgent from 'supertest/lib/agent.js';
import { buildCourse, controlClock } from '../../progress/__tests__/progress-fixtures.js';

const csv = (...lines: string[]) => Buffer.from(lines.join('\n') + '\n');
const DUE = '2031-04-01T12:00:00.000Z';
const LATER = '2031-05-15T12:00:00.000Z';

describe('course assignments', () => {
  let ctx: TestContext;
  let clock: ReturnType<typeof controlClock>;
  let region: TestOrganisation;
  let az: TestOrganisation;
  let azU1: TestOrganisation;
  let azU2: TestOrganisation;
  let azTc: TestOrganisation;
  let azTcU1: TestOrganisation;
  let ge: TestOrganisation;
  let geU1: TestOrganisation;
  let author: TestAgent;
  let admin: TestAgent;
  let adminUser: TestUser;
  let azCoordinator: TestUser;
  let az$: TestAgent;
  let ge$: TestAgent;
  let geOfficer: TestUser;

  const q = async <T>(sql: string, params: unknown[] = []) => (await ctx.db.query(sql, params)) as T[];
  const enrolments = (courseId: string) =>
    q<{
      id: string;
      user_id: string;
      source: string;
      due_at: Date | null;
      assignment_id: string | null;
      assigned_by: string | null;
      assigned_at: Date | null;
      status: string;
      progress_pct: number;
    }>(`SELECT * FROM enrolments WHERE course_id = $1 ORDER BY user_id`, [courseId]);
  const mails = (courseId: string) =>
    q<{
      user_id: string;
      kind: string;
      data: { courseId: string; dueAt: string | null };
      dedupe_key: string;
    }>(
      `SELECT user_id, kind, data, dedupe_key FROM mail_outbox WHERE data->>'courseId' = $1 ORDER BY user_id`,
      [courseId],
    );
  const audit = (action: string, courseId: string) =>
    q<{ actor_id: string | null; target_type: string; target_id: string; data: Record<string, unknown> }>(
      `SELECT actor_id, target_type, target_id, data FROM audit_events
        WHERE action = $1 AND (target_id = $2 OR data->>'courseId' = $2) ORDER BY id`,
      [action, courseId],
    );
  const snapshot = async () =>
    q<{ n: string }>(
      `SELECT (SELECT count(*) FROM enrolments)::text || '/' || (SELECT count(*) FROM mail_outbox)::text || '/' ||
              (SELECT count(*) FROM audit_events)::text || '/' || (SELECT count(*) FROM course_assignments)::text AS n`,
    ).then((rows) => rows[0].n);
  const course = async (options: Parameters<typeof buildCourse>[3] = {}) =>
    buildCourse(ctx, author, [{ kind: 'video', durationS: 60 }, { kind: 'article' }], options);
  const officer = (organisation: TestOrganisation, extra: Parameters<TestContext['newUser']>[0] = {}) =>
    ctx.newUser({ organisation, ...extra });
  /** A fresh training centre with a unit inside, under AZ, so unit assignments reach only this test's officers. */
  const tree = async () => {
    const top = await ctx.newOrganisation({ parent: az, kind: 'training_centre' });
    return { top, sub: await ctx.newOrganisation({ parent: top }) };
  };
  const assign = (agent: TestAgent, body: object) => agent.post('/api/assignments').send(body);
  /** Starts the course for a learner through the progress API (an empty first report on the video). */
  const start = async (user: TestUser, lessonId: string) => {
    const agent = await ctx.login(user);
    await agent
      .put(`/api/lessons/${lessonId}/progress`)
      .send({ positionS: 1, watched: [], seq: 1 })
      .expect(200);
  };

  beforeAll(async () => {
    ctx = await TestContext.create();
    clock = controlClock(ctx);
    region = await ctx.newOrganisation({ kind: 'region' });
    az = await ctx.newOrganisation({ parent: region, kind: 'administration', code: 'AZ' });
    azU1 = await ctx.newOrganisation({ parent: az, code: 'AZ-U1' });
    azU2 = await ctx.newOrganisation({ parent: az, code: 'AZ-U2' });
    azTc = await ctx.newOrganisation({ parent: az, kind: 'training_centre', code: 'AZ-TC' });
    azTcU1 = await ctx.newOrganisation({ parent: azTc, code: 'AZ-TC-U1' });
    ge = await ctx.newOrganisation({ parent: region, kind: 'administration', code: 'GE' });
    geU1 = await ctx.newOrganisation({ parent: ge, code: 'GE-U1' });
    author = await ctx.login(await ctx.newUser({ organisation: region, roles: ['author'] }));
    adminUser = await ctx.newUser({ organisation: region, roles: ['admin'] });
    admin = await ctx.login(adminUser);
    azCoordinator = await ctx.newUser({
      organisation: az,
      roles: [{ role: 'coordinator', organisation: az }],
    });
    az$ = await ctx.login(azCoordinator);
    ge$ = await ctx.login(
      await ctx.newUser({ organisation: ge, roles: [{ role: 'coordinator', organisation: ge }] }),
    );
    geOfficer = await officer(geU1);
  });
  afterAll(() => ctx.close());

  it('refuses anonymous callers (401) and learners and authors (403) on every route', async () => {
    const learner = await ctx.login(await officer(azU1));
    const id = '00000000-0000-4000-8000-000000000000';
    const calls = (agent: TestAgent | ReturnType<TestContext['http']>) => [
      agent.get('/api/assignments/courses'),
      agent.get(`/api/assignments/courses/${id}/assignees`),
      agent.post('/api/assignments').send({ courseId: id, userIds: [id] }),
      agent.post('/api/assignments/csv').field('courseId', id).attach('file', csv('email', 'a@b.c'), 'a.csv'),
      agent.post('/api/assignments/due-date').send({ courseId: id, userIds: [id], dueAt: null }),
      agent.post('/api/assignments/withdraw').send({ courseId: id, userIds: [id] }),
    ];
    for (const response of await Promise.all(calls(ctx.http()))) expect(response.status).toBe(401);
    for (const response of await Promise.all(calls(learner))) {
      expect(response.status).toBe(403);
      expect(response.body.error.code).toBe('FORBIDDEN');
    }
    for (const response of await Promise.all(calls(author))) expect(response.status).toBe(403);
  });

  it('assigns chosen officers idempotently: again updates the due date, never duplicates', async () => {
    const c = await course();
    const a = await officer(azU1);
    const b = await officer(azTcU1);
    const first = await assign(az$, { courseId: c.id, userIds: [a.id, b.id, a.id], dueAt: DUE }).expect(200);
    expect(first.body).toEqual({ assigned: 2, updated: 0, total: 2, ruleId: null } satisfies AssignResultDto);
    const rows = await enrolments(c.id);
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row).toMatchObject({
        source: 'assigned',
        assigned_by: azCoordinator.id,
        assignment_id: null,
        status: 'not_started',
      });
      expect(row.due_at?.toISOString()).toBe(DUE);
      expect(row.assigned_at?.toISOString()).toBe(new Date(clock.now).toISOString());
    }

    clock.advance(3600);
    const second = await assign(az$, { courseId: c.id, userIds: [b.id, a.id], dueAt: LATER }).expect(200);
    expect(second.body).toMatchObject({ assigned: 0, updated: 2, total: 2 });
    const again = await enrolments(c.id);
    expect(again.map((row) => row.id)).toEqual(rows.map((row) => row.id));
    expect(again.map((row) => row.due_at?.toISOString())).toEqual([LATER, LATER]);
    // The first assignment time stays.
    expect(again.map((row) => row.assigned_at?.toISOString())).toEqual(
      rows.map((row) => row.assigned_at?.toISOString()),
    );

    // One notice per person, keyed by the enrolment, with the first due date; never a second one.
    const sent = await mails(c.id);
    expect(sent).toHaveLength(2);
    expect(sent.map((m) => m.dedupe_key).sort()).toEqual(rows.map((row) => `assignment:${row.id}`).sort());
    expect(sent.every((m) => m.kind === 'assignment' && m.data.dueAt === DUE)).toBe(true);

    // Audit: one event per request on the course, naming the officers affected.
    const courseEvents = (await audit('assignment.assigned', c.id)).filter((e) => e.target_type === 'course');
    expect(courseEvents.map((e) => e.data)).toEqual([
      expect.objectContaining({ how: 'users', dueAt: DUE, assigned: 2, updated: 0 }),
      expect.objectContaining({ how: 'users', dueAt: LATER, assigned: 0, updated: 2 }),
    ]);
    expect(courseEvents.every((e) => e.actor_id === azCoordinator.id)).toBe(true);
    expect(courseEvents[0].data.assignedUserIds).toEqual(expect.arrayContaining([a.id, b.id]));
    expect(courseEvents[1].data.updatedUserIds).toEqual(expect.arrayContaining([a.id, b.id]));
    // Findable per officer.
    const perOfficer = await q<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_events WHERE action = 'assignment.assigned' AND target_id = $2
          AND (data->'assignedUserIds' ? $1 OR data->'updatedUserIds' ? $1)`,
      [a.id, c.id],
    );
    expect(perOfficer[0].n).toBe(2);

    // The same again changes no row at all.
    const unchanged = await assign(az$, { courseId: c.id, userIds: [a.id, b.id], dueAt: LATER }).expect(200);
    expect(unchanged.body).toMatchObject({ assigned: 0, updated: 2 });
    expect((await enrolments(c.id)).map((row) => row.due_at?.toISOString())).toEqual([LATER, LATER]);
    expect(await mails(c.id)).toHaveLength(2);
  });

  it('turns a self-enrolment into an assignment and keeps its progress', async () => {
    const c = await course();
    const learner = await officer(azU2);
    await start(learner, c.lessonIds[0]);
    const [before] = await enrolments(c.id);
    expect(before).toMatchObject({ source: 'self', status: 'in_progress' });
    const response = await assign(az$, { courseId: c.id, userIds: [learner.id] }).expect(200);
    expect(response.body).toMatchObject({ assigned: 1, updated: 0 });
    const [after] = await enrolments(c.id);
    expect(after).toMatchObject({ id: before.id, source: 'assigned', status: 'in_progress', due_at: null });
    expect((await mails(c.id)).map((m) => m.data)).toEqual([{ courseId: c.id, dueAt: null }]);
  });

  it('assigns a unit: its whole subtree, active officers only, with a rule', async () => {
    const c = await course();
    const { top, sub } = await tree();
    const inUnit = [await officer(top), await officer(sub), await officer(sub)];
    const disabled = await officer(sub, { status: 'disabled' });
    const staff = await ctx.newUser({ organisation: sub, roles: ['author'] });
    const elsewhere = await officer(azU1);
    const response = await assign(az$, { courseId: c.id, organisationId: top.id, dueAt: DUE }).expect(200);
    expect(response.body).toMatchObject({ assigned: 3, updated: 0, total: 3 });
    const rows = await enrolments(c.id);
    expect(rows.map((row) => row.user_id).sort()).toEqual(inUnit.map((u) => u.id).sort());
    for (const id of [disabled.id, staff.id, elsewhere.id]) {
      expect(rows.map((row) => row.user_id)).not.toContain(id);
    }
    const [rule] = await q<{ id: string; include_future: boolean; due_at: Date }>(
      `SELECT * FROM course_assignments WHERE course_id = $1`,
      [c.id],
    );
    expect(response.body.ruleId).toBe(rule.id);
    expect(rule.include_future).toBe(false);
    expect(rows.every((row) => row.assignment_id === rule.id)).toBe(true);

    // Again, with include_future: the same rule is updated, not duplicated.
    const again = await assign(az$, {
      courseId: c.id,
      organisationId: top.id,
      dueAt: LATER,
      includeFuture: true,
    }).expect(200);
    expect(again.body).toMatchObject({ assigned: 0, updated: 3, ruleId: rule.id });
    const rules = await q<{ include_future: boolean; due_at: Date }>(
      `SELECT * FROM course_assignments WHERE course_id = $1`,
      [c.id],
    );
    expect(rules).toHaveLength(1);
    expect(rules[0].include_future).toBe(true);
    expect(rules[0].due_at.toISOString()).toBe(LATER);
    expect(await mails(c.id)).toHaveLength(3);
    const [event] = (await audit('assignment.assigned', c.id)).filter((e) => e.target_type === 'course');
    expect(event.data).toMatchObject({ how: 'unit', unitId: top.id, ruleId: rule.id, assigned: 3 });

    // The course list shows the counts and the rule for this scope.
    const list = (await az$.get('/api/assignments/courses').expect(200)).body as AssignableCourseDto[];
    const listed = list.find((item) => item.id === c.id)!;
    expect(listed.counts).toEqual({ assigned: 3, notStarted: 3, inProgress: 0, completed: 0, overdue: 0 });
    expect(listed.rules).toEqual([
      expect.objectContaining({ organisationId: top.id, organisationCode: top.code, includeFuture: true }),
    ]);
  });

  it('enrols officers who join a unit with include_future later: created, imported, moved or enabled', async () => {
    const x = await ctx.newOrganisation({ parent: az, code: 'AZ-FUT' });
    const y = await ctx.newOrganisation({ parent: az, code: 'AZ-FUT2' });
    const existing = await officer(x);
    const c = await course();
    const plain = await course();
    await assign(az$, { courseId: c.id, organisationId: x.id, includeFuture: true, dueAt: DUE }).expect(200);
    // A rule without include_future enrols nobody later.
    await assign(az$, { courseId: plain.id, organisationId: x.id }).expect(200);
    const [rule] = await q<{ id: string }>(`SELECT id FROM course_assignments WHERE course_id = $1`, [c.id]);

    // Created through the officers API (the user row first, then its learner grant).
    const created = await az$
      .post('/api/officers')
      .send({ email: 'joiner@az.test', displayName: 'Joiner', locale: 'ru', organisationId: x.id })
      .expect(201);
    const createdId = created.body.user.id as string;
    // Imported by CSV: one new officer in the unit, one moved into it from another unit, one elsewhere.
    const mover = await officer(y, { email: 'mover@az.test', name: 'Mover' });
    const report = await az$
      .post('/api/officers/import')
      .attach(
        'file',
        csv(
          'email,name,locale,unit_code',
          'imported@az.test,Imported,en,AZ-FUT',
          'mover@az.test,Mover,en,AZ-FUT',
          'other@az.test,Other,en,AZ-FUT2',
        ),
        'officers.csv',
      )
      .expect(200);
    expect(report.body as ImportReport).toMatchObject({ created: 2, updated: 1, failed: 0 });
    // Disabled, then enabled by an admin.
    const sleeper = await officer(x, { status: 'disabled' });
    expect((await enrolments(c.id)).map((row) => row.user_id)).not.toContain(sleeper.id);
    await admin.post(`/api/users/${sleeper.id}/enable`).expect(200);

    const [imported] = await q<{ id: string }>(`SELECT id FROM users WHERE email = 'imported@az.test'`);
    const [other] = await q<{ id: string }>(`SELECT id FROM users WHERE email = 'other@az.test'`);
    const rows = await enrolments(c.id);
    const enrolled = rows.map((row) => row.user_id);
    expect(enrolled.sort()).toEqual([existing.id, createdId, mover.id, imported.id, sleeper.id].sort());
    expect(enrolled).not.toContain(other.id);
    for (const row of rows) {
      expect(row).toMatchObject({
        source: 'assigned',
        assignment_id: rule.id,
        assigned_by: azCoordinator.id,
      });
      expect(row.due_at?.toISOString()).toBe(DUE);
    }
    // Each joiner has a notice and an audit event; nobody joined the rule without include_future.
    const sent = await mails(c.id);
    expect(sent.map((m) => m.user_id).sort()).toEqual(enrolled.sort());
    expect(sent.every((m) => m.data.dueAt === DUE)).toBe(true);
    const joined = await audit('assignment.joined', c.id);
    expect(joined.every((e) => e.actor_id === null && e.data.ruleId === rule.id)).toBe(true);
    expect(joined.flatMap((e) => e.data.assignedUserIds as string[]).sort()).toEqual(
      [createdId, mover.id, imported.id, sleeper.id].sort(),
    );
    expect((await enrolments(plain.id)).map((row) => row.user_id)).toEqual([existing.id]);

    // After the unit is withdrawn, nobody else joins.
    await az$.post('/api/assignments/withdraw').send({ courseId: c.id, organisationId: x.id }).expect(200);
    const late = await officer(x);
    expect((await enrolments(c.id)).map((row) => row.user_id)).not.toContain(late.id);
  });

  it('assigns by CSV; a file with bad rows is reported row by row and changes nothing', async () => {
    const c = await course();
    const a = await officer(azU1, { email: 'csv.a@az.test' });
    const b = await officer(azU2, { email: 'csv.b@az.test' });
    const off = await officer(azU2, { email: 'csv.off@az.test', status: 'disabled' });
    const ge = await officer(geU1, { email: 'csv.ge@ge.test' });
    const before = await snapshot();
    const bad = await az$
      .post('/api/assignments/csv')
      .field('courseId', c.id)
      .field('dueAt', DUE)
      .attach(
        'file',
        csv(
          'email;name',
          'csv.a@az.test;A',
          'nobody@az.test;X',
          'csv.ge@ge.test;G',
          'not-an-email;N',
          ';empty',
          'csv.off@az.test;Off',
        ),
        'assign.csv',
      )
      .expect(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    expect(bad.body.error.details).toEqual({
      totalRows: 6,
      rows: [
        { line: 3, email: 'nobody@az.test', codes: ['UNKNOWN_EMAIL'] },
        { line: 4, email: 'csv.ge@ge.test', codes: ['EMAIL_OUTSIDE_SCOPE'] },
        { line: 5, email: 'not-an-email', codes: ['INVALID_EMAIL'] },
        { line: 6, email: null, codes: ['REQUIRED'] },
        { line: 7, email: 'csv.off@az.test', codes: ['NOT_AN_OFFICER'] },
      ],
    });
    expect(await snapshot()).toBe(before);
    void off;
    void ge;

    const header = await az$
      .post('/api/assignments/csv')
      .field('courseId', c.id)
      .attach('file', csv('mail', 'csv.a@az.test'), 'assign.csv')
      .expect(400);
    expect(header.body.error.code).toBe('CSV_BAD_HEADER');
    const missing = await az$.post('/api/assignments/csv').field('courseId', c.id).expect(400);
    expect(missing.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: { file: 'REQUIRED' } });

    // The officers import file format works too (extra columns are ignored); case does not matter.
    const good = await az$
      .post('/api/assignments/csv')
      .field('courseId', c.id)
      .field('dueAt', '')
      .attach(
        'file',
        csv('email,name,locale,unit_code', 'CSV.A@az.test,A,en,AZ-U1', 'csv.b@az.test,B,en,AZ-U2'),
        'officers.csv',
      )
      .expect(200);
    expect(good.body).toMatchObject({ assigned: 2, updated: 0 });
    expect((await enrolments(c.id)).map((row) => row.user_id).sort()).toEqual([a.id, b.id].sort());
    const [event] = (await audit('assignment.assigned', c.id)).filter((e) => e.target_type === 'course');
    expect(event.data).toMatchObject({ how: 'csv', assigned: 2 });
  });

  it('keeps coordinators to their own subtree and courses open to it', async () => {
    const c = await course();
    const geOnly = await course({ audience: 'administrations', audienceOrganisationIds: [ge.id] });
    const azOnly = await course({ audience: 'administrations', audienceOrganisationIds: [az.id] });
    const draft = await course({ publish: false });
    const mine = await officer(azU1);
    const before = await snapshot();

    const mixed = await assign(az$, { courseId: c.id, userIds: [mine.id, geOfficer.id] }).expect(403);
    expect(mixed.body.error).toMatchObject({ code: 'OUT_OF_SCOPE', details: { userIds: [geOfficer.id] } });
    const unit = await assign(az$, { courseId: c.id, organisationId: geU1.id }).expect(403);
    expect(unit.body.error.code).toBe('OUT_OF_SCOPE');
    const unknown = await assign(az$, {
      courseId: c.id,
      userIds: ['00000000-0000-4000-8000-000000000001'],
    }).expect(403);
    expect(unknown.body.error.code).toBe('OUT_OF_SCOPE');
    const invisible = await assign(az$, { courseId: geOnly.id, userIds: [mine.id] }).expect(404);
    expect(invisible.body.error.code).toBe('COURSE_NOT_FOUND');
    const unpublished = await assign(az$, { courseId: draft.id, userIds: [mine.id] }).expect(409);
    expect(unpublished.body.error.code).toBe('COURSE_NOT_PUBLISHED');
    expect(await snapshot()).toBe(before);

    const list = ((await az$.get('/api/assignments/courses').expect(200)).body as AssignableCourseDto[]).map(
      (item) => item.id,
    );
    expect(list).toEqual(expect.arrayContaining([c.id, azOnly.id]));
    expect(list).not.toContain(geOnly.id);
    expect(list).not.toContain(draft.id);
    await az$.get(`/api/assignments/courses/${geOnly.id}/assignees`).expect(404);

    // GE assigns its officer; AZ can neither see, re-date nor withdraw that assignment.
    await assign(ge$, { courseId: c.id, userIds: [geOfficer.id] }).expect(200);
    await assign(az$, { courseId: c.id, userIds: [mine.id] }).expect(200);
    const withdraw = await az$
      .post('/api/assignments/withdraw')
      .send({ courseId: c.id, userIds: [geOfficer.id] })
      .expect(403);
    expect(withdraw.body.error.code).toBe('OUT_OF_SCOPE');
    const unitWithdraw = await az$
      .post('/api/assignments/withdraw')
      .send({ courseId: c.id, organisationId: ge.id })
      .expect(403);
    expect(unitWithdraw.body.error.code).toBe('OUT_OF_SCOPE');
    await az$
      .post('/api/assignments/due-date')
      .send({ courseId: c.id, userIds: [geOfficer.id], dueAt: DUE })
      .expect(403);
    const rows = await enrolments(c.id);
    expect(rows.find((row) => row.user_id === geOfficer.id)).toMatchObject({ due_at: null });
    const page = (await az$.get(`/api/assignments/courses/${c.id}/assignees`).expect(200))
      .body as Page<AssigneeDto>;
    expect(page.items.map((item) => item.userId)).toEqual([mine.id]);
    const courses = (await az$.get('/api/assignments/courses').expect(200)).body as AssignableCourseDto[];
    expect(courses.find((item) => item.id === c.id)!.counts.assigned).toBe(1);

    // An admin acts region-wide.
    const any = await assign(admin, { courseId: c.id, userIds: [mine.id, geOfficer.id], dueAt: DUE });
    expect(any.body).toMatchObject({ assigned: 0, updated: 2 });
  });

  it('withdraws only those who have not started, and reports the others', async () => {
    const c = await course();
    const [idle1, idle2, busy] = [await officer(azU1), await officer(azU2), await officer(azU1)];
    await assign(az$, { courseId: c.id, userIds: [idle1.id, idle2.id, busy.id], dueAt: DUE }).expect(200);
    await start(busy, c.lessonIds[0]);

    const single = await az$
      .post('/api/assignments/withdraw')
      .send({ courseId: c.id, userIds: [busy.id] })
      .expect(409);
    expect(single.body.error.code).toBe('ASSIGNMENT_STARTED');
    expect(await audit('assignment.withdrawn', c.id)).toEqual([]);

    const response = await az$
      .post('/api/assignments/withdraw')
      .send({ courseId: c.id, userIds: [idle1.id, idle2.id, busy.id] })
      .expect(200);
    expect(response.body).toEqual({
      withdrawn: 2,
      kept: 1,
      ruleWithdrawn: false,
    } satisfies WithdrawResultDto);
    const rows = await enrolments(c.id);
    expect(rows.map((row) => row.user_id)).toEqual([busy.id]);
    expect(rows[0]).toMatchObject({ source: 'assigned', status: 'in_progress' });
    // The notices not sent yet go with the assignments.
    expect((await mails(c.id)).map((m) => m.user_id)).toEqual([busy.id]);
    const events = await audit('assignment.withdrawn', c.id);
    expect(events).toHaveLength(1);
    expect(events[0].data).toMatchObject({ withdrawn: 2, kept: 1, keptUserIds: [busy.id] });
    expect((events[0].data.withdrawnUserIds as string[]).sort()).toEqual([idle1.id, idle2.id].sort());

    const gone = await az$
      .post('/api/assignments/withdraw')
      .send({ courseId: c.id, userIds: [idle1.id] })
      .expect(404);
    expect(gone.body.error.code).toBe('ASSIGNMENT_NOT_FOUND');

    // Assigning again after a withdrawal is a new assignment, with a new notice.
    const again = await assign(az$, { courseId: c.id, userIds: [idle1.id] }).expect(200);
    expect(again.body).toMatchObject({ assigned: 1 });
    expect(await mails(c.id)).toHaveLength(2);
  });

  it('withdraws a unit: its rule stops, started officers keep the course', async () => {
    const c = await course();
    const { top, sub } = await tree();
    const idle = await officer(sub);
    const busy = await officer(sub);
    await assign(az$, { courseId: c.id, organisationId: top.id, includeFuture: true }).expect(200);
    await start(busy, c.lessonIds[0]);
    const response = await az$
      .post('/api/assignments/withdraw')
      .send({ courseId: c.id, organisationId: top.id })
      .expect(200);
    expect(response.body).toEqual({ withdrawn: 1, kept: 1, ruleWithdrawn: true });
    expect((await enrolments(c.id)).map((row) => row.user_id)).toEqual([busy.id]);
    void idle;
    const [rule] = await q<{ withdrawn_at: Date | null }>(
      `SELECT * FROM course_assignments WHERE course_id = $1`,
      [c.id],
    );
    expect(rule.withdrawn_at).not.toBeNull();
    // A new unit assignment afterwards makes a new rule (the withdrawn one stays for the record).
    await assign(az$, { courseId: c.id, organisationId: top.id }).expect(200);
    expect(await q(`SELECT 1 FROM course_assignments WHERE course_id = $1`, [c.id])).toHaveLength(2);
  });

  it('changes due dates for chosen officers or a unit, and audits it', async () => {
    const c = await course();
    const { top, sub } = await tree();
    const a = await officer(sub);
    const b = await officer(sub);
    await assign(az$, { courseId: c.id, organisationId: top.id, dueAt: DUE }).expect(200);

    const one = await az$
      .post('/api/assignments/due-date')
      .send({ courseId: c.id, userIds: [a.id], dueAt: LATER })
      .expect(200);
    expect(one.body).toEqual({ updated: 1 });
    const rows = await enrolments(c.id);
    expect(Object.fromEntries(rows.map((row) => [row.user_id, row.due_at?.toISOString()]))).toEqual({
      [a.id]: LATER,
      [b.id]: DUE,
    });

    const unit = await az$
      .post('/api/assignments/due-date')
      .send({ courseId: c.id, organisationId: top.id, dueAt: null })
      .expect(200);
    expect(unit.body).toEqual({ updated: 2 });
    expect((await enrolments(c.id)).every((row) => row.due_at === null)).toBe(true);
    const [rule] = await q<{ due_at: Date | null }>(
      `SELECT due_at FROM course_assignments WHERE course_id = $1`,
      [c.id],
    );
    expect(rule.due_at).toBeNull();

    const events = await audit('assignment.due_date_changed', c.id);
    expect(events.filter((e) => e.target_type === 'course').map((e) => e.data)).toEqual([
      expect.objectContaining({ how: 'users', dueAt: LATER, updated: 1 }),
      expect.objectContaining({ how: 'unit', dueAt: null, updated: 2 }),
    ]);
    expect(events[0].data.previousDueAt).toEqual({ [a.id]: DUE });
    expect(events[1].data.previousDueAt).toEqual({ [a.id]: LATER, [b.id]: DUE });

    const past = await az$
      .post('/api/assignments/due-date')
      .send({ courseId: c.id, userIds: [a.id], dueAt: '2020-01-01T00:00:00Z' })
      .expect(400);
    expect(past.body.error.code).toBe('DUE_DATE_INVALID');
    const none = await az$
      .post('/api/assignments/due-date')
      .send({ courseId: c.id, userIds: [geOfficer.id], dueAt: null })
      .expect(403);
    expect(none.body.error.code).toBe('OUT_OF_SCOPE');
  });

  it('answers bad requests with codes and changes nothing', async () => {
    const c = await course();
    const a = await officer(azU1);
    const empty = await ctx.newOrganisation({ parent: az, code: 'AZ-EMPTY' });
    const before = await snapshot();
    const cases: [object, number, string][] = [
      [{ courseId: c.id, userIds: [a.id], dueAt: '2020-01-01T00:00:00Z' }, 400, 'DUE_DATE_INVALID'],
      [
        { courseId: c.id, userIds: [a.id], dueAt: new Date(clock.now).toISOString() },
        400,
        'DUE_DATE_INVALID',
      ],
      [{ courseId: c.id, userIds: [] }, 400, 'ASSIGNEES_EMPTY'],
      [{ courseId: c.id }, 400, 'ASSIGNEES_EMPTY'],
      [{ courseId: c.id, organisationId: empty.id }, 400, 'ASSIGNEES_EMPTY'],
      [{ courseId: c.id, userIds: [a.id], organisationId: azU1.id }, 400, 'VALIDATION_FAILED'],
      [{ courseId: c.id, userIds: [a.id], includeFuture: true }, 400, 'VALIDATION_FAILED'],
      [{ courseId: c.id, userIds: ['nope'] }, 400, 'VALIDATION_FAILED'],
      [{ courseId: c.id, userIds: [a.id], dueAt: 'tomorrow' }, 400, 'VALIDATION_FAILED'],
      [{ courseId: c.id, userIds: [a.id], extra: 1 }, 400, 'VALIDATION_FAILED'],
      [{ courseId: '00000000-0000-4000-8000-000000000000', userIds: [a.id] }, 404, 'COURSE_NOT_FOUND'],
      [
        { courseId: c.id, organisationId: '00000000-0000-4000-8000-000000000000' },
        404,
        'ORGANISATION_NOT_FOUND',
      ],
    ];
    for (const [body, status, code] of cases) {
      const response = await assign(az$, body);
      expect({ body, status: response.status, code: response.body.error?.code }).toEqual({
        body,
        status,
        code,
      });
    }
    const staff = await ctx.newUser({ organisation: azU1, roles: ['author'] });
    const notOfficer = await assign(az$, { courseId: c.id, userIds: [staff.id] }).expect(400);
    expect(notOfficer.body.error.details).toMatchObject({ userIds: 'NOT_AN_OFFICER' });
    const after = await snapshot();
    // Only the staff account was added (a user row), nothing else.
    expect(after).toBe(before);

    // An empty unit may still get a rule for officers who join later.
    const future = await assign(az$, {
      courseId: c.id,
      organisationId: empty.id,
      includeFuture: true,
    }).expect(200);
    expect(future.body).toMatchObject({ assigned: 0, updated: 0, total: 0 });
    expect(future.body.ruleId).toEqual(expect.any(String));
  });

  it('lists assignees with progress, due dates and overdue, paged and filtered', async () => {
    const c = await course();
    const { top, sub } = await tree();
    const [a, b, d] = [
      await officer(azU1, { name: 'Aa Officer' }),
      await officer(azU2, { name: 'Bb Officer' }),
      await officer(sub, { name: 'Dd Officer' }),
    ];
    const soon = new Date(clock.now + 86_400_000).toISOString();
    await assign(az$, { courseId: c.id, userIds: [a.id, b.id], dueAt: soon }).expect(200);
    await assign(az$, { courseId: c.id, organisationId: top.id, dueAt: LATER }).expect(200);
    await start(b, c.lessonIds[0]);
    clock.advance(2 * 86_400);

    const all = (await az$.get(`/api/assignments/courses/${c.id}/assignees`).expect(200))
      .body as Page<AssigneeDto>;
    expect(all.total).toBe(3);
    expect(all.items.map((item) => item.displayName)).toEqual(['Aa Officer', 'Bb Officer', 'Dd Officer']);
    expect(all.items[0]).toMatchObject({
      userId: a.id,
      organisationId: azU1.id,
      organisationCode: 'AZ-U1',
      status: 'not_started',
      progressPct: 0,
      dueAt: soon,
      overdue: true,
      viaUnit: false,
    });
    expect(all.items[1]).toMatchObject({ status: 'in_progress', overdue: true });
    expect(all.items[2]).toMatchObject({ dueAt: LATER, overdue: false, viaUnit: true });

    const overdue = await az$.get(`/api/assignments/courses/${c.id}/assignees?status=overdue`).expect(200);
    expect((overdue.body as Page<AssigneeDto>).items.map((item) => item.userId)).toEqual([a.id, b.id]);
    const started = await az$
      .get(`/api/assignments/courses/${c.id}/assignees?status=in_progress`)
      .expect(200);
    expect((started.body as Page<AssigneeDto>).items.map((item) => item.userId)).toEqual([b.id]);
    const unit = await az$
      .get(`/api/assignments/courses/${c.id}/assignees?organisationId=${top.id}`)
      .expect(200);
    expect((unit.body as Page<AssigneeDto>).items.map((item) => item.userId)).toEqual([d.id]);
    const search = await az$.get(`/api/assignments/courses/${c.id}/assignees?q=bb%20off`).expect(200);
    expect((search.body as Page<AssigneeDto>).items.map((item) => item.userId)).toEqual([b.id]);
    const paged = await az$.get(`/api/assignments/courses/${c.id}/assignees?pageSize=2&page=2`).expect(200);
    expect(paged.body).toMatchObject({ total: 3, page: 2, pageSize: 2 });
    expect((paged.body as Page<AssigneeDto>).items.map((item) => item.userId)).toEqual([d.id]);
    const outside = await az$
      .get(`/api/assignments/courses/${c.id}/assignees?organisationId=${ge.id}`)
      .expect(403);
    expect(outside.body.error.code).toBe('OUT_OF_SCOPE');
    await az$.get(`/api/assignments/courses/${c.id}/assignees?status=lost`).expect(400);

    const courses = (await az$.get('/api/assignments/courses').expect(200)).body as AssignableCourseDto[];
    expect(courses.find((item) => item.id === c.id)!.counts).toEqual({
      assigned: 3,
      notStarted: 2,
      inProgress: 1,
      completed: 0,
      overdue: 2,
    });
  });
});
