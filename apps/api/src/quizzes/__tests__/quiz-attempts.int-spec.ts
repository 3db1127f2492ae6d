import { randomUUID } from 'node:crypto';
import { QUIZ_SUBMIT_GRACE_S, type QuizAttemptDto } from '@academy/contracts';
import { TestContext, type TestOrganisation } from '@academy/testing';
import type TestAgent from 'supertest/lib/agent.js';
import { controlClock } from '../../progress/__tests__/progress-fixtures.js';
import { buildQuizCourse, sampleQuiz, type SampleQuiz } from './quiz-fixtures.js';

describe('quiz attempts: drawing, secrecy, scoring, limits and completion', () => {
  let ctx: TestContext;
  let author: TestAgent;
  let adminA: TestOrganisation;
  let adminB: TestOrganisation;
  let clock: ReturnType<typeof controlClock>;

  const newLearner = async (organisation: TestOrganisation = adminA) =>
    ctx.login(await ctx.newUser({ organisation }));
  const start = async (agent: TestAgent, lessonId: string) => {
    const response = await agent.post(`/api/lessons/${lessonId}/attempts`).expect(201);
    return response.body as QuizAttemptDto;
  };
  const submit = (agent: TestAgent, attemptId: string, answers: Record<string, unknown>) =>
    agent.post(`/api/attempts/${attemptId}/submit`).send({ answers });
  const allRight = (s: SampleQuiz) => ({
    [s.q.single]: [s.o.singleRight],
    [s.q.multiple]: [s.o.multiB, s.o.multiA],
    [s.q.tf]: true,
  });

  beforeAll(async () => {
    ctx = await TestContext.create();
    const region = await ctx.newOrganisation({ kind: 'region' });
    adminA = await ctx.newOrganisation({ parent: region, kind: 'administration' });
    adminB = await ctx.newOrganisation({ parent: region, kind: 'administration' });
    author = await ctx.login(await ctx.newUser({ roles: ['author'], organisation: region }));
    clock = controlClock(ctx);
  });
  afterAll(() => ctx.close());

  it('refuses anonymous callers with 401', async () => {
    const id = randomUUID();
    for (const response of [
      await ctx.http().get(`/api/lessons/${id}/attempts`),
      await ctx.http().post(`/api/lessons/${id}/attempts`),
      await ctx.http().get(`/api/attempts/${id}`),
      await ctx.http().post(`/api/attempts/${id}/submit`).send({ answers: {} }),
    ]) {
      expect(response.status).toBe(401);
    }
  });

  it('never sends correct answers or explanations before submission, and sends the review after', async () => {
    const s = sampleQuiz();
    const { quizId } = await buildQuizCourse(author, s.input);
    const learner = await newLearner();
    const started = await learner.post(`/api/lessons/${quizId}/attempts`).expect(201);
    const fetched = await learner.get(`/api/attempts/${started.body.id}`).expect(200);
    const listed = await learner.get(`/api/lessons/${quizId}/attempts`).expect(200);
    for (const text of [started.text, fetched.text, listed.text]) {
      expect(text).not.toMatch(/"correct"|"answer"|"explanation"|correctOptionIds|EXPLAIN-/);
    }
    expect(started.body).toMatchObject({ status: 'in_progress', number: 1, result: null, passMarkPct: 75 });
    expect(started.body.questions).toHaveLength(3);
    expect(started.body.questions[0]).toEqual({
      id: s.q.single,
      type: 'single',
      text: { text: 'Which form declares goods?', locale: 'en' },
      points: 1,
      options: [
        { id: s.o.singleRight, text: { text: 'Declaration', locale: 'en' } },
        { id: s.o.singleWrong, text: { text: 'Invoice', locale: 'en' } },
      ],
    });
    const russian = await learner.get(`/api/attempts/${started.body.id}?locale=ru`).expect(200);
    expect(russian.body.questions[2].text).toEqual({
      text: 'Коды ГС содержат не менее шести цифр.',
      locale: 'ru',
    });

    const submitted = await submit(learner, started.body.id, allRight(s)).expect(200);
    expect(submitted.body.result).toMatchObject({
      scorePoints: 4,
      maxPoints: 4,
      scorePct: 100,
      passed: true,
    });
    expect(submitted.body.result.review[0]).toEqual({
      questionId: s.q.single,
      correct: true,
      pointsAwarded: 1,
      answer: [s.o.singleRight],
      correctOptionIds: [s.o.singleRight],
      correctAnswer: null,
      explanation: { text: 'EXPLAIN-SINGLE the declaration', locale: 'en' },
    });
    expect(submitted.body.result.review[2]).toMatchObject({ correctAnswer: true, explanation: null });
    // Reading it again after submission shows the same review.
    const after = await learner.get(`/api/attempts/${started.body.id}`).expect(200);
    expect(after.body.result).toEqual(submitted.body.result);
  });

  it('scores each type all or nothing (multiple choice: exactly the correct set)', async () => {
    const s = sampleQuiz({ passMarkPct: 50 });
    const { quizId } = await buildQuizCourse(author, s.input);
    const learner = await newLearner();
    const cases: [Record<string, unknown>, number[], number][] = [
      // answers, points per question (single, multiple, tf), total
      [allRight(s), [1, 2, 1], 4],
      [{ [s.q.single]: [s.o.singleWrong] }, [0, 0, 0], 0],
      [{ [s.q.multiple]: [s.o.multiA] }, [0, 0, 0], 0], // one of two correct: no partial credit
      [{ [s.q.multiple]: [s.o.multiA, s.o.multiB, s.o.multiWrong] }, [0, 0, 0], 0], // every box ticked
      [{ [s.q.multiple]: [s.o.multiA, s.o.multiB] }, [0, 2, 0], 2],
      [{ [s.q.tf]: false, [s.q.single]: [] }, [0, 0, 0], 0],
      [{ [s.q.tf]: true, [s.q.single]: [s.o.singleRight] }, [1, 0, 1], 2],
    ];
    for (const [answers, points, total] of cases) {
      const attempt = await start(learner, quizId);
      const response = await submit(learner, attempt.id, answers).expect(200);
      const byQuestion = new Map(
        (response.body.result.review as { questionId: string; pointsAwarded: number }[]).map((r) => [
          r.questionId,
          r.pointsAwarded,
        ]),
      );
      expect([s.q.single, s.q.multiple, s.q.tf].map((id) => byQuestion.get(id))).toEqual(points);
      expect(response.body.result.scorePoints).toBe(total);
      expect(response.body.result.passed).toBe(total * 100 >= 50 * 4);
    }
  });

  it('fail, then pass: the lesson completes only on the pass and the course progress moves', async () => {
    const s = sampleQuiz({ attemptsAllowed: 2 });
    const { courseId, quizId } = await buildQuizCourse(author, s.input);
    const learner = await newLearner();
    const first = await start(learner, quizId);
    const failed = await submit(learner, first.id, { [s.q.single]: [s.o.singleRight] }).expect(200);
    expect(failed.body.result).toMatchObject({ scorePoints: 1, scorePct: 25, passed: false });
    let progress = await learner.get(`/api/courses/${courseId}/progress`).expect(200);
    expect(progress.body.lessons[1]).toMatchObject({ lessonId: quizId, status: 'not_started' });
    expect(progress.body.course).toMatchObject({ completedLessons: 0, progressPct: 0 });

    clock.advance(60);
    const second = await start(learner, quizId);
    expect(second.number).toBe(2);
    const passed = await submit(learner, second.id, allRight(s)).expect(200);
    expect(passed.body.result.passed).toBe(true);
    expect(passed.body.course).toMatchObject({
      courseId,
      status: 'in_progress',
      completedLessons: 1,
      requiredLessons: 2,
      progressPct: 50,
    });
    progress = await learner.get(`/api/courses/${courseId}/progress`).expect(200);
    expect(progress.body.lessons[1]).toMatchObject({
      status: 'completed',
      completedAt: new Date(clock.now).toISOString(),
    });
    expect(progress.body.course).toMatchObject({ completedLessons: 1, progressPct: 50 });

    const list = await learner.get(`/api/lessons/${quizId}/attempts`).expect(200);
    expect(list.body).toMatchObject({
      attemptsAllowed: 2,
      attemptsUsed: 2,
      attemptsLeft: 0,
      bestScorePct: 100,
      passed: true,
      questionCount: 3,
    });
    expect(list.body.attempts.map((a: { number: number }) => a.number)).toEqual([2, 1]);

    // Beyond the limit: refused; the completion stays.
    const third = await learner.post(`/api/lessons/${quizId}/attempts`).expect(409);
    expect(third.body.error).toMatchObject({ code: 'ATTEMPTS_EXHAUSTED', details: { attemptsAllowed: 2 } });
    progress = await learner.get(`/api/courses/${courseId}/progress`).expect(200);
    expect(progress.body.lessons[1].status).toBe('completed');
  });

  it('a later failed attempt never takes the completion away', async () => {
    const s = sampleQuiz();
    const { courseId, quizId } = await buildQuizCourse(author, s.input);
    const learner = await newLearner();
    await submit(learner, (await start(learner, quizId)).id, allRight(s)).expect(200);
    const completedAt = (await learner.get(`/api/courses/${courseId}/progress`).expect(200)).body.lessons[1]
      .completedAt;
    clock.advance(300);
    const failed = await submit(learner, (await start(learner, quizId)).id, {}).expect(200);
    expect(failed.body.result.passed).toBe(false);
    expect(failed.body.course).toMatchObject({ completedLessons: 1 });
    const progress = await learner.get(`/api/courses/${courseId}/progress`).expect(200);
    expect(progress.body.lessons[1]).toMatchObject({ status: 'completed', completedAt });
  });

  it('resumes an open attempt instead of starting another', async () => {
    const { quizId } = await buildQuizCourse(author, sampleQuiz({ attemptsAllowed: 1 }).input);
    const learner = await newLearner();
    const first = await start(learner, quizId);
    const again = await start(learner, quizId);
    expect(again.id).toBe(first.id);
    expect((await learner.get(`/api/lessons/${quizId}/attempts`).expect(200)).body.attemptsUsed).toBe(1);
  });

  it('refuses a resubmission with ATTEMPT_ALREADY_SUBMITTED', async () => {
    const s = sampleQuiz();
    const { quizId } = await buildQuizCourse(author, s.input);
    const learner = await newLearner();
    const attempt = await start(learner, quizId);
    await submit(learner, attempt.id, {}).expect(200);
    const again = await submit(learner, attempt.id, allRight(s)).expect(409);
    expect(again.body.error.code).toBe('ATTEMPT_ALREADY_SUBMITTED');
    const stored = await learner.get(`/api/attempts/${attempt.id}`).expect(200);
    expect(stored.body.result.scorePoints).toBe(0);
  });

  it('refuses answers that do not belong to the attempt with ANSWER_INVALID, and stores nothing', async () => {
    const s = sampleQuiz();
    const other = sampleQuiz();
    const { quizId } = await buildQuizCourse(author, s.input);
    await buildQuizCourse(author, other.input);
    const learner = await newLearner();
    const attempt = await start(learner, quizId);
    const invalid: Record<string, unknown>[] = [
      { [randomUUID()]: true },
      { [other.q.tf]: true }, // another quiz's question
      { [s.q.single]: [other.o.singleRight] }, // another quiz's option
      { [s.q.single]: [s.o.multiA] }, // another question's option
      { [s.q.single]: [s.o.singleRight, s.o.singleWrong] }, // two options on single choice
      { [s.q.multiple]: [s.o.multiA, s.o.multiA] },
      { [s.q.tf]: 'true' },
      { [s.q.single]: true },
    ];
    for (const answers of invalid) {
      const response = await submit(learner, attempt.id, answers);
      expect([response.status, response.body.error?.code]).toEqual([400, 'ANSWER_INVALID']);
    }
    const malformed = await learner.post(`/api/attempts/${attempt.id}/submit`).send({ answers: [] });
    expect(malformed.status).toBe(400);
    const stillOpen = await learner.get(`/api/attempts/${attempt.id}`).expect(200);
    expect(stillOpen.body.status).toBe('in_progress');
    await submit(learner, attempt.id, allRight(s)).expect(200);
  });

  it('enforces the time limit on the server, with a small grace', async () => {
    const s = sampleQuiz({ timeLimitS: 60 });
    const { quizId } = await buildQuizCourse(author, s.input);
    const learner = await newLearner();
    const inTime = await start(learner, quizId);
    expect(inTime.deadlineAt).toBe(new Date(clock.now + 60_000).toISOString());
    clock.advance(60 + QUIZ_SUBMIT_GRACE_S);
    await submit(learner, inTime.id, allRight(s)).expect(200);

    const late = await start(learner, quizId);
    clock.advance(60 + QUIZ_SUBMIT_GRACE_S + 1);
    const refused = await submit(learner, late.id, allRight(s)).expect(409);
    expect(refused.body.error.code).toBe('ATTEMPT_TIME_OVER');
    expect((await learner.get(`/api/attempts/${late.id}`).expect(200)).body.status).toBe('expired');
    // The expired attempt is not resumed: a new one starts.
    const next = await start(learner, quizId);
    expect(next.id).not.toBe(late.id);
    expect(next.number).toBe(3);
  });

  it('draws N distinct questions from the pool; shuffling keeps the same questions and options', async () => {
    const pool = sampleQuiz();
    const extra = sampleQuiz();
    const questions = [...pool.input.questions, ...extra.input.questions];
    const ids = questions.map((q) => q.id);
    const optionsOf = new Map(questions.map((q) => [q.id, (q.options ?? []).map((o) => o.id).sort()]));
    const drawn = await buildQuizCourse(author, {
      settings: { drawCount: 4, shuffleQuestions: true, shuffleOptions: true },
      questions,
    });
    const shuffled = await buildQuizCourse(author, {
      settings: { shuffleQuestions: true, shuffleOptions: true },
      questions,
    });
    const learner = await newLearner();
    const seen = new Set<string>();
    for (let i = 0; i < 6; i++) {
      const attempt = await start(learner, drawn.quizId);
      const got = attempt.questions.map((q) => q.id);
      expect(got).toHaveLength(4);
      expect(new Set(got).size).toBe(4);
      for (const id of got) expect(ids).toContain(id);
      got.forEach((id) => seen.add(id));
      await submit(learner, attempt.id, {}).expect(200);

      const whole = await start(learner, shuffled.quizId);
      expect(whole.questions.map((q) => q.id).sort()).toEqual([...ids].sort());
      for (const q of whole.questions) expect(q.options.map((o) => o.id).sort()).toEqual(optionsOf.get(q.id));
      await submit(learner, whole.id, {}).expect(200);
    }
    // Six draws of 4 from 6 questions: all six ever showing up is near certain (random, not fixed).
    expect(seen.size).toBeGreaterThan(4);
    const list = await learner.get(`/api/lessons/${drawn.quizId}/attempts`).expect(200);
    expect(list.body.questionCount).toBe(4);
  });

  it('keeps attempts private: another learner gets 404 on reading or submitting mine', async () => {
    const s = sampleQuiz();
    const { quizId } = await buildQuizCourse(author, s.input);
    const me = await newLearner();
    const someone = await newLearner();
    const attempt = await start(me, quizId);
    const read = await someone.get(`/api/attempts/${attempt.id}`).expect(404);
    expect(read.body.error.code).toBe('ATTEMPT_NOT_FOUND');
    const write = await submit(someone, attempt.id, allRight(s)).expect(404);
    expect(write.body.error.code).toBe('ATTEMPT_NOT_FOUND');
    expect((await someone.get(`/api/lessons/${quizId}/attempts`).expect(200)).body.attempts).toEqual([]);
    // Still mine to submit.
    await submit(me, attempt.id, allRight(s)).expect(200);
  });

  it('follows the course visibility: outside the audience the quiz is not found; other kinds are not quizzes', async () => {
    const s = sampleQuiz();
    const { quizId, articleId } = await buildQuizCourse(author, s.input, {
      audience: 'administrations',
      audienceOrganisationIds: [adminA.id],
    });
    const outsider = await newLearner(adminB);
    const response = await outsider.post(`/api/lessons/${quizId}/attempts`).expect(404);
    expect(response.body.error.code).toBe('LESSON_NOT_FOUND');
    await outsider.get(`/api/lessons/${quizId}/attempts`).expect(404);
    const insider = await newLearner(adminA);
    await start(insider, quizId);
    const notQuiz = await insider.post(`/api/lessons/${articleId}/attempts`).expect(409);
    expect(notQuiz.body.error.code).toBe('LESSON_NOT_QUIZ');
  });
});
