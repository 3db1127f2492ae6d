import type { AttemptQuestionDto } from '@academy/contracts';
import {
  choose,
  formatCountdown,
  secondsLeft,
  toSubmission,
  unansweredQuestions,
} from '../../apps/web/src/features/quiz/attempt-logic.js';

const text = (value: string) => ({ text: value, locale: 'en' as const });
const questions: AttemptQuestionDto[] = [
  {
    id: 's',
    type: 'single',
    text: text('One'),
    points: 1,
    options: [
      { id: 's1', text: text('A') },
      { id: 's2', text: text('B') },
    ],
  },
  {
    id: 'm',
    type: 'multiple',
    text: text('Many'),
    points: 2,
    options: [
      { id: 'm1', text: text('A') },
      { id: 'm2', text: text('B') },
      { id: 'm3', text: text('C') },
    ],
  },
  { id: 't', type: 'true_false', text: text('True?'), points: 1, options: [] },
];

describe('quiz attempt', () => {
  it('keeps one option for single choice and a set for multiple choice', () => {
    let answers = choose({}, questions[0], 's1', true);
    answers = choose(answers, questions[0], 's2', true);
    expect(answers.s).toEqual(['s2']);
    answers = choose(answers, questions[1], 'm1', true);
    answers = choose(answers, questions[1], 'm3', true);
    answers = choose(answers, questions[1], 'm3', true);
    expect(answers.m).toEqual(['m1', 'm3']);
    answers = choose(answers, questions[1], 'm1', false);
    expect(answers.m).toEqual(['m3']);
  });

  it('lists unanswered questions: an empty choice or nothing; false is an answer', () => {
    expect(unansweredQuestions(questions, { s: [], t: false }).map((q) => q.id)).toEqual(['s', 'm']);
  });

  it('sends only answers to this attempt’s questions and options', () => {
    expect(
      toSubmission(questions, {
        s: ['s1', 's2'],
        m: ['m2', 'x', 'm2'],
        t: false,
        other: true,
      }),
    ).toEqual({ answers: { s: ['s1'], m: ['m2'], t: false } });
    expect(toSubmission(questions, { m: [] })).toEqual({ answers: {} });
  });

  it('counts down to the server deadline in whole seconds, never below zero', () => {
    const now = Date.parse('2026-01-01T10:00:00.000Z');
    expect(secondsLeft(null, now)).toBeNull();
    expect(secondsLeft('2026-01-01T10:01:00.000Z', now)).toBe(60);
    expect(secondsLeft('2026-01-01T10:00:00.400Z', now)).toBe(1);
    expect(secondsLeft('2026-01-01T09:59:00.000Z', now)).toBe(0);
    expect(formatCountdown(65)).toBe('1:05');
    expect(formatCountdown(3723)).toBe('1:02:03');
    expect(formatCountdown(0)).toBe('0:00');
  });
});
