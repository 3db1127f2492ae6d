import type {
  AttemptQuestionDto,
  AttemptSummaryDto,
  Locale,
  QuestionReviewDto,
  QuizAnswer,
  QuizAttemptDto,
  QuizAttemptsDto,
} from '@academy/contracts';
import { useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert';
import { Modal } from '../../components/Modal';
import { Loading } from '../../components/Spinner';
import { isApiError } from '../../lib/api';
import { useErrorMessage } from '../../lib/errors';
import { ResolvedSpan } from '../catalogue/bits';
import { quizKeys, useAttempt, useQuizSummary, useStartAttempt, useSubmitAttempt } from './api';
import {
  choose,
  forgetAnswers,
  formatCountdown,
  loadAnswers,
  saveAnswers,
  secondsLeft,
  toSubmission,
  unansweredQuestions,
  type Answers,
} from './attempt-logic';
import './quiz.css';

type View = { kind: 'intro' } | { kind: 'attempt'; id: string } | { kind: 'result'; id: string };

/**
 * A quiz lesson for a learner: the quiz's rules and past attempts, then one attempt at a time (answers
 * kept in this tab until submitted, a countdown to the server's deadline with an automatic submission),
 * then the score with a review of every question. Correct answers only arrive with the result.
 */
export function QuizLesson({
  lessonId,
  courseId,
  locale,
}: {
  lessonId: string;
  courseId: string;
  locale: Locale;
}) {
  const errorMessage = useErrorMessage();
  const client = useQueryClient();
  const summary = useQuizSummary(lessonId);
  const start = useStartAttempt(lessonId);
  const [view, setView] = useState<View>({ kind: 'intro' });
  const [notice, setNotice] = useState<string | null>(null);

  const open = (attempt: QuizAttemptDto, kind: 'attempt' | 'result') => {
    client.setQueryData(quizKeys.attempt(attempt.id, locale), attempt);
    setView({ kind, id: attempt.id });
  };
  const onStart = () => {
    setNotice(null);
    start.mutate(locale, { onSuccess: (attempt) => open(attempt, 'attempt') });
  };

  if (view.kind === 'attempt') {
    return (
      <AttemptView
        attemptId={view.id}
        lessonId={lessonId}
        courseId={courseId}
        locale={locale}
        onSubmitted={(attempt) => open(attempt, 'result')}
        onClosed={(message) => {
          setNotice(message);
          setView({ kind: 'intro' });
        }}
      />
    );
  }
  if (view.kind === 'result') {
    return (
      <ResultView
        attemptId={view.id}
        locale={locale}
        summary={summary.data}
        starting={start.isPending}
        startError={start.isError ? errorMessage(start.error) : null}
        onTryAgain={onStart}
        onBack={() => setView({ kind: 'intro' })}
      />
    );
  }
  if (summary.isPending) return <Loading />;
  if (summary.isError) return <Alert kind="error">{errorMessage(summary.error)}</Alert>;
  return (
    <QuizIntro
      summary={summary.data}
      starting={start.isPending}
      error={start.isError ? errorMessage(start.error) : notice}
      onStart={onStart}
      onReview={(id) => setView({ kind: 'result', id })}
    />
  );
}

function QuizFacts({ summary }: { summary: QuizAttemptsDto }) {
  const { t } = useTranslation();
  return (
    <dl className="quiz-facts" data-testid="quiz-facts">
      <div>
        <dt>{t('quiz.questions')}</dt>
        <dd>{summary.questionCount}</dd>
      </div>
      <div>
        <dt>{t('quiz.passMark')}</dt>
        <dd>{t('quiz.pct', { pct: summary.passMarkPct })}</dd>
      </div>
      <div>
        <dt>{t('quiz.attemptsLeft')}</dt>
        <dd data-testid="quiz-attempts-left">
          {summary.attemptsLeft === null
            ? t('quiz.unlimited')
            : t('quiz.attemptsLeftOf', { left: summary.attemptsLeft, total: summary.attemptsAllowed })}
        </dd>
      </div>
      <div>
        <dt>{t('quiz.timeLimit')}</dt>
        <dd>
          {summary.timeLimitS === null
            ? t('quiz.noTimeLimit')
            : t('quiz.minutes', { count: Math.round(summary.timeLimitS / 60) })}
        </dd>
      </div>
    </dl>
  );
}

function QuizIntro({
  summary,
  starting,
  error,
  onStart,
  onReview,
}: {
  summary: QuizAttemptsDto;
  starting: boolean;
  error: string | null;
  onStart: () => void;
  onReview: (attemptId: string) => void;
}) {
  const { t } = useTranslation();
  const openAttempt = summary.attempts.find((a) => a.status === 'in_progress');
  const exhausted = !openAttempt && summary.attemptsLeft === 0;
  const label = openAttempt
    ? t('quiz.resume')
    : summary.attemptsUsed === 0
      ? t('quiz.start')
      : t('quiz.tryAgain');
  return (
    <section className="card quiz" aria-labelledby="quiz-intro-heading" data-testid="quiz-intro">
      <h2 id="quiz-intro-heading">{t('quiz.aboutQuiz')}</h2>
      <QuizFacts summary={summary} />
      {summary.passed && (
        <p className="quiz-passed" data-testid="quiz-passed">
          <span aria-hidden="true">✓ </span>
          {t('quiz.youPassed', { pct: summary.bestScorePct ?? 0 })}
        </p>
      )}
      {summary.timeLimitS !== null && !openAttempt && <p className="muted">{t('quiz.timeLimitHint')}</p>}
      <Alert kind="error">{error}</Alert>
      {exhausted ? (
        <p className="muted" data-testid="quiz-exhausted">
          {t('quiz.noAttemptsLeft')}
        </p>
      ) : (
        <div className="actions">
          <button
            type="button"
            className="btn btn--primary"
            disabled={starting}
            onClick={onStart}
            data-testid="quiz-start"
          >
            {label}
          </button>
        </div>
      )}
      {summary.attempts.length > 0 && <AttemptHistory attempts={summary.attempts} onReview={onReview} />}
    </section>
  );
}

function AttemptHistory({
  attempts,
  onReview,
}: {
  attempts: AttemptSummaryDto[];
  onReview: (attemptId: string) => void;
}) {
  const { t, i18n } = useTranslation();
  return (
    <>
      <h3>{t('quiz.pastAttempts')}</h3>
      <ol className="quiz-history" data-testid="quiz-history">
        {attempts.map((a) => (
          <li key={a.id} className="quiz-history__item">
            <span className="quiz-history__what">
              <strong>{t('quiz.attemptN', { n: a.number })}</strong>
              <span className="muted">
                {new Date(a.submittedAt ?? a.startedAt).toLocaleString(i18n.resolvedLanguage, {
                  dateStyle: 'medium',
                  timeStyle: 'short',
                })}
              </span>
            </span>
            <span className="quiz-history__result">
              {a.status === 'submitted' ? (
                <>
                  <span>{t('quiz.pct', { pct: a.scorePct ?? 0 })}</span>
                  <AttemptBadge passed={!!a.passed} />
                  <button type="button" className="btn btn--small" onClick={() => onReview(a.id)}>
                    {t('quiz.review')}
                    <span className="visually-hidden"> {t('quiz.attemptN', { n: a.number })}</span>
                  </button>
                </>
              ) : (
                <span className="status">{t(`quiz.status_${a.status}`)}</span>
              )}
            </span>
          </li>
        ))}
      </ol>
    </>
  );
}

function AttemptBadge({ passed }: { passed: boolean }) {
  const { t } = useTranslation();
  return (
    <span className={`status ${passed ? 'status--completed' : 'quiz-failed'}`}>
      <span aria-hidden="true">{passed ? '✓ ' : '✗ '}</span>
      {passed ? t('quiz.passed') : t('quiz.failed')}
    </span>
  );
}

/** Seconds left, ticking each second; `onZero` once when the deadline passes. */
function useCountdown(deadlineAt: string | null, onZero: () => void): number | null {
  const [now, setNow] = useState(() => Date.now());
  const fired = useRef(false);
  const zero = useRef(onZero);
  zero.current = onZero;
  useEffect(() => {
    if (!deadlineAt) return;
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, [deadlineAt]);
  const left = secondsLeft(deadlineAt, now);
  useEffect(() => {
    if (left === 0 && !fired.current) {
      fired.current = true;
      zero.current();
    }
  }, [left]);
  return left;
}

function Countdown({ left }: { left: number }) {
  const { t } = useTranslation();
  // Screen readers hear the time at a few moments only, not every second.
  const spoken = left === 0 ? t('quiz.timeUp') : left <= 60 ? t('quiz.oneMinuteLeft') : '';
  return (
    <div className={`quiz-timer${left <= 60 ? ' quiz-timer--low' : ''}`} data-testid="quiz-timer">
      <span>{t('quiz.timeLeft')}</span>{' '}
      <strong role="timer" aria-live="off">
        {formatCountdown(left)}
      </strong>
      <span className="visually-hidden" aria-live="polite">
        {spoken}
      </span>
    </div>
  );
}

function AttemptView({
  attemptId,
  lessonId,
  courseId,
  locale,
  onSubmitted,
  onClosed,
}: {
  attemptId: string;
  lessonId: string;
  courseId: string;
  locale: Locale;
  onSubmitted: (attempt: QuizAttemptDto) => void;
  onClosed: (message: string | null) => void;
}) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const attempt = useAttempt(attemptId, locale);
  const submit = useSubmitAttempt(lessonId, courseId);
  const [answers, setAnswers] = useState<Answers>(() => loadAnswers(attemptId));
  const [confirming, setConfirming] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const data = attempt.data;

  useEffect(() => saveAnswers(attemptId, answers), [attemptId, answers]);
  useEffect(() => headingRef.current?.focus(), []);

  const send = () => {
    if (!data || submit.isPending) return;
    setConfirming(false);
    submit.mutate(
      { attemptId, body: toSubmission(data.questions, answers), locale },
      {
        onSuccess: (result) => {
          forgetAnswers(attemptId);
          onSubmitted(result);
        },
        onError: (error) => {
          if (!isApiError(error)) return;
          if (error.code === 'ATTEMPT_TIME_OVER') {
            forgetAnswers(attemptId);
            onClosed(errorMessage(error));
          } else if (error.code === 'ATTEMPT_ALREADY_SUBMITTED' || error.code === 'ATTEMPT_NOT_FOUND') {
            forgetAnswers(attemptId);
            onClosed(errorMessage(error));
          }
        },
      },
    );
  };
  const left = useCountdown(data?.deadlineAt ?? null, send);

  if (attempt.isPending) return <Loading />;
  if (attempt.isError || !data) return <Alert kind="error">{errorMessage(attempt.error)}</Alert>;
  const unanswered = unansweredQuestions(data.questions, answers);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (unanswered.length > 0) setConfirming(true);
    else send();
  };
  const total = data.questions.length;

  return (
    <form className="quiz quiz-attempt" onSubmit={onSubmit} noValidate data-testid="quiz-attempt">
      <div className={`quiz-attempt__head card${data.deadlineAt ? ' quiz-attempt__head--timed' : ''}`}>
        <h2 ref={headingRef} tabIndex={-1} id="quiz-attempt-heading">
          {t('quiz.attemptN', { n: data.number })}
        </h2>
        <p className="muted">
          {t('quiz.answeredOf', { done: total - unanswered.length, total })} ·{' '}
          {t('quiz.passMarkIs', { pct: data.passMarkPct })}
        </p>
        {left !== null && <Countdown left={left} />}
      </div>
      <ol className="quiz-questions">
        {data.questions.map((question, index) => (
          <li key={question.id} className="card quiz-question" data-testid={`quiz-question-${index}`}>
            <QuestionInput
              question={question}
              index={index}
              total={total}
              answer={answers[question.id]}
              disabled={submit.isPending}
              onChange={setAnswers}
            />
          </li>
        ))}
      </ol>
      <Alert kind="error">{submit.isError && errorMessage(submit.error)}</Alert>
      <div className="actions quiz-attempt__actions">
        <button
          type="submit"
          className="btn btn--primary"
          disabled={submit.isPending}
          data-testid="quiz-submit"
        >
          {t('quiz.submit')}
        </button>
        <button type="button" className="btn btn--ghost" onClick={() => onClosed(null)}>
          {t('quiz.finishLater')}
        </button>
      </div>
      {confirming && (
        <Modal title={t('quiz.confirmTitle')} onClose={() => setConfirming(false)}>
          <div className="stack" data-testid="quiz-confirm">
            <p>{t('quiz.confirmText', { count: unanswered.length })}</p>
            <ul>
              {unanswered.map((q) => (
                <li key={q.id}>
                  {t('quiz.questionN', { n: data.questions.indexOf(q) + 1, total })}:{' '}
                  <ResolvedSpan text={q.text} />
                </li>
              ))}
            </ul>
            <div className="actions">
              <button
                type="button"
                className="btn btn--primary"
                onClick={send}
                data-testid="quiz-confirm-submit"
              >
                {t('quiz.submitAnyway')}
              </button>
              <button type="button" className="btn" onClick={() => setConfirming(false)}>
                {t('quiz.keepAnswering')}
              </button>
            </div>
          </div>
        </Modal>
      )}
    </form>
  );
}

