/**
 * The studio's quiz form: what the author edits (numbers as typed strings, both languages side by side),
 * how it becomes the API's QuizDefinitionInput, checks made before sending, and how the API's field
 * errors map back onto the form. No React here, so it is unit-tested on its own (tests/web).
 */
import {
  DEFAULT_QUIZ_SETTINGS,
  LOCALES,
  QUIZ_MAX_OPTIONS,
  QUIZ_MAX_QUESTIONS,
  type Locale,
  type LocalizedText,
  type QuestionType,
  type QuizDefinition,
  type QuizDefinitionInput,
} from '@academy/contracts';

export type Texts = Record<Locale, string>;

export interface OptionForm {
  /** Stable React key, also for options not saved yet. */
  key: string;
  id?: string;
  text: Texts;
  correct: boolean;
}

export interface QuestionForm {
  key: string;
  id?: string;
  type: QuestionType;
  text: Texts;
  points: string;
  explanation: Texts;
  /** Kept while the type is true/false (not sent), so switching back restores them. */
  options: OptionForm[];
  /** true/false only. */
  answer: boolean | null;
}

export interface QuizForm {
  passMarkPct: string;
  attemptsUnlimited: boolean;
  attemptsAllowed: string;
  shuffleQuestions: boolean;
  shuffleOptions: boolean;
  /** Empty: every question of the pool in each attempt. */
  drawCount: string;
  /** Minutes; empty: no time limit. */
  timeLimitMin: string;
  questions: QuestionForm[];
}

/** Limits the API enforces (catalogue/dto/quiz.dto.ts); checked here first for a quicker answer. */
export const QUIZ_LIMITS = {
  points: { min: 1, max: 100 },
  passMarkPct: { min: 0, max: 100 },
  attemptsAllowed: { min: 1, max: 100 },
  drawCount: { min: 1, max: QUIZ_MAX_QUESTIONS },
  /** 30 s .. 24 h on the server; whole minutes here. */
  timeLimitMin: { min: 1, max: 1440 },
  textMax: 2000,
} as const;

let keyCounter = 0;
export const newKey = (prefix = 'k'): string => `${prefix}${++keyCounter}`;

export const emptyTexts = (): Texts => ({ en: '', ru: '' });
const toTexts = (value: LocalizedText | undefined): Texts => ({ en: value?.en ?? '', ru: value?.ru ?? '' });
const fromTexts = (value: Texts): LocalizedText => {
  const out: LocalizedText = {};
  for (const l of LOCALES) {
    const text = value[l].trim();
    if (text) out[l] = text;
  }
  return out;
};

export function newOption(): OptionForm {
  return { key: newKey('o'), text: emptyTexts(), correct: false };
}

export function newQuestion(type: QuestionType = 'single'): QuestionForm {
  return {
    key: newKey('q'),
    type,
    text: emptyTexts(),
    points: '1',
    explanation: emptyTexts(),
    options: type === 'true_false' ? [] : [newOption(), newOption()],
    answer: null,
  };
}

export function toQuizForm(quiz: QuizDefinition | null): QuizForm {
  const settings = { ...DEFAULT_QUIZ_SETTINGS, ...quiz?.settings };
  return {
    passMarkPct: String(settings.passMarkPct),
    attemptsUnlimited: settings.attemptsAllowed === null,
    attemptsAllowed: settings.attemptsAllowed === null ? '' : String(settings.attemptsAllowed),
    shuffleQuestions: settings.shuffleQuestions,
    shuffleOptions: settings.shuffleOptions,
    drawCount: settings.drawCount === null ? '' : String(settings.drawCount),
    timeLimitMin:
      settings.timeLimitS === null ? '' : String(Math.max(1, Math.round(settings.timeLimitS / 60))),
    questions: (quiz?.questions ?? []).map((q) => ({
      key: q.id,
      id: q.id,
      type: q.type,
      text: toTexts(q.text),
      points: String(q.points),
      explanation: toTexts(q.explanation),
      options: q.options.map((o) => ({ key: o.id, id: o.id, text: toTexts(o.text), correct: o.correct })),
      answer: q.type === 'true_false' ? q.answer : null,
    })),
  };
}

/** A typed whole number, or NaN when the text is not one (sent as is only after validateQuizForm passed). */
function int(text: string): number {
  const trimmed = text.trim();
  return /^-?\d+$/.test(trimmed) ? Number(trimmed) : Number.NaN;
}

/** What PATCH /api/studio/lessons/:id takes as `quiz`: the whole quiz, ids kept for what was saved. */
export function toQuizInput(form: QuizForm): QuizDefinitionInput {
  const minutes = form.timeLimitMin.trim();
  const draw = form.drawCount.trim();
  return {
    settings: {
      passMarkPct: int(form.passMarkPct),
      attemptsAllowed: form.attemptsUnlimited ? null : int(form.attemptsAllowed),
      shuffleQuestions: form.shuffleQuestions,
      shuffleOptions: form.shuffleOptions,
      drawCount: draw ? int(draw) : null,
      timeLimitS: minutes ? int(minutes) * 60 : null,
    },
    questions: form.questions.map((q) => ({
      ...(q.id ? { id: q.id } : {}),
      type: q.type,
      text: fromTexts(q.text),
      points: int(q.points),
      explanation: fromTexts(q.explanation),
      ...(q.type === 'true_false'
        ? { options: [], answer: q.answer }
        : {
            options: q.options.map((o) => ({
              ...(o.id ? { id: o.id } : {}),
              text: fromTexts(o.text),
              correct: o.correct,
            })),
            answer: null,
          }),
    })),
  };
}

