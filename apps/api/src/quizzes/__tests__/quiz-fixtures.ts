import { randomUUID } from 'node:crypto';
import type { QuizDefinitionInput, QuizSettings } from '@academy/contracts';
import type TestAgent from 'supertest/lib/agent.js';

export interface SampleQuiz {
  input: QuizDefinitionInput;
  /** Question ids by name, and option ids by question name. */
  q: { single: string; multiple: string; tf: string };
  o: { singleRight: string; singleWrong: string; multiA: string; multiB: string; multiWrong: string };
}

/**
 * Three questions, 4 points: single choice (1 point), multiple choice with two correct options of three
 * (2 points), true/false whose answer is true (1 point). Ids chosen here so tests know the answers.
 */
export function sampleQuiz(settings: Partial<QuizSettings> = {}): SampleQuiz {
  const q = { single: randomUUID(), multiple: randomUUID(), tf: randomUUID() };
  const o = {
    singleRight: randomUUID(),
    singleWrong: randomUUID(),
    multiA: randomUUID(),
    multiB: randomUUID(),
    multiWrong: randomUUID(),
  };
  return {
    q,
    o,
    input: {
      settings: { passMarkPct: 75, ...settings },
      questions: [
        {
          id: q.single,
          type: 'single',
          text: { en: 'Which form declares goods?', ru: 'Какая форма декларирует товары?' },
          points: 1,
          explanation: { en: 'EXPLAIN-SINGLE the declaration', ru: 'Декларация' },
          options: [
            { id: o.singleRight, text: { en: 'Declaration', ru: 'Декларация' }, correct: true },
            { id: o.singleWrong, text: { en: 'Invoice', ru: 'Счёт' }, correct: false },
          ],
        },
        {
          id: q.multiple,
          type: 'multiple',
          text: { en: 'Which are customs procedures?', ru: 'Какие из них таможенные процедуры?' },
          points: 2,
          explanation: { en: 'EXPLAIN-MULTIPLE', ru: 'Пояснение' },
          options: [
            { id: o.multiA, text: { en: 'Transit', ru: 'Транзит' }, correct: true },
            { id: o.multiB, text: { en: 'Export', ru: 'Экспорт' }, correct: true },
            { id: o.multiWrong, text: { en: 'Lunch', ru: 'Обед' }, correct: false },
          ],
        },
        {
          id: q.tf,
          type: 'true_false',
          text: { en: 'HS codes have six digits at least.', ru: 'Коды ГС содержат не менее шести цифр.' },
          points: 1,
          answer: true,
        },
      ],
    },
  };
}

let courses = 0;

/**
 * A published course through the studio API: one module with an article (required) and a quiz lesson
 * with `quiz` (required). Returns the ids.
 */
export async function buildQuizCourse(
  author: TestAgent,
  quiz: QuizDefinitionInput,
  options: { audience?: 'region' | 'administrations'; audienceOrganisationIds?: string[] } = {},
): Promise<{ courseId: string; articleId: string; quizId: string }> {
  const course = await author
    .post('/api/studio/courses')
    .send({
      code: `QUIZ-${process.pid}-${++courses}`,
      baseLocale: 'en',
      title: { en: `Quiz course ${courses}`, ru: `Курс с тестом ${courses}` },
      summary: { en: 'Quizzes', ru: 'Тесты' },
      audience: options.audience ?? 'region',
      audienceOrganisationIds: options.audienceOrganisationIds,
    })
    .expect(201);
  const courseId = course.body.id as string;
  const withModule = await author
    .post(`/api/studio/courses/${courseId}/modules`)
    .send({ title: { en: 'Module', ru: 'Модуль' } })
    .expect(201);
  const moduleId = withModule.body.modules[0].id as string;
  await author
    .post(`/api/studio/modules/${moduleId}/lessons`)
    .send({ kind: 'article', title: { en: 'Read', ru: 'Чтение' }, variants: { en: { body: 'Text' } } })
    .expect(201);
  const draft = await author
    .post(`/api/studio/modules/${moduleId}/lessons`)
    .send({ kind: 'quiz', title: { en: 'Check', ru: 'Проверка' }, quiz })
    .expect(201);
  await author.post(`/api/studio/courses/${courseId}/publish`).expect(200);
  const lessons = draft.body.modules[0].lessons as { id: string }[];
  return { courseId, articleId: lessons[0].id, quizId: lessons[1].id };
}
