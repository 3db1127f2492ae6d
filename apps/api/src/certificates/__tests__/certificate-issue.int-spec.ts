import { TestContext, type TestOrganisation } from '@academy/testing';
import type TestAgent from 'supertest/lib/agent.js';
import { recountEnrolment } from '../../progress/lesson-completion.js';
import { controlClock } from '../../progress/__tests__/progress-fixtures.js';
import { buildQuizCourse, sampleQuiz } from '../../quizzes/__tests__/quiz-fixtures.js';
import { CERTIFICATE_CODE_PATTERN } from '../certificate-code.js';
import { addVideo, buildCertCourse, passQuiz, startAttempt, allRight } from './certificate-fixtures.js';

interface CertificateRow {
  id: string;
  code: string;
  user_id: string;
  course_id: string;
  course_version: number;
  holder_name: string;
  course_title: Record<string, string>;
  base_locale: string;
  issuer_name: Record<string, string>;
  completed_at: Date;
  revoked_at: Date | null;
}

describe('certificates: issued when a course is first completed', () => {
  let ctx: TestContext;
  let author: TestAgent;
  let region: TestOrganisation;
  let administration: TestOrganisation;
  let clock: ReturnType<typeof controlClock>;
  let seq = 0;

  const certificates = async (userId: string, courseId?: string) =>
    (await ctx.db.query(
      `SELECT * FROM certificates WHERE user_id = $1 AND ($2::uuid IS NULL OR course_id = $2) ORDER BY issued_at`,
      [userId, courseId ?? null],
    )) as CertificateRow[];
  const mails = async (userId: string) =>
    (await ctx.db.query(
      `SELECT kind, data, dedupe_key FROM mail_outbox WHERE user_id = $1 AND kind = 'certificate_issued'`,
      [userId],
    )) as { kind: string; data: { certificateId: string; courseId: string }; dedupe_key: string }[];
  const enrolment = async (userId: string, courseId: string) =>
    (
      (await ctx.db.query(
        `SELECT status, completed_at, progress_pct FROM enrolments WHERE user_id = $1 AND course_id = $2`,
        [userId, courseId],
      )) as { status: string; completed_at: Date | null; progress_pct: number }[]
    )[0];
  const newLearner = async (options: { name?: string; organisation?: TestOrganisation } = {}) => {
    const user = await ctx.newUser({
      organisation: options.organisation ?? administration,
      name: options.name,
    });
    return { user, agent: await ctx.login(user) };
  };
  /** Watches the whole 10-second video through the progress API (after an hour of pretend time). */
  const watch = async (agent: TestAgent, lessonId: string) => {
    await agent
      .put(`/api/lessons/${lessonId}/progress`)
      .send({ positionS: 0, watched: [], seq: ++seq })
      .expect(200);
    clock.advance(3600);
    const response = await agent
      .put(`/api/lessons/${lessonId}/progress`)
      .send({ positionS: 10, watched: [[0, 10]], seq: ++seq })
      .expect(200);
    expect(response.body.status).toBe('completed');
    return response;
  };

  beforeAll(async () => {
    ctx = await TestContext.create();
    region = await ctx.newOrganisation({
      kind: 'region',
      en: 'Test Regional Office',
      ru: 'Тестовое региональное бюро',
    });
    administration = await ctx.newOrganisation({ parent: region, kind: 'administration' });
    author = await ctx.login(await ctx.newUser({ roles: ['author'], organisation: region }));
    clock = controlClock(ctx);
  });
  afterAll(() => ctx.close());

  it('issues one certificate with a snapshot of holder, course and issuer when a quiz pass completes the course', async () => {
    const course = await buildCertCourse(ctx, author, { en: 'Risk management', ru: 'Управление рисками' });
    const { user, agent } = await newLearner({ name: 'Алиев Рашад' });
    expect(await certificates(user.id)).toEqual([]);

    const submitted = await passQuiz(agent, course.quizzes[0]);
    expect(submitted.body.course).toMatchObject({ status: 'completed', progressPct: 100 });

    const [certificate, ...others] = await certificates(user.id);
    expect(others).toEqual([]);
    expect(certificate).toMatchObject({
      course_id: course.courseId,
      course_version: 1,
      holder_name: 'Алиев Рашад',
      course_title: { en: 'Risk management', ru: 'Управление рисками' },
      base_locale: 'en',
      issuer_name: { en: 'Test Regional Office', ru: 'Тестовое региональное бюро' },
      revoked_at: null,
    });
    expect(certificate.code).toMatch(CERTIFICATE_CODE_PATTERN);
    const completion = await enrolment(user.id, course.courseId);
    expect(certificate.completed_at).toEqual(completion.completed_at);
    expect(certificate.completed_at).toEqual(new Date(clock.now));

    // The 'certificate_issued' mail is queued with it, following mail/outbox.ts.
    expect(await mails(user.id)).toEqual([
      {
        kind: 'certificate_issued',
        data: { certificateId: certificate.id, courseId: course.courseId },
        dedupe_key: `certificate_issued:${certificate.id}`,
      },
    ]);
  });

  it('issues nothing until the last required lesson is done (failed quiz, half the course)', async () => {
    const course = await buildCertCourse(ctx, author, { quizzes: 2 });
    const { user, agent } = await newLearner();
    const attempt = await startAttempt(agent, course.quizzes[0].id);
    const failed = await agent
      .post(`/api/attempts/${attempt.id}/submit`)
      .send({ answers: { [course.quizzes[0].quiz.q.tf]: false } })
      .expect(200);
    expect(failed.body.result.passed).toBe(false);
    await passQuiz(agent, course.quizzes[0]);
    expect(await certificates(user.id)).toEqual([]);
    expect(await mails(user.id)).toEqual([]);
    await passQuiz(agent, course.quizzes[1]);
    expect(await certificates(user.id)).toHaveLength(1);
  });

  it('issues through the video progress API when watching completes the course', async () => {
    const course = await buildCertCourse(ctx, author, { quizzes: 0, videos: 1 });
    const { user, agent } = await newLearner();
    const response = await watch(agent, course.videoIds[0]);
    expect(response.body.course).toMatchObject({ status: 'completed' });
    const [certificate] = await certificates(user.id, course.courseId);
    expect(certificate).toBeDefined();
    expect(certificate.completed_at).toEqual((await enrolment(user.id, course.courseId)).completed_at);
    // Reporting again on a completed course changes nothing.
    clock.advance(60);
    await agent
      .put(`/api/lessons/${course.videoIds[0]}/progress`)
      .send({ positionS: 10, watched: [[0, 10]], seq: ++seq })
      .expect(200);
    expect(await certificates(user.id, course.courseId)).toEqual([certificate]);
  });

  it('issues through the article completion endpoint, and once when it races the quiz pass', async () => {
    const quiz = sampleQuiz();
    const course = await buildQuizCourse(author, quiz.input);
    const { user, agent } = await newLearner();
    await passQuiz(agent, { id: course.quizId, quiz });
    expect(await certificates(user.id)).toEqual([]);
    const done = await agent.post(`/api/lessons/${course.articleId}/completion`).send({}).expect(200);
    expect(done.body.course).toMatchObject({ status: 'completed' });
    expect(await certificates(user.id, course.courseId)).toHaveLength(1);

    // Both last lessons at once: the article opened while the quiz is submitted.
    for (let round = 0; round < 3; round++) {
      const racer = await newLearner();
      const attempt = await startAttempt(racer.agent, course.quizId);
      const [opened, submitted] = await Promise.all([
        racer.agent.post(`/api/lessons/${course.articleId}/completion`).send({}),
        racer.agent.post(`/api/attempts/${attempt.id}/submit`).send({ answers: allRight(quiz) }),
      ]);
      expect([opened.status, submitted.status]).toEqual([200, 200]);
      expect(await certificates(racer.user.id)).toHaveLength(1);
      expect(await mails(racer.user.id)).toHaveLength(1);
    }
  });

  it('issues exactly once when the last two lessons are completed at the same moment', async () => {
    for (let round = 0; round < 3; round++) {
      const course = await buildCertCourse(ctx, author, { quizzes: 2 });
      const { user, agent } = await newLearner();
      const attempts = [
        await startAttempt(agent, course.quizzes[0].id),
        await startAttempt(agent, course.quizzes[1].id),
      ];
      const responses = await Promise.all(
        attempts.map((attempt, i) =>
          agent
            .post(`/api/attempts/${attempt.id}/submit`)
            .send({ answers: allRight(course.quizzes[i].quiz) }),
        ),
      );
      expect(responses.map((r) => r.status)).toEqual([200, 200]);
      expect(await certificates(user.id)).toHaveLength(1);
      expect(await mails(user.id)).toHaveLength(1);
      expect((await enrolment(user.id, course.courseId)).status).toBe('completed');
    }
  });

  it('issues exactly once when the recount runs again, or twice at once, for a completed course', async () => {
    const course = await buildCertCourse(ctx, author);
    const { user, agent } = await newLearner();
    await passQuiz(agent, course.quizzes[0]);
    const [issued] = await certificates(user.id);
    const required = [course.quizzes[0].id];

    // The same instant (the recount that completed it, repeated) and later ones, concurrently.
    const same = new Date(issued.completed_at);
    await Promise.all(
      [same, same, new Date(clock.now + 1000), new Date(clock.now + 1000)].map((now) =>
        ctx.db.transaction((manager) => recountEnrolment(manager, user.id, course.courseId, required, now)),
      ),
    );
    expect(await certificates(user.id)).toEqual([issued]);
    expect(await mails(user.id)).toHaveLength(1);
  });

  it('a later version with more lessons keeps the completion and the certificate', async () => {
    const course = await buildCertCourse(ctx, author);
    const { user, agent } = await newLearner();
    await passQuiz(agent, course.quizzes[0]);
    const [before] = await certificates(user.id);
    const completion = await enrolment(user.id, course.courseId);

    // Version 2 adds a required video lesson.
    const videoId = await addVideo(ctx, author, course.moduleId);
    await author.post(`/api/studio/courses/${course.courseId}/publish`).expect(200);
    const [{ version }] = (await ctx.db.query(`SELECT version FROM courses WHERE id = $1`, [
      course.courseId,
    ])) as { version: number }[];
    expect(version).toBe(2);

    const progress = await agent.get(`/api/courses/${course.courseId}/progress`).expect(200);
    expect(progress.body.course).toMatchObject({ status: 'completed' });
    expect(progress.body.course.completedAt).toBe(new Date(completion.completed_at!).toISOString());

    // Watching the new lesson recounts the enrolment: still completed, same time, same certificate.
    clock.advance(3600);
    await watch(agent, videoId);
    const after = await enrolment(user.id, course.courseId);
    expect(after.status).toBe('completed');
    expect(after.completed_at).toEqual(completion.completed_at);
    expect(await certificates(user.id)).toEqual([before]);
    expect(before.course_version).toBe(1);

    // A learner who completes version 2 gets a certificate of version 2.
    const second = await newLearner();
    await passQuiz(second.agent, course.quizzes[0]);
    expect(await certificates(second.user.id)).toEqual([]);
    await watch(second.agent, videoId);
    const [v2] = await certificates(second.user.id);
    expect(v2.course_version).toBe(2);
  });

  it('gives every certificate its own random code and keeps a revoked one revoked (no re-issue)', async () => {
    const course = await buildCertCourse(ctx, author);
    const learners = await Promise.all(Array.from({ length: 6 }, () => newLearner()));
    for (const { agent } of learners) await passQuiz(agent, course.quizzes[0]);
    const rows = (await ctx.db.query(`SELECT code FROM certificates WHERE course_id = $1`, [
      course.courseId,
    ])) as { code: string }[];
    expect(rows).toHaveLength(6);
    expect(new Set(rows.map((r) => r.code)).size).toBe(6);
    for (const { code } of rows) expect(code).toMatch(CERTIFICATE_CODE_PATTERN);

    const { user } = learners[0];
    await ctx.db.query(
      `UPDATE certificates SET revoked_at = now(), revoke_reason = 'test' WHERE user_id = $1`,
      [user.id],
    );
    await ctx.db.transaction((manager) =>
      recountEnrolment(manager, user.id, course.courseId, [course.quizzes[0].id], new Date(clock.now + 5000)),
    );
    const [still] = await certificates(user.id);
    expect(still.revoked_at).not.toBeNull();
  });

  it('names the first region as issuer for a learner outside the organisation tree', async () => {
    const course = await buildCertCourse(ctx, author);
    const user = await ctx.newUser({ name: 'Nobody Anywhere' });
    const agent = await ctx.login(user);
    await passQuiz(agent, course.quizzes[0]);
    const [certificate] = await certificates(user.id);
    const [first] = (await ctx.db.query(
      `SELECT name FROM organisations WHERE kind = 'region' AND parent_id IS NULL ORDER BY created_at, id LIMIT 1`,
    )) as { name: Record<string, string> }[];
    expect(certificate.issuer_name).toEqual(first.name);
  });
});