function QuestionInput({
  question,
  index,
  total,
  answer,
  disabled,
  onChange,
}: {
  question: AttemptQuestionDto;
  index: number;
  total: number;
  answer: QuizAnswer | undefined;
  disabled: boolean;
  onChange: (update: (answers: Answers) => Answers) => void;
}) {
  const { t } = useTranslation();
  const name = `quiz-q-${question.id}`;
  const hintId = `${name}-hint`;
  const chosen = Array.isArray(answer) ? answer : [];
  return (
    <fieldset className="quiz-question__fieldset" aria-describedby={hintId}>
      <legend className="quiz-question__legend">
        <span className="quiz-question__number">{t('quiz.questionN', { n: index + 1, total })}</span>
        <ResolvedSpan text={question.text} className="quiz-question__text" />
      </legend>
      <p className="field__hint" id={hintId}>
        {t(`quiz.hint_${question.type}`)} · {t('quiz.points', { count: question.points })}
      </p>
      <div className="quiz-options">
        {question.type === 'true_false'
          ? ([true, false] as const).map((value) => (
              <label key={String(value)} className="quiz-option">
                <input
                  type="radio"
                  name={name}
                  checked={answer === value}
                  disabled={disabled}
                  onChange={() => onChange((all) => ({ ...all, [question.id]: value }))}
                />
                <span>{value ? t('quiz.true') : t('quiz.false')}</span>
              </label>
            ))
          : question.options.map((option) => (
              <label key={option.id} className="quiz-option">
                <input
                  type={question.type === 'single' ? 'radio' : 'checkbox'}
                  name={name}
                  checked={chosen.includes(option.id)}
                  disabled={disabled}
                  onChange={(e) => onChange((all) => choose(all, question, option.id, e.target.checked))}
                />
                <ResolvedSpan text={option.text} />
              </label>
            ))}
      </div>
    </fieldset>
  );
}

