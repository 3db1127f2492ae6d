import type { CourseOutlineDto, CourseProgressDetailDto, EnrolmentDto, Locale } from '@academy/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { Alert } from '../../components/Alert';
import { Modal } from '../../components/Modal';
import { Loading } from '../../components/Spinner';
import { isApiError } from '../../lib/api';
import { useErrorMessage } from '../../lib/errors';
import { useMe } from '../auth/api';
import { NotFoundPage } from '../errors/NotFoundPage';
import { lessonPath, useEnrol, useEnrolment, useLeave } from '../learning/api';
import { DueBadges } from '../learning/LearningBits';
import { useCourseProgress } from '../player/progress-api';
import { useProgressSync } from '../player/progress-sync';
import { CourseProgressSummary, LessonStatusBadge, ProgressNotice } from '../player/ProgressBits';
import { useTitle } from '../../lib/useTitle';
import { useCourseOutline } from './api';
import {
  ContentLocalePicker,
  FallbackNote,
  KindLabel,
  LanguageBadges,
  lessonMinutes,
  ResolvedSpan,
  useCourseLocale,
  useDuration,
} from './bits';

export function CoursePage() {
  const { courseId = '' } = useParams();
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const [locale, setLocale] = useCourseLocale(courseId);
  const course = useCourseOutline(courseId, locale);
  const me = useMe();
  const progress = useCourseProgress(courseId);
  // Sends what a previous page left queued, so the figures below include it.
  const pending = useProgressSync(me.data?.id);
  useTitle(course.data?.title.text ?? t('catalogue.course'));

  if (course.isPending) return <Loading />;
  if (course.isError) {
    // An unknown or malformed id is a missing page.
    if (isApiError(course.error) && (course.error.status === 404 || course.error.status === 400))
      return <NotFoundPage />;
    return (
      <section className="page page--narrow">
        <h1>{t('catalogue.course')}</h1>
        <Alert kind="error">{errorMessage(course.error)}</Alert>
        <p>
          <Link to="/courses">{t('catalogue.backToCatalogue')}</Link>
        </p>
      </section>
    );
  }
  return (
    <CourseOutline
      course={course.data}
      progress={progress.data ?? null}
      pending={pending}
      locale={locale}
      onLocale={setLocale}
      busy={course.isFetching}
    />
  );
}

