import { randomInt } from 'node:crypto';
import type { QuizAnswer, QuizDefinition, QuizQuestion } from '@academy/contracts';
import { AppException } from '../common/app.exception.js';

function shuffled<T>(items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * The questions of a new attempt: `drawCount` distinct questions picked at random from the pool (all
 * when null), in random order when `shuffleQuestions`, else in the authored order; options in random
 * order when `shuffleOptions` (true/false questions have none).
 */
export function drawQuestions(quiz: QuizDefinition): QuizQuestion[] {
  const { drawCount, shuffleQuestions, shuffleOptions } = quiz.settings;
  let questions = quiz.questions;
  if (drawCount !== null && drawCount < questions.length) {
    const picked = new Set(shuffled(questions).slice(0, drawCount));
    questions = questions.filter((question) => picked.has(question));
  }
  if (shuffleQuestions) questions = shuffled(questions);
  return questions.map((question) =>
    shuffleOptions ? { ...question, options: shuffled(question.options) } : question,
  );
}

export interface QuestionScore {
  question: QuizQuestion;
  answer: QuizAnswer | null;
  correct: boolean;
  points: number;
}

/**
 * Checks the submitted answers against the attempt's questions: each key must be a question of this
 * attempt; choice questions take an array of their own option ids (single: at most one, no repeats),
 * true/false a boolean. Anything else is ANSWER_INVALID, naming the question.
 */
export function checkAnswers(questions: QuizQuestion[], answers: Record<string, unknown>): void {
  const byId = new Map(questions.map((question) => [question.id, question]));
  for (const [questionId, answer] of Object.entries(answers)) {
    const question = byId.get(questionId);
    const invalid = (reason: string) =>
      new AppException('ANSWER_INVALID', `Answer refused: ${reason}`, { questionId, reason });
    if (!question) throw invalid('not a question of this attempt');
    if (question.type === 'true_false') {
      if (typeof answer !== 'boolean') throw invalid('a true/false question takes true or false');
      continue;
    }
    if (!Array.isArray(answer) || answer.some((id) => typeof id !== 'string')) {
      throw invalid('a choice question takes a list of option ids');
    }
    const ids = answer as string[];
    const known = new Set(question.options.map((option) => option.id));
    if (ids.some((id) => !known.has(id))) throw invalid('an option of another question');
    if (new Set(ids).size !== ids.length) throw invalid('an option chosen twice');
    if (question.type === 'single' && ids.length > 1)
      throw invalid('a single-choice question takes one option');
  }
}

/**
 * Scores each question, all or nothing: full points when the answer is exactly right, else 0.
 * - single choice: the one correct option chosen;
 * - multiple choice: exactly the set of correct options, no more and no fewer (no partial credit, so
 *   ticking every box never earns anything);
 * - true/false: the correct value.
 * A question left unanswered scores 0.
 */
export function scoreAnswers(
  questions: QuizQuestion[],
  answers: Record<string, QuizAnswer>,
): QuestionScore[] {
  return questions.map((question) => {
    const answer = Object.hasOwn(answers, question.id) ? answers[question.id] : null;
    let correct: boolean;
    if (question.type === 'true_false') correct = answer === question.answer;
    else {
      const wanted = question.options.filter((option) => option.correct).map((option) => option.id);
      const given = Array.isArray(answer) ? answer : [];
      correct = given.length === wanted.length && wanted.every((id) => given.includes(id));
    }
    return { question, answer, correct, points: correct ? question.points : 0 };
  });
}

/** Passed when the points reach the pass mark: earned / max ≥ passMarkPct / 100, compared in integers. */
export function isPassed(scorePoints: number, maxPoints: number, passMarkPct: number): boolean {
  return scorePoints * 100 >= passMarkPct * maxPoints;
}

/** The score as a whole percent, rounded down (so 69.9 % never shows as a pass mark of 70 %). */
export function scorePct(scorePoints: number, maxPoints: number): number {
  return maxPoints === 0 ? 0 : Math.floor((scorePoints * 100) / maxPoints);
}
