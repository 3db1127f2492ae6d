import { randomUUID } from 'node:crypto';
import { TestContext } from '@academy/testing';
import type TestAgent from 'supertest/lib/agent.js';
import { sampleQuiz } from './quiz-fixtures.js';

describe('quiz authoring: validation, draft and publication checks', () => {
  let ctx: TestContext;
  let author: TestAgent;
  let n = 0;

  /** A draft course with one module and one quiz lesson (no questions yet). */
  const draftWithQuiz = async () => {
    const course = await author
      .post('/api/studio/courses')
      .send({
        code: `QA-${process.pid}-${++n}`,
        baseLocale: 'en',
        title: { en: 'Quiz draft' },
        summary: { en: 'S' },
      })
      .expect(201);
    const withModule = await author
      .post(`/api/studio/courses/${course.body.id}/modules`)
      .send({ title: { en: 'M' } })
      .expect(201);
    const draft = await author
      .post(`/api/studio/modules/${withModule.body.modules[0].id}/lessons`)
      .send({ kind: 'quiz', title: { en: 'Quiz' } })
      .expect(201);
    return { courseId: course.body.id as string, lessonId: draft.body.modules[0].lessons[0].id as string };
  };
  const patchQuiz = (lessonId: string, quiz: unknown) =>
    author.patch(`/api/studio/lessons/${lessonId}`).send({ quiz });
  const publish = (courseId: string) => author.post(`/api/studio/courses/${courseId}/publish`);

  beforeAll(async () => {
    ctx = await TestContext.create();
    author = await ctx.login(await ctx.newUser({ roles: ['author'] }));
  });
  afterAll(() => ctx.close());

  it('stores the quiz in the draft, assigning ids to new questions and options and completing the settings', async () => {
    const { lessonId } = await draftWithQuiz();
    const response = await patchQuiz(lessonId, {
      settings: { passMarkPct: 60, timeLimitS: 600 },
      questions: [
        {
          type: 'single',
          text: { en: ' Pick one ', ru: '' },
          points: 3,
          options: [
            { text: { en: 'A' }, correct: true },
            { text: { en: 'B' }, correct: false },
          ],
        },
      ],
    }).expect(200);
    const quiz = response.body.modules[0].lessons[0].quiz;
    expect(quiz.settings).toEqual({
      passMarkPct: 60,
      attemptsAllowed: null,
      shuffleQuestions: false,
      shuffleOptions: false,
      drawCount: null,
      timeLimitS: 600,
    });
    expect(quiz.questions[0]).toMatchObject({
      type: 'single',
      text: { en: 'Pick one' },
      points: 3,
      answer: null,
    });
    expect(quiz.questions[0].id).toMatch(/^[0-9a-f-]{36}$/);
    expect(quiz.questions[0].options.map((o: { id: string }) => o.id)).toHaveLength(2);
    // Settings not sent are kept on the next edit; questions sent back keep their ids.
    const again = await patchQuiz(lessonId, { questions: quiz.questions }).expect(200);
    expect(again.body.modules[0].lessons[0].quiz.settings.passMarkPct).toBe(60);
    expect(again.body.modules[0].lessons[0].quiz.questions[0].id).toBe(quiz.questions[0].id);
    // The Russian question text is missing: listed by the translation report with its path.
    expect(again.body.translation.missing.ru).toContain('modules[0].lessons[0].quiz.questions[0].text');
  });

  it('refuses malformed quizzes with 400 and the field', async () => {
    const { lessonId } = await draftWithQuiz();
    const bad = async (quiz: unknown, field: string) => {
      const response = await patchQuiz(lessonId, quiz).expect(400);
      expect(response.body.error.code).toBe('VALIDATION_FAILED');
      expect(Object.keys(response.body.error.details ?? {}).join(' ')).toContain(field);
    };
    const q = { type: 'single', text: { en: 'Q' }, points: 1 };
    const two = [
      { text: { en: 'A' }, correct: true },
      { text: { en: 'B' }, correct: false },
    ];
    await bad({ questions: [{ ...q, points: 0, options: two }] }, 'points');
    await bad({ questions: [{ ...q, type: 'essay', options: two }] }, 'type');
    await bad({ questions: [{ ...q, options: two }], settings: { passMarkPct: 101 } }, 'passMarkPct');
    await bad({ questions: [{ ...q, options: two }], settings: { timeLimitS: 5 } }, 'timeLimitS');
    await bad({ questions: [{ ...q, options: [two[0]] }] }, 'quiz.questions[0].options');
    await bad(
      { questions: [{ ...q, options: two.map((o) => ({ ...o, correct: true })) }] },
      'quiz.questions[0].options',
    );
    await bad(
      { questions: [{ ...q, type: 'true_false', answer: true, options: two }] },
      'quiz.questions[0].options',
    );
    const id = randomUUID();
    await bad(
      {
        questions: [
          { ...q, id, options: two },
          { ...q, id, options: two },
        ],
      },
      'quiz.questions[1].id',
    );
  });

  it('refuses a quiz on a lesson of another kind', async () => {
    const course = await author
      .post('/api/studio/courses')
      .send({ code: `QA-${process.pid}-${++n}`, baseLocale: 'en', title: { en: 'Article' } })
      .expect(201);
    const withModule = await author
      .post(`/api/studio/courses/${course.body.id}/modules`)
      .send({ title: { en: 'M' } })
      .expect(201);
    const draft = await author
      .post(`/api/studio/modules/${withModule.body.modules[0].id}/lessons`)
      .send({ kind: 'article', title: { en: 'Text' } })
      .expect(201);
    const response = await patchQuiz(draft.body.modules[0].lessons[0].id, sampleQuiz().input).expect(400);
    expect(response.body.error.details).toEqual({ quiz: 'INVALID' });
  });

  it('refuses to publish a quiz without questions', async () => {
    const { courseId } = await draftWithQuiz();
    const response = await publish(courseId).expect(422);
    expect(response.body.error.code).toBe('PUBLISH_REFUSED');
    expect(response.body.error.details.problems).toContainEqual({
      code: 'QUIZ_NO_QUESTIONS',
      path: 'modules[0].lessons[0].quiz',
    });
  });

  it('lists every question without a correct answer, base-language text missing and a draw larger than the pool', async () => {
    const { courseId, lessonId } = await draftWithQuiz();
    const { input } = sampleQuiz({ drawCount: 5 });
    input.questions[0].options = input.questions[0].options!.map((o) => ({ ...o, correct: false }));
    input.questions[2].answer = null;
    input.questions[1].text = { ru: 'Только по-русски' };
    await patchQuiz(lessonId, input).expect(200);
    const response = await publish(courseId).expect(422);
    expect(response.body.error.details.problems).toEqual(
      expect.arrayContaining([
        { code: 'QUIZ_NO_CORRECT_ANSWER', path: 'modules[0].lessons[0].quiz.questions[0]' },
        { code: 'QUIZ_NO_CORRECT_ANSWER', path: 'modules[0].lessons[0].quiz.questions[2]' },
        { code: 'QUIZ_DRAW_TOO_LARGE', path: 'modules[0].lessons[0].quiz.settings.drawCount' },
        { code: 'BASE_LOCALE_INCOMPLETE', path: 'modules[0].lessons[0].quiz.questions[1].text' },
      ]),
    );
    expect(response.body.error.details.problems).not.toContainEqual(
      expect.objectContaining({ path: 'modules[0].lessons[0].quiz.questions[1]' }),
    );
  });

  it('publishes a complete quiz, copying it into the snapshot, and lists missing translations', async () => {
    const { courseId, lessonId } = await draftWithQuiz();
    const { input, q } = sampleQuiz({ attemptsAllowed: 3 });
    delete input.questions[1].options![2].text.ru;
    await patchQuiz(lessonId, input).expect(200);
    const response = await publish(courseId).expect(200);
    expect(response.body.missingTranslations.ru).toEqual(
      expect.arrayContaining(['modules[0].lessons[0].quiz.questions[1].options[2]']),
    );
    const [row] = (await ctx.db.query(
      `SELECT content FROM course_versions WHERE course_id = $1 ORDER BY version DESC LIMIT 1`,
      [courseId],
    )) as {
      content: { modules: { lessons: { quiz: { settings: unknown; questions: { id: string }[] } }[] }[] };
    }[];
    const quiz = row.content.modules[0].lessons[0].quiz;
    expect(quiz.settings).toMatchObject({ attemptsAllowed: 3, passMarkPct: 75 });
    expect(quiz.questions.map((question) => question.id)).toEqual([q.single, q.multiple, q.tf]);
  });
});
