import { Injectable } from '@nestjs/common';
import {
  LOCALES,
  QUIZ_SUBMIT_GRACE_S,
  resolveText,
  type AttemptStatus,
  type AttemptSummaryDto,
  type Locale,
  type QuizAnswer,
  type QuizAttemptDto,
  type QuizAttemptsDto,
  type QuizDefinition,
  type QuizQuestion,
  type QuizResultDto,
  type QuizSubmitResultDto,
} from '@academy/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import { AppException } from '../common/app.exception.js';
import { Clock } from '../common/clock.js';
import type { AuthUser } from '../identity/auth-user.js';
import {
  markLessonCompleted,
  recountEnrolment,
  type EnrolmentCounts,
} from '../progress/lesson-completion.js';
import { ProgressService } from '../progress/progress.service.js';
import { PublishedLessonsService, type PublishedLessons } from '../progress/published-lessons.js';
import { checkAnswers, drawQuestions, isPassed, scoreAnswers, scorePct } from './quiz-rules.js';

interface AttemptRow {
  id: string;
  user_id: string;
  lesson_id: string;
  course_id: string;
  number: number;
  questions: QuizQuestion[];
  pass_mark_pct: number;
  max_points: number;
  started_at: Date;
  deadline_at: Date | null;
  submitted_at: Date | null;
  answers: Record<string, QuizAnswer> | null;
  score_points: number | null;
  passed: boolean | null;
}

const iso = (value: Date | null) => (value ? new Date(value).toISOString() : null);

/**
 * Quiz attempts: the server draws the questions, keeps the correct answers to itself until the attempt
 * is submitted, and scores it (quiz-rules.ts). A passed quiz completes its lesson. Learners see their
 * own attempts only (anyone else's id answers ATTEMPT_NOT_FOUND), in courses they can see.
 */