function ResultView({
  attemptId,
  locale,
  summary,
  starting,
  startError,
  onTryAgain,
  onBack,
}: {
  attemptId: string;
  locale: Locale;
  summary: QuizAttemptsDto | undefined;
  starting: boolean;
  startError: string | null;
  onTryAgain: () => void;
  onBack: () => void;
}) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const attempt = useAttempt(attemptId, locale);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), [attemptId]);
  if (attempt.isPending) return <Loading />;
  if (attempt.isError) return <Alert kind="error">{errorMessage(attempt.error)}</Alert>;
  const data = attempt.data;
  const result = data.result;
  if (!result) return <Alert kind="error">{t('common.errorGeneric')}</Alert>;
  const canRetry =
    !!summary && summary.attemptsLeft !== 0 && !summary.attempts.some((a) => a.status === 'in_progress');
  const reviews = new Map(result.review.map((r) => [r.questionId, r]));
  return (
    <section className="quiz quiz-result" aria-labelledby="quiz-result-heading" data-testid="quiz-result">
      <div className={`card quiz-score ${result.passed ? 'quiz-score--passed' : 'quiz-score--failed'}`}>
        <h2 id="quiz-result-heading" ref={headingRef} tabIndex={-1}>
          {t('quiz.resultOf', { n: data.number })}
        </h2>
        <div role="status" aria-live="polite">
          <p className="quiz-score__figure" data-testid="quiz-score">
            {t('quiz.scoreLine', { pct: result.scorePct, points: result.scorePoints, max: result.maxPoints })}
          </p>
          <p className="quiz-score__verdict" data-testid="quiz-verdict" data-passed={result.passed}>
            <span aria-hidden="true">{result.passed ? '✓ ' : '✗ '}</span>
            {result.passed
              ? t('quiz.verdictPassed', { pct: data.passMarkPct })
              : t('quiz.verdictFailed', { pct: data.passMarkPct })}
          </p>
        </div>
        {summary && <p className="muted">{attemptsLeftText(t, summary)}</p>}
        <Alert kind="error">{startError}</Alert>
        <div className="actions">
          {canRetry && (
            <button
              type="button"
              className={result.passed ? 'btn' : 'btn btn--primary'}
              disabled={starting}
              onClick={onTryAgain}
              data-testid="quiz-try-again"
            >
              {t('quiz.tryAgain')}
            </button>
          )}
          <button type="button" className="btn btn--ghost" onClick={onBack} data-testid="quiz-back">
            {t('quiz.backToOverview')}
          </button>
        </div>
      </div>
      <h3>{t('quiz.reviewHeading')}</h3>
      <ol className="quiz-questions" data-testid="quiz-review">
        {data.questions.map((question, index) => (
          <li key={question.id} className="card quiz-question">
            <ReviewItem
              question={question}
              review={reviews.get(question.id)}
              index={index}
              total={data.questions.length}
            />
          </li>
        ))}
      </ol>
    </section>
  );
}