function CourseOutline({
  course,
  progress,
  pending,
  locale,
  onLocale,
  busy,
}: {
  course: CourseOutlineDto;
  progress: CourseProgressDetailDto | null;
  pending: boolean;
  locale: Locale;
  onLocale: (locale: Locale) => void;
  busy: boolean;
}) {
  const { t } = useTranslation();
  const duration = useDuration();
  const lessonCount = course.modules.reduce((n, m) => n + m.lessons.length, 0);
  const total = duration(course.estimatedMinutes);
  const lessonProgress = new Map((progress?.lessons ?? []).map((p) => [p.lessonId, p]));
  return (
    <section className="page" aria-busy={busy}>
      <p className="breadcrumb">
        <Link to="/courses">{t('catalogue.backToCatalogue')}</Link>
      </p>
      <header className="course-head card">
        <div className="course-head__text">
          <h1 data-testid="course-title">
            <ResolvedSpan text={course.title} />
          </h1>
          <FallbackNote shown={course.title.locale} wanted={locale} />
          {course.summary.text && (
            <p className="lead">
              <ResolvedSpan text={course.summary} />{' '}
              {course.summary.locale !== course.title.locale && (
                <FallbackNote shown={course.summary.locale} wanted={locale} />
              )}
            </p>
          )}
          <dl className="course-card__meta">
            <div>
              <dt>{t('catalogue.lessons')}</dt>
              <dd>{lessonCount}</dd>
            </div>
            {total && (
              <div>
                <dt>{t('catalogue.duration')}</dt>
                <dd>{total}</dd>
              </div>
            )}
            <div>
              <dt>{t('catalogue.languages')}</dt>
              <dd>
                <LanguageBadges
                  completeness={course.translationCompleteness}
                  completeLocales={course.completeLocales}
                />
              </dd>
            </div>
          </dl>
          {progress && <CourseProgressSummary course={progress.course} />}
          <EnrolmentBox course={course} locale={locale} />
        </div>
        <div className="course-head__tools">
          <ContentLocalePicker id="course-locale" value={locale} onChange={onLocale} testId="course-locale" />
        </div>
      </header>

      <ProgressNotice pending={pending} />
      <h2>{t('catalogue.outline')}</h2>
      {course.modules.length === 0 ? (
        <p className="empty">{t('catalogue.noLessons')}</p>
      ) : (
        <ol className="outline">
          {course.modules.map((module, m) => (
            <li key={module.id} className="outline__module card">
              <h3 className="outline__title">
                <span className="outline__number">{t('catalogue.moduleN', { n: m + 1 })}</span>{' '}
                <ResolvedSpan text={module.title} />{' '}
                <FallbackNote shown={module.title.locale} wanted={locale} />
              </h3>
              <ol className="outline__lessons">
                {module.lessons.map((lesson) => {
                  const minutes = duration(lessonMinutes(lesson));
                  // A lesson the server has no row for yet is simply not started.
                  const status = progress
                    ? (lessonProgress.get(lesson.id) ?? { status: 'not_started' as const, watchedPct: 0 })
                    : null;
                  return (
                    <li key={lesson.id} className="outline__lesson">
                      <KindLabel kind={lesson.kind} />
                      <span className="outline__lesson-title">
                        <Link
                          to={`/courses/${course.id}/lessons/${lesson.id}?locale=${locale}`}
                          data-testid={`lesson-link-${lesson.id}`}
                        >
                          <ResolvedSpan text={lesson.title} />
                        </Link>{' '}
                        <FallbackNote shown={lesson.title.locale} wanted={locale} />
                        {!lesson.required && <span className="badge">{t('catalogue.optional')}</span>}
                        {status && (
                          <LessonStatusBadge
                            progress={status}
                            kind={lesson.kind}
                            testId={`lesson-status-${lesson.id}`}
                          />
                        )}
                      </span>
                      {minutes && <span className="outline__duration muted">{minutes}</span>}
                    </li>
                  );
                })}
              </ol>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/**
 * The learner's enrolment: "Enrol" for a course open for it (or why not), and once enrolled the
 * assignment and due date, "Start"/"Continue" at the first unfinished lesson, and "Leave" (self-enrolled
 * only, after a confirmation).
 */
function EnrolmentBox({ course, locale }: { course: CourseOutlineDto; locale: Locale }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const enrolment = useEnrolment(course.id);
  const enrol = useEnrol(course.id);
  const leave = useLeave(course.id);
  const [confirming, setConfirming] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const error = enrol.error ?? leave.error;
  const current: EnrolmentDto | null | undefined = enrolment.data;

  return (
    <div className="enrolment-box" data-testid="enrolment-box">
      <Alert kind="success">{notice}</Alert>
      <Alert kind="error">{error ? errorMessage(error) : null}</Alert>
      {current === undefined ? null : current === null ? (
        course.selfEnrolment ? (
          <p>
            <button
              type="button"
              className="btn btn--primary"
              data-testid="enrol"
              disabled={enrol.isPending}
              onClick={() => {
                setNotice(null);
                leave.reset();
                enrol.mutate(undefined, { onSuccess: () => setNotice(t('learning.enrolledNow')) });
              }}
            >
              {t('learning.enrol')}
            </button>
          </p>
        ) : (
          <p className="muted" data-testid="assignment-only">
            {t('learning.assignedOnly')}
          </p>
        )
      ) : (
        <>
          <p data-testid="enrolment-state" data-source={current.source}>
            {current.source === 'assigned' ? t('learning.assignedToYou') : t('learning.enrolled')}{' '}
            <DueBadges enrolment={current} />
          </p>
          <div className="learning-actions">
            {current.next && (
              <Link
                to={`${lessonPath(course.id, current.next.lessonId)}?locale=${locale}`}
                className="btn btn--primary"
                data-testid="continue"
              >
                {current.startedAt ? t('learning.continue') : t('learning.start')}
              </Link>
            )}
            {current.source === 'self' && (
              <button
                type="button"
                className="btn"
                data-testid="leave"
                disabled={leave.isPending}
                onClick={() => setConfirming(true)}
              >
                {t('learning.leave')}
              </button>
            )}
          </div>
        </>
      )}
      {confirming && (
        <Modal title={t('learning.leaveTitle')} onClose={() => setConfirming(false)}>
          <p>{t('learning.leaveText')}</p>
          <div className="actions">
            <button
              type="button"
              className="btn btn--danger"
              data-testid="leave-confirm"
              disabled={leave.isPending}
              onClick={() => {
                setNotice(null);
                enrol.reset();
                leave.mutate(undefined, {
                  onSuccess: () => setNotice(t('learning.left')),
                  onSettled: () => setConfirming(false),
                });
              }}
            >
              {t('learning.leaveConfirm')}
            </button>
            <button type="button" className="btn" onClick={() => setConfirming(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </Modal>
      )}
    </div>
  );
}
