import { TestContext } from '@academy/testing';
import type { LearnerReportDto } from '@academy/contracts';
import { buildQuizCourse, sampleQuiz } from '../../quizzes/__tests__/quiz-fixtures.js';

/** The drill-down's lesson rows for quizzes: attempted and failed is in progress, passed is completed. */
describe('learner drill-down: quiz lesson status', () => {
  let ctx: TestContext;
  afterAll(() => ctx.close());

  it('shows a failed quiz as in progress with its last activity, a passed one as completed', async () => {
    ctx = await TestContext.create();
    const region = await ctx.newOrganisation({ kind: 'region' });
    const administration = await ctx.newOrganisation({ parent: region, kind: 'administration' });
    const author = await ctx.login(await ctx.newUser({ roles: ['author'], organisation: region }));
    const coordinator = await ctx.login(
      await ctx.newUser({
        roles: [{ role: 'coordinator', organisation: administration }],
        organisation: administration,
      }),
    );
    const learnerUser = await ctx.newUser({ organisation: administration });
    const learner = await ctx.login(learnerUser);
    const s = sampleQuiz();
    const { courseId, quizId } = await buildQuizCourse(author, s.input);
    await learner
      .post(`/api/courses/${courseId}/enrolment`)
      .expect((r) => expect([200, 201]).toContain(r.status));

    const quizRow = async () => {
      const report = await coordinator.get(`/api/reports/learners/${learnerUser.id}`).expect(200);
      const course = (report.body as LearnerReportDto).courses.find((c) => c.courseId === courseId)!;
      return course.lessons.find((l) => l.lessonId === quizId)!;
    };
    expect(await quizRow()).toMatchObject({ status: 'not_started', updatedAt: null });

    const first = await learner.post(`/api/lessons/${quizId}/attempts`).expect(201);
    await learner
      .post(`/api/attempts/${first.body.id}/submit`)
      .send({ answers: { [s.q.single]: [s.o.singleWrong] } })
      .expect(200);
    const failed = await quizRow();
    expect(failed.status).toBe('in_progress');
    expect(failed.updatedAt).not.toBeNull();
    expect(failed.completedAt).toBeNull();

    const second = await learner.post(`/api/lessons/${quizId}/attempts`).expect(201);
    await learner
      .post(`/api/attempts/${second.body.id}/submit`)
      .send({
        answers: {
          [s.q.single]: [s.o.singleRight],
          [s.q.multiple]: [s.o.multiA, s.o.multiB],
          [s.q.tf]: true,
        },
      })
      .expect(200);
    expect(await quizRow()).toMatchObject({ status: 'completed' });
  });
});
