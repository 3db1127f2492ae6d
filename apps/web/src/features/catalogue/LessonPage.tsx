import type {
  CourseOutlineDto,
  LessonCompletionResultDto,
  LessonContentDto,
  LessonProgressDto,
  Locale,
} from '@academy/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { Alert } from '../../components/Alert';
import { Loading } from '../../components/Spinner';
import { api, isApiError } from '../../lib/api';
import { useErrorMessage } from '../../lib/errors';
import { useMe } from '../auth/api';
import { NotFoundPage } from '../errors/NotFoundPage';
import { LessonVideo } from '../player/LessonVideo';
import { progressKeys, useLessonProgress } from '../player/progress-api';
import { useProgressSync } from '../player/progress-sync';
import { LessonStatusBadge, ProgressNotice } from '../player/ProgressBits';
import { useTitle } from '../../lib/useTitle';
import { refreshProgress } from '../quiz/api';
import { QuizLesson } from '../quiz/QuizLesson';
import { useCourseOutline, useLesson } from './api';
import { ContentLocalePicker, FallbackNote, KindLabel, ResolvedSpan, useCourseLocale } from './bits';

export function LessonPage() {
  const { courseId = '', lessonId = '' } = useParams();
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const [locale, setLocale] = useCourseLocale(courseId);
  const lesson = useLesson(lessonId, locale);
  const course = useCourseOutline(courseId, locale);
  const me = useMe();
  const userId = me.data?.id ?? null;
  const progress = useLessonProgress(lessonId);
  const pending = useProgressSync(userId);
  // Null once the request failed: the page (and the player, without resume) must not wait for it.
  const progressData = progress.isError ? null : progress.data;
  useTitle(lesson.data?.title.text ?? t('catalogue.lesson'));
  const completion = useOpenedCompletion(lesson.data, userId);

  if (lesson.isPending) return <Loading />;
  if (lesson.isError) {
    // An unknown or malformed id is a missing page.
    if (isApiError(lesson.error) && (lesson.error.status === 404 || lesson.error.status === 400))
      return <NotFoundPage />;
    return (
      <section className="page page--narrow">
        <h1>{t('catalogue.lesson')}</h1>
        <Alert kind="error">{errorMessage(lesson.error)}</Alert>
        <p>
          <Link to={`/courses/${courseId}`}>{t('catalogue.backToCourse')}</Link>
        </p>
      </section>
    );
  }
  const data = lesson.data;
  return (
    <section className="page lesson-page" aria-busy={lesson.isFetching}>
      <p className="breadcrumb">
        <Link to={`/courses/${courseId}?locale=${locale}`}>
          {course.data ? (
            <>
              <span aria-hidden="true">← </span>
              <ResolvedSpan text={course.data.title} />
            </>
          ) : (
            t('catalogue.backToCourse')
          )}
        </Link>
      </p>
      <div className="page__header">
        <div>
          <KindLabel kind={data.kind} />
          <h1 data-testid="lesson-title">
            <ResolvedSpan text={data.title} />
          </h1>
          <FallbackNote shown={data.title.locale} wanted={locale} />
          {progressData && progressData.lessonId === data.id && (
            <p className="lesson-status">
              <LessonStatusBadge progress={progressData} kind={data.kind} testId="lesson-status" />
            </p>
          )}
        </div>
        <ContentLocalePicker id="lesson-locale" value={locale} onChange={setLocale} testId="lesson-locale" />
      </div>
      <ProgressNotice pending={pending} />
      <div role="status" aria-live="polite" className="alert-region" data-testid="lesson-completion">
        {completion.justCompleted && (
          <div className="alert alert--success">
            <span aria-hidden="true">✓ </span>
            {t('quiz.lessonCompleted')}
          </div>
        )}
        {completion.notice && <div className="alert alert--info">{completion.notice}</div>}
      </div>
      <LessonBody lesson={data} locale={locale} userId={userId} progress={progressData} />
      {course.data && <LessonNav course={course.data} lessonId={lessonId} locale={locale} />}
    </section>
  );
}

/**
 * Documents and articles count as completed once opened: the page tells the server (POST
 * /api/lessons/:id/completion) once per view of a lesson with content, then shows the new lesson and
 * course progress. Someone who cannot complete it (an author previewing, a course that needs
 * enrolment first) sees the lesson all the same.
 */
