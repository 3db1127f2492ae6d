import type { ResolvedText } from './catalogue.js';
import type { Locale, LocalizedText } from './locales.js';
import type { CourseProgressDto } from './progress.js';

/**
 * Quizzes: a lesson of kind `quiz` carries a QuizDefinition (authored in the studio, copied into the
 * published snapshot). Learners work through attempts; correct answers and explanations stay on the
 * server until the attempt is submitted, and scoring happens there.
 *
 * PATCH /api/studio/lessons/:id           body { quiz: QuizDefinitionInput }  → CourseDraftDto
 * GET   /api/lessons/:id/attempts                                           → QuizAttemptsDto
 * POST  /api/lessons/:id/attempts                                           → QuizAttemptDto (201)
 * GET   /api/attempts/:id                                                    → QuizAttemptDto
 * POST  /api/attempts/:id/submit         body QuizSubmissionDto             → QuizSubmitResultDto
 */

export const QUESTION_TYPES = ['single', 'multiple', 'true_false'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

/** Seconds after an attempt's deadline during which a submission is still accepted (network, clock skew). */
export const QUIZ_SUBMIT_GRACE_S = 15;
export const QUIZ_MAX_QUESTIONS = 200;
export const QUIZ_MAX_OPTIONS = 10;

export interface QuizSettings {
  /** Share of the points needed to pass, 0..100 (inclusive: score ≥ pass mark passes). */
  passMarkPct: number;
  /** Attempts a learner may start; null = unlimited. */
  attemptsAllowed: number | null;
  shuffleQuestions: boolean;
  shuffleOptions: boolean;
  /** Questions drawn at random from the pool for each attempt; null = all of them. */
  drawCount: number | null;
  /** Seconds from the start of an attempt; null = no limit. */
  timeLimitS: number | null;
}

export const DEFAULT_QUIZ_SETTINGS: QuizSettings = {
  passMarkPct: 70,
  attemptsAllowed: null,
  shuffleQuestions: false,
  shuffleOptions: false,
  drawCount: null,
  timeLimitS: null,
};

export interface QuizOption {
  id: string;
  text: LocalizedText;
  correct: boolean;
}

/**
 * single: exactly one option is correct; multiple: one or more; true_false: no options, `answer` is the
 * correct value.
 */
export interface QuizQuestion {
  id: string;
  type: QuestionType;
  text: LocalizedText;
  points: number;
  explanation: LocalizedText;
  options: QuizOption[];
  /** true_false only. */
  answer: boolean | null;
}

export interface QuizDefinition {
  settings: QuizSettings;
  questions: QuizQuestion[];
}

/** What the studio sends: ids may be left out for new questions and options (the server assigns them). */
export interface QuizDefinitionInput {
  settings?: Partial<QuizSettings>;
  questions: (Omit<QuizQuestion, 'id' | 'options' | 'answer' | 'explanation'> & {
    id?: string;
    explanation?: LocalizedText;
    options?: (Omit<QuizOption, 'id'> & { id?: string })[];
    answer?: boolean | null;
  })[];
}

// ---- learners ----

/** An answer: the chosen option ids (single: at most one) or, for true/false, a boolean. */
export type QuizAnswer = string[] | boolean;

export interface QuizSubmissionDto {
  /** By question id; questions left out score 0. */
  answers: Record<string, QuizAnswer>;
}

export const ATTEMPT_STATUSES = ['in_progress', 'submitted', 'expired'] as const;
/** expired: not submitted before the deadline (plus QUIZ_SUBMIT_GRACE_S); it counts as an attempt. */
export type AttemptStatus = (typeof ATTEMPT_STATUSES)[number];

export interface AttemptQuestionDto {
  id: string;
  type: QuestionType;
  text: ResolvedText;
  points: number;
  /** In the order drawn for this attempt; empty for true/false. Never says which is correct. */
  options: { id: string; text: ResolvedText }[];
}

export interface QuestionReviewDto {
  questionId: string;
  /** Whether the learner's answer earned the question's points. */
  correct: boolean;
  pointsAwarded: number;
  answer: QuizAnswer | null;
  correctOptionIds: string[];
  /** true_false only. */
  correctAnswer: boolean | null;
  explanation: ResolvedText | null;
}

export interface QuizResultDto {
  scorePoints: number;
  maxPoints: number;
  /** Rounded down to a whole percent; `passed` compares exactly. */
  scorePct: number;
  passed: boolean;
  review: QuestionReviewDto[];
}

export interface QuizAttemptDto {
  id: string;
  lessonId: string;
  courseId: string;
  number: number;
  status: AttemptStatus;
  startedAt: string;
  deadlineAt: string | null;
  submittedAt: string | null;
  passMarkPct: number;
  contentLocale: Locale;
  questions: AttemptQuestionDto[];
  /** Only once submitted. */
  result: QuizResultDto | null;
}

export interface QuizSubmitResultDto extends QuizAttemptDto {
  result: QuizResultDto;
  /** The learner's course progress after the submission. */
  course: CourseProgressDto | null;
}

export interface AttemptSummaryDto {
  id: string;
  number: number;
  status: AttemptStatus;
  startedAt: string;
  deadlineAt: string | null;
  submittedAt: string | null;
  scorePct: number | null;
  passed: boolean | null;
}

export interface QuizAttemptsDto {
  lessonId: string;
  questionCount: number;
  passMarkPct: number;
  attemptsAllowed: number | null;
  attemptsUsed: number;
  /** null = unlimited. */
  attemptsLeft: number | null;
  timeLimitS: number | null;
  bestScorePct: number | null;
  passed: boolean;
  /** Newest first. */
  attempts: AttemptSummaryDto[];
}
