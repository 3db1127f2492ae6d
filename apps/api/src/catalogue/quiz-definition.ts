import { randomUUID } from 'node:crypto';
import {
  DEFAULT_QUIZ_SETTINGS,
  LOCALES,
  type Locale,
  type LocalizedText,
  type PublishProblem,
  type QuizDefinition,
  type QuizQuestion,
} from '@academy/contracts';
import { AppException } from '../common/app.exception.js';
import type { QuizDto, QuizTextDto } from './dto/quiz.dto.js';

const clean = (text: QuizTextDto | undefined): LocalizedText => {
  const out: LocalizedText = {};
  for (const locale of LOCALES) {
    const value = text?.[locale]?.trim();
    if (value) out[locale] = value;
  }
  return out;
};

/**
 * Turns the studio's quiz into the stored definition: ids kept or assigned, text trimmed, settings
 * completed with the defaults. Refuses (VALIDATION_FAILED with a path per problem) what could never be
 * a valid question; what is only unfinished (no correct answer yet, a missing language) is saved and
 * reported at publication instead.
 */
export function normaliseQuiz(input: QuizDto, current: QuizDefinition | null): QuizDefinition {
  const details: Record<string, string> = {};
  const questionIds = new Set<string>();
  const questions = input.questions.map((question, q): QuizQuestion => {
    const path = `quiz.questions[${q}]`;
    const id = question.id ?? randomUUID();
    if (questionIds.has(id)) details[`${path}.id`] = 'INVALID';
    questionIds.add(id);
    const options = question.options ?? [];
    const optionIds = new Set<string>();
    if (question.type === 'true_false') {
      if (options.length) details[`${path}.options`] = 'INVALID';
    } else {
      if (options.length < 2) details[`${path}.options`] = 'TOO_SHORT';
      if (question.type === 'single' && options.filter((o) => o.correct).length > 1) {
        details[`${path}.options`] = 'INVALID';
      }
      if (question.answer !== undefined && question.answer !== null) details[`${path}.answer`] = 'INVALID';
    }
    return {
      id,
      type: question.type,
      text: clean(question.text),
      points: question.points,
      explanation: clean(question.explanation),
      options: options.map((option, o) => {
        const optionId = option.id ?? randomUUID();
        if (optionIds.has(optionId)) details[`${path}.options[${o}].id`] = 'INVALID';
        optionIds.add(optionId);
        return { id: optionId, text: clean(option.text), correct: option.correct };
      }),
      answer: question.type === 'true_false' ? (question.answer ?? null) : null,
    };
  });
  if (Object.keys(details).length) {
    throw new AppException('VALIDATION_FAILED', 'The quiz has invalid questions', details);
  }
  return {
    settings: { ...DEFAULT_QUIZ_SETTINGS, ...current?.settings, ...definedOnly(input.settings ?? {}) },
    questions,
  };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Whether a question has its correct answer: one option (single), at least one (multiple), a value (true/false). */
export function hasCorrectAnswer(question: QuizQuestion): boolean {
  if (question.type === 'true_false') return question.answer === true || question.answer === false;
  const correct = question.options.filter((option) => option.correct).length;
  return question.type === 'single' ? correct === 1 : correct >= 1;
}

/** Publication problems of a quiz lesson at `path` (e.g. "modules[0].lessons[2]"), besides translations. */
export function quizProblems(quiz: QuizDefinition | null | undefined, path: string): PublishProblem[] {
  if (!quiz?.questions.length) return [{ code: 'QUIZ_NO_QUESTIONS', path: `${path}.quiz` }];
  const problems: PublishProblem[] = [];
  quiz.questions.forEach((question, q) => {
    if (!hasCorrectAnswer(question)) {
      problems.push({ code: 'QUIZ_NO_CORRECT_ANSWER', path: `${path}.quiz.questions[${q}]` });
    }
  });
  if (quiz.settings.drawCount !== null && quiz.settings.drawCount > quiz.questions.length) {
    problems.push({ code: 'QUIZ_DRAW_TOO_LARGE', path: `${path}.quiz.settings.drawCount` });
  }
  return problems;
}

/**
 * The translatable pieces of a quiz, each with its path under the lesson: question texts, option texts,
 * and explanations where one was written in any language.
 */
export function quizTexts(quiz: QuizDefinition): { path: string; text: LocalizedText }[] {
  return quiz.questions.flatMap((question, q) => [
    { path: `quiz.questions[${q}].text`, text: question.text },
    ...question.options.map((option, o) => ({
      path: `quiz.questions[${q}].options[${o}]`,
      text: option.text,
    })),
    ...(LOCALES.some((l: Locale) => question.explanation[l])
      ? [{ path: `quiz.questions[${q}].explanation`, text: question.explanation }]
      : []),
  ]);
}