/** Whether the form differs from the saved quiz in anything the API would store. */
export function quizFormChanged(saved: QuizForm, current: QuizForm): boolean {
  return JSON.stringify(toQuizInput(saved)) !== JSON.stringify(toQuizInput(current));
}

/**
 * Field errors by form path (`settings.passMarkPct`, `questions.2.points`, `questions.2.options`),
 * as codes the errors namespace translates (REQUIRED, INVALID, TOO_SHORT, TOO_LONG) or quiz-specific
 * ones the quiz namespace translates (QUIZ_*). Only what the server would refuse: unfinished content
 * (no correct answer yet, a missing language) may be saved and is reported at publication.
 */
export function validateQuizForm(form: QuizForm): Record<string, string> {
  const errors: Record<string, string> = {};
  const range = (path: string, text: string, { min, max }: { min: number; max: number }) => {
    const value = int(text);
    if (!text.trim()) errors[path] = 'REQUIRED';
    else if (Number.isNaN(value) || value < min || value > max) errors[path] = 'QUIZ_OUT_OF_RANGE';
  };
  range('settings.passMarkPct', form.passMarkPct, QUIZ_LIMITS.passMarkPct);
  if (!form.attemptsUnlimited)
    range('settings.attemptsAllowed', form.attemptsAllowed, QUIZ_LIMITS.attemptsAllowed);
  if (form.drawCount.trim()) range('settings.drawCount', form.drawCount, QUIZ_LIMITS.drawCount);
  if (form.timeLimitMin.trim()) range('settings.timeLimitS', form.timeLimitMin, QUIZ_LIMITS.timeLimitMin);
  if (form.questions.length > QUIZ_MAX_QUESTIONS) errors.questions = 'TOO_LONG';
  form.questions.forEach((q, i) => {
    const path = `questions.${i}`;
    range(`${path}.points`, q.points, QUIZ_LIMITS.points);
    for (const l of LOCALES) {
      if (q.text[l].length > QUIZ_LIMITS.textMax) errors[`${path}.text.${l}`] = 'TOO_LONG';
      if (q.explanation[l].length > QUIZ_LIMITS.textMax) errors[`${path}.explanation.${l}`] = 'TOO_LONG';
    }
    if (q.type === 'true_false') return;
    if (q.options.length < 2) errors[`${path}.options`] = 'QUIZ_TWO_OPTIONS';
    else if (q.options.length > QUIZ_MAX_OPTIONS) errors[`${path}.options`] = 'TOO_LONG';
    else if (q.type === 'single' && q.options.filter((o) => o.correct).length > 1) {
      errors[`${path}.options`] = 'QUIZ_ONE_CORRECT';
    }
    q.options.forEach((o, j) => {
      for (const l of LOCALES) {
        if (o.text[l].length > QUIZ_LIMITS.textMax) errors[`${path}.options.${j}.text.${l}`] = 'TOO_LONG';
      }
    });
  });
  return errors;
}

/**
 * The API's field errors for a quiz, keyed like validateQuizForm. The API names them two ways:
 * `quiz.questions.0.points` (request validation) and `quiz.questions[0].options` (quiz rules); a
 * timeLimitS error keeps its name (the form shows it on the minutes field).
 */
export function quizErrorsFromApi(details: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, code] of Object.entries(details)) {
    if (path !== 'quiz' && !path.startsWith('quiz.')) continue;
    const key = path
      .replace(/^quiz\.?/, '')
      .replace(/\[(\d+)\]/g, '.$1')
      .replace(/^\./, '');
    // A single-choice question with several correct options comes back as INVALID on its options.
    out[key || 'quiz'] = code;
  }
  return out;
}

/** Changes a question's type, keeping what still fits: one correct option for single choice, the options for later. */
export function withType(question: QuestionForm, type: QuestionType): QuestionForm {
  if (type === question.type) return question;
  let options = question.options;
  if (type !== 'true_false' && options.length === 0) options = [newOption(), newOption()];
  if (type === 'single') {
    let seen = false;
    options = options.map((o) => {
      if (!o.correct) return o;
      if (seen) return { ...o, correct: false };
      seen = true;
      return o;
    });
  }
  return { ...question, type, options };
}

/** Marks an option correct or not; in a single-choice question marking one unmarks the others. */
export function withCorrect(question: QuestionForm, optionKey: string, correct: boolean): QuestionForm {
  return {
    ...question,
    options: question.options.map((o) =>
      o.key === optionKey
        ? { ...o, correct }
        : question.type === 'single' && correct
          ? { ...o, correct: false }
          : o,
    ),
  };
}

export function moveItem<T>(list: readonly T[], from: number, to: number): T[] {
  if (to < 0 || to >= list.length || from === to) return [...list];
  const out = [...list];
  const [item] = out.splice(from, 1);
  out.splice(to, 0, item);
  return out;
}

/** The question index an error key belongs to (`questions.3.points` → 3), else null. */
export function questionIndexOf(errorKey: string): number | null {
  const match = /^questions\.(\d+)(\.|$)/.exec(errorKey);
  return match ? Number(match[1]) : null;
}
