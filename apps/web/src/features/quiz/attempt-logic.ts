/**
 * The learner's side of an attempt, without React: the answers being given, what is sent, what is
 * still unanswered, the countdown to the server's deadline, and how answers survive a reload.
 */
import type { AttemptQuestionDto, QuizAnswer, QuizSubmissionDto } from '@academy/contracts';

/** Answers while the attempt is open: option ids for choice questions, a boolean for true/false. */
export type Answers = Record<string, QuizAnswer>;

export function isAnswered(answer: QuizAnswer | undefined): boolean {
  if (answer === undefined) return false;
  return typeof answer === 'boolean' || answer.length > 0;
}

/** Questions of the attempt without an answer, in the attempt's order. */
export function unansweredQuestions(questions: AttemptQuestionDto[], answers: Answers): AttemptQuestionDto[] {
  return questions.filter((q) => !isAnswered(answers[q.id]));
}

/**
 * The body of POST /api/attempts/:id/submit: only answered questions of this attempt (an empty choice
 * is left out: the server scores it 0 like an unanswered one), single choice as a one-item list.
 */
export function toSubmission(questions: AttemptQuestionDto[], answers: Answers): QuizSubmissionDto {
  const out: Record<string, QuizAnswer> = {};
  for (const q of questions) {
    const answer = answers[q.id];
    if (!isAnswered(answer)) continue;
    if (q.type === 'true_false') {
      if (typeof answer === 'boolean') out[q.id] = answer;
      continue;
    }
    if (!Array.isArray(answer)) continue;
    const known = new Set(q.options.map((o) => o.id));
    const ids = [...new Set(answer.filter((id) => known.has(id)))];
    if (ids.length) out[q.id] = q.type === 'single' ? ids.slice(0, 1) : ids;
  }
  return { answers: out };
}

/** Ticks or unticks an option; a single-choice question holds one option at most. */
export function choose(
  answers: Answers,
  question: AttemptQuestionDto,
  optionId: string,
  checked: boolean,
): Answers {
  if (question.type === 'single') return { ...answers, [question.id]: checked ? [optionId] : [] };
  const current = Array.isArray(answers[question.id]) ? (answers[question.id] as string[]) : [];
  const next = checked
    ? [...current.filter((id) => id !== optionId), optionId]
    : current.filter((id) => id !== optionId);
  return { ...answers, [question.id]: next };
}

/** Whole seconds left until the deadline (never below 0); null without a time limit. */
export function secondsLeft(deadlineAt: string | null, nowMs: number): number | null {
  if (!deadlineAt) return null;
  const deadline = Date.parse(deadlineAt);
  if (Number.isNaN(deadline)) return null;
  return Math.max(0, Math.ceil((deadline - nowMs) / 1000));
}

/** "4:05", or "1:02:03" from an hour up. */
export function formatCountdown(totalS: number): string {
  const s = Math.max(0, Math.floor(totalS));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

const storageKey = (attemptId: string) => `academy.quiz.${attemptId}`;

interface SessionStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** The tab's sessionStorage; undefined outside a browser (this module is also compiled for Node tests). */
const session = (): SessionStore | undefined =>
  (globalThis as { sessionStorage?: SessionStore }).sessionStorage;

/** Answers saved for an open attempt in this tab (sessionStorage), so a reload keeps them. */
export function loadAnswers(attemptId: string): Answers {
  try {
    const raw = session()?.getItem(storageKey(attemptId));
    const parsed: unknown = raw ? JSON.parse(raw) : {};
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
    const out: Answers = {};
    for (const [id, value] of Object.entries(parsed as Record<string, unknown>)) {
      if (typeof value === 'boolean') out[id] = value;
      else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) out[id] = value as string[];
    }
    return out;
  } catch {
    return {};
  }
}

export function saveAnswers(attemptId: string, answers: Answers): void {
  try {
    session()?.setItem(storageKey(attemptId), JSON.stringify(answers));
  } catch {
    // storage full or unavailable: the answers stay in memory
  }
}

export function forgetAnswers(attemptId: string): void {
  try {
    session()?.removeItem(storageKey(attemptId));
  } catch {
    // ignore
  }
}