function useOpenedCompletion(lesson: LessonContentDto | undefined, userId: string | null) {
  const client = useQueryClient();
  const errorMessage = useErrorMessage();
  const sent = useRef<string | null>(null);
  const complete = useMutation({
    mutationFn: (lessonId: string) =>
      api<LessonCompletionResultDto>(`/api/lessons/${encodeURIComponent(lessonId)}/completion`, {
        method: 'POST',
        body: {},
      }),
    // Whether it was completed before this view, so "Lesson completed" is said only when it changes.
    onMutate: (lessonId) => ({
      wasCompleted:
        client.getQueryData<LessonProgressDto | null>(progressKeys.lesson(lessonId))?.status === 'completed',
    }),
    onSuccess: (result) => {
      client.setQueryData<LessonProgressDto | null>(
        progressKeys.lesson(result.lesson.lessonId),
        result.lesson,
      );
      void refreshProgress(client, result.lesson.lessonId, result.course.courseId);
    },
  });
  const { mutate, reset } = complete;
  const opened =
    !!lesson &&
    !!userId &&
    ((lesson.kind === 'article' && !!lesson.html) || (lesson.kind === 'document' && !!lesson.media));
  const lessonId = lesson?.id ?? null;
  useEffect(() => {
    if (!opened || !lessonId || sent.current === lessonId) return;
    sent.current = lessonId;
    reset();
    mutate(lessonId);
  }, [opened, lessonId, mutate, reset]);
  const error = complete.error;
  return {
    justCompleted:
      complete.isSuccess &&
      !complete.context?.wasCompleted &&
      complete.data.lesson.lessonId === lessonId &&
      complete.data.lesson.status === 'completed',
    notice: isApiError(error) && error.code === 'ENROLMENT_REQUIRED' ? errorMessage(error) : null,
  };
}

function LessonBody({
  lesson,
  locale,
  userId,
  progress,
}: {
  lesson: LessonContentDto;
  locale: Locale;
  userId: string | null;
  progress: LessonProgressDto | null | undefined;
}) {
  const { t } = useTranslation();
  if (lesson.kind === 'quiz') {
    return <QuizLesson key={lesson.id} lessonId={lesson.id} courseId={lesson.courseId} locale={locale} />;
  }
  if (lesson.kind === 'article') {
    if (!lesson.html) return <p className="empty">{t('catalogue.noContent')}</p>;
    return (
      <>
        <FallbackNote shown={lesson.bodyLocale} wanted={locale} />
        <article
          className="article card"
          lang={lesson.bodyLocale ?? undefined}
          data-testid="lesson-article"
          dangerouslySetInnerHTML={{ __html: lesson.html }}
        />
      </>
    );
  }
  const media = lesson.media;
  if (!media) return <p className="empty">{t('catalogue.noContent')}</p>;
  const title = lesson.title.text;
  if (lesson.kind === 'video') {
    return (
      <div className="stack">
        <FallbackNote shown={media.locale} wanted={locale} />
        <LessonVideo lesson={lesson} media={media} locale={locale} userId={userId} progress={progress} />
        <p>
          <a href={media.url} download={media.filename}>
            {t('catalogue.downloadVideo', { filename: media.filename })}
          </a>
        </p>
      </div>
    );
  }
  return (
    <div className="stack">
      <FallbackNote shown={media.locale} wanted={locale} />
      <iframe className="document" src={media.url} title={title} data-testid="lesson-document" />
      <p>
        <a href={media.url} download={media.filename} className="btn">
          {t('catalogue.downloadDocument', { filename: media.filename })}
        </a>
      </p>
    </div>
  );
}

function LessonNav({
  course,
  lessonId,
  locale,
}: {
  course: CourseOutlineDto;
  lessonId: string;
  locale: Locale;
}) {
  const { t } = useTranslation();
  const all = course.modules.flatMap((m) => m.lessons);
  const index = all.findIndex((l) => l.id === lessonId);
  if (index < 0) return null;
  const prev = all[index - 1];
  const next = all[index + 1];
  const to = (id: string) => `/courses/${course.id}/lessons/${id}?locale=${locale}`;
  return (
    <nav className="lesson-nav" aria-label={t('catalogue.lessonNav')}>
      {prev ? (
        <Link to={to(prev.id)} className="lesson-nav__link" rel="prev" data-testid="lesson-prev">
          <span className="lesson-nav__dir">
            <span aria-hidden="true">← </span>
            {t('catalogue.previousLesson')}
          </span>
          <ResolvedSpan text={prev.title} className="lesson-nav__title" />
        </Link>
      ) : (
        <span />
      )}
      <span className="lesson-nav__pos muted">
        {t('catalogue.lessonOf', { n: index + 1, total: all.length })}
      </span>
      {next ? (
        <Link
          to={to(next.id)}
          className="lesson-nav__link lesson-nav__link--next"
          rel="next"
          data-testid="lesson-next"
        >
          <span className="lesson-nav__dir">
            {t('catalogue.nextLesson')}
            <span aria-hidden="true"> →</span>
          </span>
          <ResolvedSpan text={next.title} className="lesson-nav__title" />
        </Link>
      ) : (
        <Link
          to={`/courses/${course.id}?locale=${locale}`}
          className="lesson-nav__link lesson-nav__link--next"
        >
          <span className="lesson-nav__dir">{t('catalogue.backToCourse')}</span>
        </Link>
      )}
    </nav>
  );
}
