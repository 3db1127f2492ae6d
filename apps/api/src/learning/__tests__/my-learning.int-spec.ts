import { TestContext, type TestOrganisation, type TestUser } from '@academy/testing';
import type { MyLearningDto, MyLearningItemDto } from '@academy/contracts';
import type TestAgent from 'supertest/lib/agent.js';
import { buildCourse, controlClock } from '../../progress/__tests__/progress-fixtures.js';

const DAY = 86400_000;

describe('My learning: assigned, in progress and completed', () => {
  let ctx: TestContext;
  let author: TestAgent;
  let adminA: TestOrganisation;
  let clock: ReturnType<typeof controlClock>;
  let learner: TestUser;
  let agent: TestAgent;
  let seq = 0;

  const assign = (courseId: string, dueAt: Date | null) =>
    ctx.db.query(
      `INSERT INTO enrolments (user_id, course_id, source, assigned_at, due_at, status)
       VALUES ($1, $2, 'assigned', $4, $3, 'not_started')`,
      [learner.id, courseId, dueAt, new Date(clock.now)],
    );
  const complete = (lessonId: string) =>
    agent.post(`/api/lessons/${lessonId}/completion`).send({}).expect(200);
  const ids = (items: MyLearningItemDto[]) => items.map((item) => item.courseId);

  beforeAll(async () => {
    ctx = await TestContext.create();
    const region = await ctx.newOrganisation({ kind: 'region' });
    adminA = await ctx.newOrganisation({ parent: region, kind: 'administration' });
    author = await ctx.login(await ctx.newUser({ roles: ['author'], organisation: region }));
    learner = await ctx.newUser({ organisation: adminA, locale: 'ru' });
    agent = await ctx.login(learner);
    clock = controlClock(ctx);
  });
  afterAll(() => ctx.close());

  it('starts empty', async () => {
    const other = await ctx.login(await ctx.newUser({ organisation: adminA }));
    expect((await other.get('/api/me/learning').expect(200)).body).toEqual({
      assigned: [],
      inProgress: [],
      completed: [],
    });
  });

  it('puts every course in its list, with progress, due dates, continue targets and certificates', async () => {
    const now = () => new Date(clock.now);
    // Assigned, not started: overdue, due later, no due date.
    const overdue = await buildCourse(ctx, author, [{ kind: 'article' }, { kind: 'article' }]);
    const later = await buildCourse(ctx, author, [{ kind: 'article' }]);
    const undated = await buildCourse(ctx, author, [{ kind: 'article' }]);
    await assign(undated.id, null);
    await assign(later.id, new Date(clock.now + 7 * DAY));
    const overdueAt = new Date(clock.now - DAY);
    await assign(overdue.id, overdueAt);

    // Assigned with a past due date and started: in progress, still overdue.
    const startedLate = await buildCourse(ctx, author, [{ kind: 'article' }, { kind: 'document' }]);
    await assign(startedLate.id, new Date(clock.now - 2 * DAY));
    clock.advance(60);
    await complete(startedLate.lessonIds[0]);

    // A video watched part-way: continue at the saved position.
    const video = await buildCourse(ctx, author, [{ kind: 'article' }, { kind: 'video', durationS: 120 }]);
    await complete(video.lessonIds[0]);
    clock.advance(60);
    await agent
      .put(`/api/lessons/${video.lessonIds[1]}/progress`)
      .send({ positionS: 0, watched: [], seq: ++seq })
      .expect(200);
    clock.advance(30);
    await agent
      .put(`/api/lessons/${video.lessonIds[1]}/progress`)
      .send({ positionS: 42.5, watched: [[0, 40]], seq: ++seq })
      .expect(200);

    // Self-enrolled, not started yet.
    clock.advance(60);
    const chosen = await buildCourse(ctx, author, [{ kind: 'document' }]);
    await agent.post(`/api/courses/${chosen.id}/enrolment`).expect(200);

    // Completed, with a certificate, then archived by the office.
    clock.advance(60);
    const done = await buildCourse(ctx, author, [{ kind: 'document' }]);
    await complete(done.lessonIds[0]);
    const completedAt = now().toISOString();

    const body = (await agent.get('/api/me/learning').expect(200)).body as MyLearningDto;
    expect(ids(body.assigned)).toEqual([overdue.id, later.id, undated.id]);
    expect(body.assigned[0]).toMatchObject({
      source: 'assigned',
      status: 'not_started',
      progressPct: 0,
      completedLessons: 0,
      requiredLessons: 2,
      dueAt: overdueAt.toISOString(),
      overdue: true,
      available: true,
      certificate: null,
      next: { lessonId: overdue.lessonIds[0], positionS: 0 },
    });
    expect(body.assigned[1]).toMatchObject({ overdue: false, dueAt: expect.any(String) });
    expect(body.assigned[2]).toMatchObject({ overdue: false, dueAt: null });

    // Most recent activity first; the self-enrolled course (no activity yet) last.
    expect(ids(body.inProgress)).toEqual([video.id, startedLate.id, chosen.id]);
    const [watching, late, notStarted] = body.inProgress;
    expect(watching).toMatchObject({
      source: 'self',
      status: 'in_progress',
      progressPct: 50,
      completedLessons: 1,
      requiredLessons: 2,
      overdue: false,
      next: { lessonId: video.lessonIds[1], positionS: 42.5 },
    });
    expect(watching.lastActivityAt).not.toBeNull();
    expect(late).toMatchObject({
      source: 'assigned',
      status: 'in_progress',
      progressPct: 50,
      overdue: true,
      next: { lessonId: startedLate.lessonIds[1], positionS: 0 },
    });
    expect(late.dueAt).not.toBeNull();
    expect(notStarted).toMatchObject({
      source: 'self',
      status: 'not_started',
      requiredLessons: 1,
      next: { lessonId: chosen.lessonIds[0], positionS: 0 },
    });

    expect(ids(body.completed)).toEqual([done.id]);
    expect(body.completed[0]).toMatchObject({
      status: 'completed',
      progressPct: 100,
      completedAt,
      next: null,
      overdue: false,
    });
  });

  it('shows the certificate of a completed course, and whether it was revoked', async () => {
    const course = await buildCourse(ctx, author, [{ kind: 'article' }]);
    await complete(course.lessonIds[0]);
    // Issued on completion (certificates feature); made here if that is not in place.
    await ctx.db.query(
      `INSERT INTO certificates (code, user_id, course_id, course_version, holder_name, course_title, base_locale,
                                 issuer_name, completed_at)
       VALUES (md5(random()::text), $1, $2, 1, 'Holder', '{"en": "Course"}', 'en', '{"en": "Office"}', now())
       ON CONFLICT (user_id, course_id) DO NOTHING`,
      [learner.id, course.id],
    );
    const [certificate] = (await ctx.db.query(
      `SELECT id, code FROM certificates WHERE user_id = $1 AND course_id = $2`,
      [learner.id, course.id],
    )) as { id: string; code: string }[];
    const item = async () =>
      ((await agent.get('/api/me/learning').expect(200)).body as MyLearningDto).completed.find(
        (i) => i.courseId === course.id,
      )!;
    expect((await item()).certificate).toEqual({
      id: certificate.id,
      code: certificate.code,
      pdfUrl: `/api/certificates/${certificate.id}/pdf`,
      revoked: false,
    });
    await ctx.db.query(`UPDATE certificates SET revoked_at = now(), revoke_reason = 'test' WHERE id = $1`, [
      certificate.id,
    ]);
    expect((await item()).certificate).toMatchObject({ id: certificate.id, revoked: true });

    // A course archived since stays in the list, marked unavailable.
    await author.post(`/api/studio/courses/${course.id}/archive`).expect(200);
    expect(await item()).toMatchObject({ available: false, certificate: { revoked: true } });
  });

  it('gives titles in the learner’s language, or the one asked for, with the language shown', async () => {
    const course = await buildCourse(ctx, author, [{ kind: 'article' }]);
    await author
      .patch(`/api/studio/courses/${course.id}`)
      .send({ title: { en: 'Course in English', ru: 'Курс на русском' } })
      .expect(200);
    await author.post(`/api/studio/courses/${course.id}/publish`).expect(200);
    await agent.post(`/api/courses/${course.id}/enrolment`).expect(200);
    const find = (body: MyLearningDto) => body.inProgress.find((i) => i.courseId === course.id)!;
    const ru = find((await agent.get('/api/me/learning').expect(200)).body as MyLearningDto);
    expect(ru.title).toEqual({ text: 'Курс на русском', locale: 'ru' });
    const en = find((await agent.get('/api/me/learning?locale=en').expect(200)).body as MyLearningDto);
    expect(en.title).toEqual({ text: 'Course in English', locale: 'en' });
    expect(en.code).toMatch(/^PROG-/);
  });

  it('keeps a completion when a new version adds lessons', async () => {
    const course = await buildCourse(ctx, author, [{ kind: 'article' }]);
    await complete(course.lessonIds[0]);
    await author
      .post(`/api/studio/modules/${course.moduleId}/lessons`)
      .send({ kind: 'article', title: { en: 'New' }, variants: { en: { body: 'More.' } } })
      .expect(201);
    await author.post(`/api/studio/courses/${course.id}/publish`).expect(200);
    const body = (await agent.get('/api/me/learning').expect(200)).body as MyLearningDto;
    expect(ids(body.completed)).toContain(course.id);
    expect(ids(body.inProgress)).not.toContain(course.id);
  });
});
