import { TestContext, type TestOrganisation } from '@academy/testing';
import type TestAgent from 'supertest/lib/agent.js';
import { buildCourse, controlClock } from '../../progress/__tests__/progress-fixtures.js';
import { sampleQuiz } from '../../quizzes/__tests__/quiz-fixtures.js';

describe('self-enrolment, leaving, and completion of documents and articles', () => {
  let ctx: TestContext;
  let author: TestAgent;
  let adminA: TestOrganisation;
  let adminB: TestOrganisation;

  const newLearner = async (organisation: TestOrganisation = adminA) => {
    const user = await ctx.newUser({ organisation });
    return { user, agent: await ctx.login(user) };
  };
  const enrolments = async (userId: string, courseId: string) =>
    (await ctx.db.query(`SELECT * FROM enrolments WHERE user_id = $1 AND course_id = $2`, [
      userId,
      courseId,
    ])) as { source: string; status: string; progress_pct: number; completed_at: Date | null }[];
  const closeCourse = (courseId: string) =>
    author.patch(`/api/studio/courses/${courseId}`).send({ selfEnrolment: false }).expect(200);
  /** What an assignment writes (the assignments feature's rows), put in with SQL. */
  const assign = (userId: string, courseId: string, dueAt: Date | null = null) =>
    ctx.db.query(
      `INSERT INTO enrolments (user_id, course_id, source, assigned_at, due_at, status)
       VALUES ($1, $2, 'assigned', now(), $3, 'not_started')
       ON CONFLICT (user_id, course_id) DO UPDATE SET source = 'assigned', assigned_at = now(), due_at = $3`,
      [userId, courseId, dueAt],
    );

  beforeAll(async () => {
    ctx = await TestContext.create();
    const region = await ctx.newOrganisation({ kind: 'region' });
    adminA = await ctx.newOrganisation({ parent: region, kind: 'administration' });
    adminB = await ctx.newOrganisation({ parent: region, kind: 'administration' });
    author = await ctx.login(await ctx.newUser({ roles: ['author'], organisation: region }));
    controlClock(ctx);
  });
  afterAll(() => ctx.close());

  it('refuses anonymous callers with 401 on every route', async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    for (const response of [
      await ctx.http().get('/api/me/learning'),
      await ctx.http().get(`/api/courses/${id}/enrolment`),
      await ctx.http().post(`/api/courses/${id}/enrolment`),
      await ctx.http().delete(`/api/courses/${id}/enrolment`),
      await ctx.http().post(`/api/lessons/${id}/completion`).send({}),
    ]) {
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe('UNAUTHENTICATED');
    }
  });

  it('answers 400 for a malformed id and a bad locale', async () => {
    const { agent } = await newLearner();
    expect((await agent.post('/api/courses/nope/enrolment')).status).toBe(400);
    expect((await agent.post('/api/lessons/nope/completion')).status).toBe(400);
    const bad = await agent.get('/api/me/learning?locale=fr');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('lets authors open or close a course for self-enrolment, and shows it to learners', async () => {
    const course = await buildCourse(ctx, author, [{ kind: 'article' }]);
    const draft = await author.get(`/api/studio/courses/${course.id}`).expect(200);
    expect(draft.body.selfEnrolment).toBe(true);
    const { agent } = await newLearner();
    expect((await agent.get(`/api/courses/${course.id}`).expect(200)).body.selfEnrolment).toBe(true);

    const closed = await closeCourse(course.id);
    expect(closed.body.selfEnrolment).toBe(false);
    expect((await agent.get(`/api/courses/${course.id}`).expect(200)).body.selfEnrolment).toBe(false);
    const list = await author.get('/api/studio/courses').expect(200);
    expect(list.body.find((c: { id: string }) => c.id === course.id).selfEnrolment).toBe(false);

    const bad = await author.patch(`/api/studio/courses/${course.id}`).send({ selfEnrolment: 'yes' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');

    const created = await author
      .post('/api/studio/courses')
      .send({
        code: `CLOSED-${process.pid}`,
        baseLocale: 'en',
        title: { en: 'Closed' },
        selfEnrolment: false,
      })
      .expect(201);
    expect(created.body.selfEnrolment).toBe(false);
  });

  it('enrols a learner once however often they ask, and says null before', async () => {
    const course = await buildCourse(ctx, author, [{ kind: 'article' }, { kind: 'document' }]);
    const { user, agent } = await newLearner();
    const before = await agent.get(`/api/courses/${course.id}/enrolment`).expect(200);
    expect(before.headers['content-type']).toMatch(/json/);
    expect(before.body).toBeNull();

    const first = await agent.post(`/api/courses/${course.id}/enrolment`).expect(200);
    expect(first.body).toMatchObject({
      courseId: course.id,
      source: 'self',
      status: 'not_started',
      progressPct: 0,
      completedLessons: 0,
      requiredLessons: 2,
      dueAt: null,
      overdue: false,
      startedAt: null,
      completedAt: null,
      next: { lessonId: course.lessonIds[0], positionS: 0 },
    });
    const again = await agent.post(`/api/courses/${course.id}/enrolment`).expect(200);
    expect(again.body).toEqual(first.body);
    expect(await enrolments(user.id, course.id)).toHaveLength(1);
    expect((await agent.get(`/api/courses/${course.id}/enrolment`).expect(200)).body).toEqual(first.body);
  });

  it('refuses self-enrolment in a course open by assignment only, and changes nothing', async () => {
    const course = await buildCourse(ctx, author, [{ kind: 'article' }]);
    await closeCourse(course.id);
    const { user, agent } = await newLearner();
    const refused = await agent.post(`/api/courses/${course.id}/enrolment`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('ENROLMENT_NOT_OPEN');
    expect(await enrolments(user.id, course.id)).toHaveLength(0);

    // An assigned learner asking again simply gets their assignment back.
    await assign(user.id, course.id);
    const mine = await agent.post(`/api/courses/${course.id}/enrolment`).expect(200);
    expect(mine.body.source).toBe('assigned');
  });

  it('answers 404 for drafts and for courses outside the learner’s audience', async () => {
    const draft = await buildCourse(ctx, author, [{ kind: 'article' }], { publish: false });
    const elsewhere = await buildCourse(ctx, author, [{ kind: 'article' }], {
      audience: 'administrations',
      audienceOrganisationIds: [adminB.id],
    });
    const { user, agent } = await newLearner(adminA);
    for (const id of [draft.id, elsewhere.id]) {
      for (const response of [
        await agent.post(`/api/courses/${id}/enrolment`),
        await agent.get(`/api/courses/${id}/enrolment`),
      ]) {
        expect(response.status).toBe(404);
        expect(response.body.error.code).toBe('COURSE_NOT_FOUND');
      }
      expect(await enrolments(user.id, id)).toHaveLength(0);
    }
    const lesson = await agent.post(`/api/lessons/${elsewhere.lessonIds[0]}/completion`).send({});
    expect(lesson.status).toBe(404);
    expect(lesson.body.error.code).toBe('LESSON_NOT_FOUND');
    const draftLesson = await agent.post(`/api/lessons/${draft.lessonIds[0]}/completion`).send({});
    expect(draftLesson.status).toBe(404);
  });

  it('lets a learner leave a self-enrolled course but not an assigned one', async () => {
    const course = await buildCourse(ctx, author, [{ kind: 'article' }]);
    const { user, agent } = await newLearner();
    const none = await agent.delete(`/api/courses/${course.id}/enrolment`);
    expect(none.status).toBe(404);
    expect(none.body.error.code).toBe('ENROLMENT_NOT_FOUND');

    await agent.post(`/api/courses/${course.id}/enrolment`).expect(200);
    await agent.delete(`/api/courses/${course.id}/enrolment`).expect(204);
    expect(await enrolments(user.id, course.id)).toHaveLength(0);
    expect((await agent.get(`/api/courses/${course.id}/enrolment`).expect(200)).body).toBeNull();

    await assign(user.id, course.id, new Date(Date.now() + 86400_000));
    const refused = await agent.delete(`/api/courses/${course.id}/enrolment`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('ENROLMENT_ASSIGNED');
    expect(await enrolments(user.id, course.id)).toHaveLength(1);
  });

  it('keeps lesson progress when a learner leaves, and counts it again when they come back', async () => {
    const course = await buildCourse(ctx, author, [{ kind: 'article' }, { kind: 'document' }]);
    const { user, agent } = await newLearner();
    await agent.post(`/api/lessons/${course.lessonIds[0]}/completion`).send({}).expect(200);
    await agent.delete(`/api/courses/${course.id}/enrolment`).expect(204);
    const kept = (await ctx.db.query(
      `SELECT status FROM lesson_progress WHERE user_id = $1 AND course_id = $2`,
      [user.id, course.id],
    )) as { status: string }[];
    expect(kept).toEqual([{ status: 'completed' }]);
    const mine = await agent.get('/api/me/learning').expect(200);
    expect([...mine.body.assigned, ...mine.body.inProgress, ...mine.body.completed]).toHaveLength(0);

    const back = await agent.post(`/api/courses/${course.id}/enrolment`).expect(200);
    expect(back.body).toMatchObject({
      source: 'self',
      status: 'in_progress',
      progressPct: 50,
      completedLessons: 1,
      requiredLessons: 2,
      next: { lessonId: course.lessonIds[1], positionS: 0 },
    });
    expect(back.body.startedAt).not.toBeNull();
  });

  it('completes documents and articles when opened, and the course with the last one', async () => {
    const course = await buildCourse(ctx, author, [{ kind: 'document' }, { kind: 'article' }]);
    const { user, agent } = await newLearner();
    // Not enrolled yet, in a course open for it: the first completion enrols them.
    const first = await agent.post(`/api/lessons/${course.lessonIds[0]}/completion`).send({}).expect(200);
    expect(first.body.lesson).toMatchObject({
      lessonId: course.lessonIds[0],
      courseId: course.id,
      status: 'completed',
    });
    expect(first.body.lesson.completedAt).not.toBeNull();
    expect(first.body.course).toMatchObject({
      courseId: course.id,
      status: 'in_progress',
      progressPct: 50,
      completedLessons: 1,
      requiredLessons: 2,
      completedAt: null,
    });
    expect((await enrolments(user.id, course.id))[0].source).toBe('self');

    const last = await agent.post(`/api/lessons/${course.lessonIds[1]}/completion`).send({}).expect(200);
    expect(last.body.course).toMatchObject({ status: 'completed', progressPct: 100, completedLessons: 2 });
    const completedAt = last.body.course.completedAt as string;
    expect(completedAt).not.toBeNull();

    // Again: nothing changes, the first completion time stays.
    const again = await agent.post(`/api/lessons/${course.lessonIds[1]}/completion`).send({}).expect(200);
    expect(again.body.course.completedAt).toBe(completedAt);
    expect(again.body.lesson.completedAt).toBe(last.body.lesson.completedAt);
    const progress = await agent.get(`/api/courses/${course.id}/progress`).expect(200);
    expect(progress.body.course).toMatchObject({ status: 'completed', completedAt });
  });

  it('refuses videos and quizzes with LESSON_KIND_MISMATCH and writes nothing', async () => {
    const course = await buildCourse(ctx, author, [{ kind: 'video', durationS: 60 }], { publish: false });
    const quiz = sampleQuiz();
    await author
      .post(`/api/studio/modules/${course.moduleId}/lessons`)
      .send({ kind: 'quiz', title: { en: 'Quiz' }, quiz: quiz.input })
      .expect(201);
    await author.post(`/api/studio/courses/${course.id}/publish`).expect(200);
    const draft = await author.get(`/api/studio/courses/${course.id}`).expect(200);
    const quizId = draft.body.modules[0].lessons[1].id as string;
    const { user, agent } = await newLearner();
    for (const [lessonId, kind] of [
      [course.lessonIds[0], 'video'],
      [quizId, 'quiz'],
    ]) {
      const refused = await agent.post(`/api/lessons/${lessonId}/completion`).send({});
      expect(refused.status).toBe(409);
      expect(refused.body.error).toMatchObject({ code: 'LESSON_KIND_MISMATCH', details: { kind } });
    }
    expect(await enrolments(user.id, course.id)).toHaveLength(0);
    const rows = (await ctx.db.query(`SELECT 1 FROM lesson_progress WHERE user_id = $1`, [user.id])) as [];
    expect(rows).toHaveLength(0);
  });

  it('requires an enrolment in a course open by assignment only', async () => {
    const course = await buildCourse(ctx, author, [{ kind: 'article' }]);
    await closeCourse(course.id);
    const { user, agent } = await newLearner();
    const refused = await agent.post(`/api/lessons/${course.lessonIds[0]}/completion`).send({});
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('ENROLMENT_REQUIRED');
    expect(await enrolments(user.id, course.id)).toHaveLength(0);
    const rows = (await ctx.db.query(`SELECT 1 FROM lesson_progress WHERE user_id = $1`, [user.id])) as [];
    expect(rows).toHaveLength(0);

    await assign(user.id, course.id);
    const done = await agent.post(`/api/lessons/${course.lessonIds[0]}/completion`).send({}).expect(200);
    expect(done.body.course.status).toBe('completed');
    expect((await enrolments(user.id, course.id))[0].source).toBe('assigned');
  });

  it('never shows one learner another’s enrolment', async () => {
    const course = await buildCourse(ctx, author, [{ kind: 'article' }, { kind: 'article' }]);
    const a = await newLearner();
    const b = await newLearner();
    await a.agent.post(`/api/lessons/${course.lessonIds[0]}/completion`).send({}).expect(200);
    expect((await b.agent.get(`/api/courses/${course.id}/enrolment`).expect(200)).body).toBeNull();
    const theirs = await b.agent.get('/api/me/learning').expect(200);
    expect(theirs.body).toEqual({ assigned: [], inProgress: [], completed: [] });
    // B leaving does not touch A's enrolment.
    expect((await b.agent.delete(`/api/courses/${course.id}/enrolment`)).status).toBe(404);
    expect(await enrolments(a.user.id, course.id)).toHaveLength(1);
  });
});
