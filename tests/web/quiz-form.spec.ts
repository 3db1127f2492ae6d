import type { QuizDefinition } from '@academy/contracts';
import {
  moveItem,
  newQuestion,
  questionIndexOf,
  quizErrorsFromApi,
  quizFormChanged,
  toQuizForm,
  toQuizInput,
  validateQuizForm,
  withCorrect,
  withType,
} from '../../apps/web/src/features/quiz/quiz-form.js';

const saved: QuizDefinition = {
  settings: {
    passMarkPct: 80,
    attemptsAllowed: 3,
    shuffleQuestions: true,
    shuffleOptions: false,
    drawCount: 2,
    timeLimitS: 600,
  },
  questions: [
    {
      id: 'q1',
      type: 'single',
      text: { en: 'Pick', ru: 'Выберите' },
      points: 2,
      explanation: { en: 'Because' },
      options: [
        { id: 'o1', text: { en: 'A', ru: 'А' }, correct: true },
        { id: 'o2', text: { en: 'B', ru: 'Б' }, correct: false },
      ],
      answer: null,
    },
    {
      id: 'q2',
      type: 'true_false',
      text: { en: 'True?' },
      points: 1,
      explanation: {},
      options: [],
      answer: false,
    },
  ],
};

describe('quiz form', () => {
  it('round-trips a saved quiz: ids kept, minutes ↔ seconds, languages left out when empty', () => {
    const form = toQuizForm(saved);
    expect(form).toMatchObject({
      passMarkPct: '80',
      attemptsUnlimited: false,
      attemptsAllowed: '3',
      drawCount: '2',
      timeLimitMin: '10',
    });
    expect(toQuizInput(form)).toEqual({
      settings: saved.settings,
      questions: [
        {
          id: 'q1',
          type: 'single',
          text: { en: 'Pick', ru: 'Выберите' },
          points: 2,
          explanation: { en: 'Because' },
          options: [
            { id: 'o1', text: { en: 'A', ru: 'А' }, correct: true },
            { id: 'o2', text: { en: 'B', ru: 'Б' }, correct: false },
          ],
          answer: null,
        },
        {
          id: 'q2',
          type: 'true_false',
          text: { en: 'True?' },
          points: 1,
          explanation: {},
          options: [],
          answer: false,
        },
      ],
    });
    expect(quizFormChanged(form, toQuizForm(saved))).toBe(false);
  });

  it('starts a lesson without a quiz from the defaults (70%, unlimited, no limit) and sends new questions without ids', () => {
    const form = toQuizForm(null);
    expect(form).toMatchObject({
      passMarkPct: '70',
      attemptsUnlimited: true,
      drawCount: '',
      timeLimitMin: '',
    });
    form.questions.push(newQuestion());
    const input = toQuizInput(form);
    expect(input.settings).toMatchObject({ attemptsAllowed: null, drawCount: null, timeLimitS: null });
    expect(input.questions[0]).not.toHaveProperty('id');
    expect(input.questions[0].options).toHaveLength(2);
    expect(input.questions[0].options![0]).not.toHaveProperty('id');
  });

  it('notices changes the API would store, not a re-typed identical value', () => {
    const form = toQuizForm(saved);
    const edited = {
      ...form,
      questions: form.questions.map((q, i) => (i === 0 ? { ...q, points: ' 2 ' } : q)),
    };
    expect(quizFormChanged(form, edited)).toBe(false);
    const reordered = { ...form, questions: moveItem(form.questions, 0, 1) };
    expect(quizFormChanged(form, reordered)).toBe(true);
    expect(toQuizInput(reordered).questions.map((q) => q.id)).toEqual(['q2', 'q1']);
  });

  it('keeps the options of a question switched to true/false (not sent) and back', () => {
    const form = toQuizForm(saved);
    const tf = withType(form.questions[0], 'true_false');
    expect(toQuizInput({ ...form, questions: [tf] }).questions[0]).toMatchObject({
      options: [],
      answer: null,
    });
    expect(withType(tf, 'single').options.map((o) => o.id)).toEqual(['o1', 'o2']);
  });

  it('allows one correct option in a single-choice question', () => {
    const form = toQuizForm(saved);
    const single = withCorrect(form.questions[0], 'o2', true);
    expect(single.options.map((o) => o.correct)).toEqual([false, true]);
    const multiple = withCorrect(withType(form.questions[0], 'multiple'), 'o2', true);
    expect(multiple.options.map((o) => o.correct)).toEqual([true, true]);
    expect(withType(multiple, 'single').options.map((o) => o.correct)).toEqual([true, false]);
  });

  it('finds what the server would refuse before sending, keyed by question', () => {
    const form = toQuizForm(saved);
    form.passMarkPct = '101';
    form.attemptsAllowed = '';
    form.timeLimitMin = '1.5';
    form.questions[0] = { ...form.questions[0], points: '0', options: form.questions[0].options.slice(0, 1) };
    expect(validateQuizForm(form)).toEqual({
      'settings.passMarkPct': 'QUIZ_OUT_OF_RANGE',
      'settings.attemptsAllowed': 'REQUIRED',
      'settings.timeLimitS': 'QUIZ_OUT_OF_RANGE',
      'questions.0.points': 'QUIZ_OUT_OF_RANGE',
      'questions.0.options': 'QUIZ_TWO_OPTIONS',
    });
    // Unfinished but savable: no correct answer marked, text missing in a language.
    const unfinished = toQuizForm(null);
    unfinished.questions.push(newQuestion('multiple'), newQuestion('true_false'));
    expect(validateQuizForm(unfinished)).toEqual({});
  });

  it('maps both shapes of API field paths onto the form', () => {
    expect(
      quizErrorsFromApi({
        'quiz.questions.0.points': 'INVALID',
        'quiz.questions[2].options': 'TOO_SHORT',
        'quiz.settings.passMarkPct': 'INVALID',
        title: 'REQUIRED',
      }),
    ).toEqual({
      'questions.0.points': 'INVALID',
      'questions.2.options': 'TOO_SHORT',
      'settings.passMarkPct': 'INVALID',
    });
    expect(questionIndexOf('questions.12.options.1.text.en')).toBe(12);
    expect(questionIndexOf('settings.drawCount')).toBeNull();
  });
});