@Injectable()
export class QuizzesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly published: PublishedLessonsService,
    private readonly progress: ProgressService,
    private readonly clock: Clock,
  ) {}

  async start(user: AuthUser, lessonId: string, locale?: Locale): Promise<QuizAttemptDto> {
    const { course, quiz, baseLocale } = await this.quiz(user, lessonId);
    const now = this.clock.now();
    const row = await this.dataSource.transaction(async (manager) => {
      // One start at a time per learner and lesson, so the attempt limit holds under concurrent clicks.
      await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
        `quiz:${user.id}:${lessonId}`,
      ]);
      const attempts = (await manager.query(
        `SELECT * FROM quiz_attempts WHERE user_id = $1 AND lesson_id = $2 ORDER BY number DESC`,
        [user.id, lessonId],
      )) as AttemptRow[];
      // An attempt still open is resumed rather than a new one started (and counted).
      const open = attempts.find((attempt) => status(attempt, now) === 'in_progress');
      if (open) return open;
      const allowed = quiz.settings.attemptsAllowed;
      if (allowed !== null && attempts.length >= allowed) {
        throw new AppException('ATTEMPTS_EXHAUSTED', 'No attempts left for this quiz', {
          attemptsAllowed: allowed,
          attemptsUsed: attempts.length,
        });
      }
      const questions = drawQuestions(quiz);
      const [inserted] = (await manager.query(
        `INSERT INTO quiz_attempts (user_id, lesson_id, course_id, number, questions, pass_mark_pct, max_points,
                                    started_at, deadline_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
        [
          user.id,
          lessonId,
          course.courseId,
          (attempts[0]?.number ?? 0) + 1,
          JSON.stringify(questions),
          quiz.settings.passMarkPct,
          questions.reduce((sum, question) => sum + question.points, 0),
          now,
          quiz.settings.timeLimitS === null
            ? null
            : new Date(now.getTime() + quiz.settings.timeLimitS * 1000),
        ],
      )) as AttemptRow[];
      return inserted;
    });
    return this.attemptDto(row, this.locales(user, locale, baseLocale), now);
  }

  async get(user: AuthUser, attemptId: string, locale?: Locale): Promise<QuizAttemptDto> {
    const row = await this.own(this.dataSource, user, attemptId);
    const baseLocale = await this.baseLocale(row.course_id);
    return this.attemptDto(row, this.locales(user, locale, baseLocale), this.clock.now());
  }

  async list(user: AuthUser, lessonId: string): Promise<QuizAttemptsDto> {
    const { quiz } = await this.quiz(user, lessonId);
    const now = this.clock.now();
    const rows = (await this.dataSource.query(
      `SELECT * FROM quiz_attempts WHERE user_id = $1 AND lesson_id = $2 ORDER BY number DESC`,
      [user.id, lessonId],
    )) as AttemptRow[];
    const attempts = rows.map((row): AttemptSummaryDto => {
      const result = row.submitted_at ? scorePct(row.score_points!, row.max_points) : null;
      return {
        id: row.id,
        number: row.number,
        status: status(row, now),
        startedAt: iso(row.started_at)!,
        deadlineAt: iso(row.deadline_at),
        submittedAt: iso(row.submitted_at),
        scorePct: result,
        passed: row.passed,
      };
    });
    const scores = attempts.flatMap((attempt) => (attempt.scorePct === null ? [] : [attempt.scorePct]));
    const allowed = quiz.settings.attemptsAllowed;
    return {
      lessonId,
      questionCount: Math.min(quiz.settings.drawCount ?? quiz.questions.length, quiz.questions.length),
      passMarkPct: quiz.settings.passMarkPct,
      attemptsAllowed: allowed,
      attemptsUsed: rows.length,
      attemptsLeft: allowed === null ? null : Math.max(0, allowed - rows.length),
      timeLimitS: quiz.settings.timeLimitS,
      bestScorePct: scores.length ? Math.max(...scores) : null,
      passed: rows.some((row) => row.passed === true),
      attempts,
    };
  }

  async submit(
    user: AuthUser,
    attemptId: string,
    answers: Record<string, unknown>,
    locale?: Locale,
  ): Promise<QuizSubmitResultDto> {
    const now = this.clock.now();
    const { row, course, enrolment } = await this.dataSource.transaction(async (manager) => {
      const attempt = await this.own(manager, user, attemptId, true);
      // The course must still be open to the learner; its current version decides what counts.
      const course = await this.published.course(user, attempt.course_id);
      if (attempt.submitted_at) {
        throw new AppException('ATTEMPT_ALREADY_SUBMITTED', 'This attempt was submitted already', {
          submittedAt: iso(attempt.submitted_at),
        });
      }
      if (status(attempt, now) === 'expired') {
        throw new AppException('ATTEMPT_TIME_OVER', 'The time for this attempt is over', {
          deadlineAt: iso(attempt.deadline_at),
          graceS: QUIZ_SUBMIT_GRACE_S,
        });
      }
      checkAnswers(attempt.questions, answers);
      const scores = scoreAnswers(attempt.questions, answers as Record<string, QuizAnswer>);
      const points = scores.reduce((sum, score) => sum + score.points, 0);
      const passed = isPassed(points, attempt.max_points, attempt.pass_mark_pct);
      const [updated] = (await manager.query(
        `UPDATE quiz_attempts SET submitted_at = $2, answers = $3, score_points = $4, passed = $5
          WHERE id = $1 RETURNING *`,
        [attemptId, now, JSON.stringify(answers), points, passed],
      )) as [AttemptRow[], number];
      let enrolment: EnrolmentCounts | undefined;
      if (passed) {
        await markLessonCompleted(manager, user.id, attempt.lesson_id, attempt.course_id, now);
        enrolment = await recountEnrolment(manager, user.id, attempt.course_id, course.requiredIds, now);
      } else {
        enrolment = await this.enrolment(manager, user.id, attempt.course_id);
      }
      return { row: updated[0], course, enrolment };
    });
    const baseLocale = await this.baseLocale(row.course_id);
    const dto = this.attemptDto(row, this.locales(user, locale, baseLocale), now);
    return { ...dto, result: dto.result!, course: this.progress.courseDto(course, enrolment) };
  }

  /** The quiz of a published lesson the caller can see, from the current version's snapshot. */
  private async quiz(
    user: AuthUser,
    lessonId: string,
  ): Promise<{ course: PublishedLessons; quiz: QuizDefinition; baseLocale: Locale }> {
    const { course, lesson } = await this.published.lesson(user, lessonId);
    if (lesson.kind !== 'quiz') {
      throw new AppException('LESSON_NOT_QUIZ', 'This lesson is not a quiz', { kind: lesson.kind });
    }
    await this.published.requireEnrolment(user, course);
    const [row] = (await this.dataSource.query(
      `SELECT l -> 'quiz' AS quiz, v.content ->> 'baseLocale' AS base_locale
         FROM course_versions v, jsonb_array_elements(v.content -> 'modules') AS m,
              jsonb_array_elements(m -> 'lessons') AS l
        WHERE v.id = $1 AND l ->> 'id' = $2`,
      [course.versionId, lessonId],
    )) as { quiz: QuizDefinition | null; base_locale: Locale }[];
    if (!row?.quiz)
      throw new AppException('LESSON_NOT_QUIZ', 'This lesson has no quiz', { kind: lesson.kind });
    return { course, quiz: row.quiz, baseLocale: row.base_locale };
  }

  /** The caller's own attempt; anyone else's is "not found", like one that does not exist. */
  private async own(db: DataSource | EntityManager, user: AuthUser, id: string, lock = false) {
    const [row] = (await db.query(
      `SELECT * FROM quiz_attempts WHERE id = $1 AND user_id = $2 ${lock ? 'FOR UPDATE' : ''}`,
      [id, user.id],
    )) as AttemptRow[];
    if (!row) throw new AppException('ATTEMPT_NOT_FOUND', 'No such attempt', { id });
    return row;
  }

  private async enrolment(manager: EntityManager, userId: string, courseId: string) {
    const [row] = (await manager.query(
      `SELECT status AS course_status, progress_pct, completed_lessons, required_lessons,
              completed_at AS course_completed_at
         FROM enrolments WHERE user_id = $1 AND course_id = $2`,
      [userId, courseId],
    )) as EnrolmentCounts[];
    return row;
  }

  private async baseLocale(courseId: string): Promise<Locale> {
    const [row] = (await this.dataSource.query(`SELECT base_locale FROM courses WHERE id = $1`, [
      courseId,
    ])) as { base_locale: Locale }[];
    return row?.base_locale ?? 'en';
  }

  private locales(user: AuthUser, requested: Locale | undefined, base: Locale): Locale[] {
    return [...new Set([requested ?? user.locale, user.locale, base, ...LOCALES])];
  }

  /**
   * The attempt as the learner may see it. Before submission: questions and options only, never which
   * is correct nor the explanations. After: the score and the review.
   */
  private attemptDto(row: AttemptRow, locales: Locale[], now: Date): QuizAttemptDto {
    const text = (value: QuizQuestion['text']) => resolveText(value, ...locales);
    let result: QuizResultDto | null = null;
    if (row.submitted_at) {
      const scores = scoreAnswers(row.questions, row.answers ?? {});
      result = {
        scorePoints: row.score_points!,
        maxPoints: row.max_points,
        scorePct: scorePct(row.score_points!, row.max_points),
        passed: row.passed!,
        review: scores.map((score) => ({
          questionId: score.question.id,
          correct: score.correct,
          pointsAwarded: score.points,
          answer: score.answer,
          correctOptionIds: score.question.options.filter((o) => o.correct).map((o) => o.id),
          correctAnswer: score.question.type === 'true_false' ? score.question.answer : null,
          explanation: LOCALES.some((l) => score.question.explanation[l])
            ? text(score.question.explanation)
            : null,
        })),
      };
    }
    return {
      id: row.id,
      lessonId: row.lesson_id,
      courseId: row.course_id,
      number: row.number,
      status: status(row, now),
      startedAt: iso(row.started_at)!,
      deadlineAt: iso(row.deadline_at),
      submittedAt: iso(row.submitted_at),
      passMarkPct: row.pass_mark_pct,
      contentLocale: locales[0],
      // Built field by field: the stored questions carry `correct`, `answer` and `explanation`.
      questions: row.questions.map((question) => ({
        id: question.id,
        type: question.type,
        text: text(question.text),
        points: question.points,
        options: question.options.map((option) => ({ id: option.id, text: text(option.text) })),
      })),
      result,
    };
  }
}

function status(row: AttemptRow, now: Date): AttemptStatus {
  if (row.submitted_at) return 'submitted';
  if (row.deadline_at && now.getTime() > new Date(row.deadline_at).getTime() + QUIZ_SUBMIT_GRACE_S * 1000) {
    return 'expired';
  }
  return 'in_progress';
}
