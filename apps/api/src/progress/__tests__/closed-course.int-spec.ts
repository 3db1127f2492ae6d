import { TestContext, type TestOrganisation } from '@academy/testing';
import type TestAgent from 'supertest/lib/agent.js';
import { buildQuizCourse, sampleQuiz } from '../../quizzes/__tests__/quiz-fixtures.js';
import { buildCourse, controlClock } from './progress-fixtures.js';

/**
 * A course closed to self-enrolment is open only to the officers it is assigned to: watching a video or
 * starting a quiz in it without an enrolment is refused with ENROLMENT_REQUIRED and writes nothing, and
 * closing or opening a course applies at the next request (the cached lesson lookup follows the catalogue
 * generation, which the self-enrolment setting now bumps).
 */
describe('progress and quizzes in a course closed to self-enrolment', () => {
  let ctx: TestContext;
  let author: TestAgent;
  let administration: TestOrganisation;

  const setOpen = (courseId: string, selfEnrolment: boolean) =>
    author.patch(`/api/studio/courses/${courseId}`).send({ selfEnrolment }).expect(200);
  const rows = async (table: string, userId: string) =>
    ((await ctx.db.query(`SELECT 1 FROM ${table} WHERE user_id = $1`, [userId])) as unknown[]).length;
  /** What an assignment writes, put in with SQL (the assignments feature is tested on its own). */
  const assign = (userId: string, courseId: string) =>
    ctx.db.query(
      `INSERT INTO enrolments (user_id, course_id, source, assigned_at, status)
       VALUES ($1, $2, 'assigned', now(), 'not_started')`,
      [userId, courseId],
    );

  beforeAll(async () => {
    ctx = await TestContext.create();
    const region = await ctx.newOrganisation({ kind: 'region' });
    administration = await ctx.newOrganisation({ parent: region, kind: 'administration' });
    author = await ctx.login(await ctx.newUser({ roles: ['author'], organisation: region }));
    controlClock(ctx);
  });
  afterAll(() => ctx.close());

  it('refuses video progress without an enrolment and accepts it once assigned', async () => {
    const course = await buildCourse(ctx, author, [{ kind: 'video', durationS: 60 }]);
    const [lessonId] = course.lessonIds;
    const learner = await ctx.newUser({ organisation: administration });
    const agent = await ctx.login(learner);
    const report = { positionS: 4, watched: [[0, 4]], seq: 1 };

    // Open: the first report enrols the learner, as before.
    await agent.put(`/api/lessons/${lessonId}/progress`).send(report).expect(200);
    await ctx.db.query(`DELETE FROM lesson_progress WHERE user_id = $1`, [learner.id]);
    await ctx.db.query(`DELETE FROM enrolments WHERE user_id = $1`, [learner.id]);

    await setOpen(course.id, false);
    const refused = await agent.put(`/api/lessons/${lessonId}/progress`).send({ ...report, seq: 2 });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('ENROLMENT_REQUIRED');
    expect(await rows('lesson_progress', learner.id)).toBe(0);
    expect(await rows('enrolments', learner.id)).toBe(0);
    // Reading is still allowed: the course stays visible in the catalogue.
    await agent.get(`/api/lessons/${lessonId}/progress`).expect(200);

    await assign(learner.id, course.id);
    // An assigned course not started yet counts the lessons it has, not "0 of 0".
    const assigned = await agent.get(`/api/courses/${course.id}/progress`).expect(200);
    expect(assigned.body.course).toMatchObject({
      status: 'not_started',
      completedLessons: 0,
      requiredLessons: 1,
    });
    const accepted = await agent
      .put(`/api/lessons/${lessonId}/progress`)
      .send({ ...report, seq: 3 })
      .expect(200);
    expect(accepted.body.watchedS).toBe(4);
    expect(accepted.body.course.status).toBe('in_progress');

    // Opening the course again applies at once.
    const other = await ctx.login(await ctx.newUser({ organisation: administration }));
    await setOpen(course.id, true);
    await other.put(`/api/lessons/${lessonId}/progress`).send(report).expect(200);
  });

  it('refuses to start a quiz without an enrolment and starts it once assigned', async () => {
    const { courseId, quizId } = await buildQuizCourse(author, sampleQuiz().input);
    await setOpen(courseId, false);
    const learner = await ctx.newUser({ organisation: administration });
    const agent = await ctx.login(learner);

    const refused = await agent.post(`/api/lessons/${quizId}/attempts`).send({});
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('ENROLMENT_REQUIRED');
    expect(await rows('quiz_attempts', learner.id)).toBe(0);

    await assign(learner.id, courseId);
    await agent.post(`/api/lessons/${quizId}/attempts`).send({}).expect(201);
    expect(await rows('quiz_attempts', learner.id)).toBe(1);
  });
});