function attemptsLeftText(t: TFunction, summary: QuizAttemptsDto): string {
  if (summary.attemptsLeft === null) return t('quiz.attemptsUnlimitedNote');
  if (summary.attemptsLeft === 0) return t('quiz.noAttemptsLeft');
  return t('quiz.attemptsLeftNote', { count: summary.attemptsLeft });
}

function ReviewItem({
  question,
  review,
  index,
  total,
}: {
  question: AttemptQuestionDto;
  review: QuestionReviewDto | undefined;
  index: number;
  total: number;
}) {
  const { t } = useTranslation();
  const correct = !!review?.correct;
  const optionText = (ids: string[]) =>
    question.options
      .filter((o) => ids.includes(o.id))
      .map((o) => (
        <li key={o.id}>
          <ResolvedSpan text={o.text} />
        </li>
      ));
  const yours = review?.answer ?? null;
  const answered = yours !== null && (typeof yours === 'boolean' || yours.length > 0);
  return (
    <div className="quiz-review" data-testid={`quiz-review-${index}`} data-correct={correct}>
      <h4 className="quiz-question__legend">
        <span className="quiz-question__number">{t('quiz.questionN', { n: index + 1, total })}</span>
        <ResolvedSpan text={question.text} className="quiz-question__text" />
      </h4>
      <p className={`quiz-review__mark ${correct ? 'quiz-review__mark--right' : 'quiz-review__mark--wrong'}`}>
        <span aria-hidden="true">{correct ? '✓ ' : '✗ '}</span>
        {correct ? t('quiz.correct') : t('quiz.incorrect')}{' '}
        <span className="muted">
          {t('quiz.pointsOf', { points: review?.pointsAwarded ?? 0, count: question.points })}
        </span>
      </p>
      <dl className="quiz-review__answers">
        <div>
          <dt>{t('quiz.yourAnswer')}</dt>
          <dd>
            {!answered ? (
              <span className="muted">{t('quiz.noAnswer')}</span>
            ) : typeof yours === 'boolean' ? (
              yours ? (
                t('quiz.true')
              ) : (
                t('quiz.false')
              )
            ) : (
              <ul className="plain-list">{optionText(yours as string[])}</ul>
            )}
          </dd>
        </div>
        <div>
          <dt>{t('quiz.correctAnswer')}</dt>
          <dd>
            {question.type === 'true_false' ? (
              review?.correctAnswer ? (
                t('quiz.true')
              ) : (
                t('quiz.false')
              )
            ) : (
              <ul className="plain-list">{optionText(review?.correctOptionIds ?? [])}</ul>
            )}
          </dd>
        </div>
      </dl>
      {review?.explanation?.text && (
        <div className="quiz-review__explanation" data-testid="quiz-explanation">
          <strong>{t('quiz.explanation')}</strong> <ResolvedSpan text={review.explanation} />
        </div>
      )}
    </div>
  );
}
