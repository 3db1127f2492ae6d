import type { CourseProgressDto, LessonKind, LessonProgressDto, LessonStatus } from '@academy/contracts';
import { useTranslation } from 'react-i18next';

const STATUS_ICONS: Record<LessonStatus, string> = { not_started: '○', in_progress: '◐', completed: '✓' };

/** "◐ In progress · 40% watched": the status in words (never colour alone) and, for videos, the share watched. */
export function LessonStatusBadge({
  progress,
  kind,
  testId,
}: {
  progress: Pick<LessonProgressDto, 'status' | 'watchedPct'>;
  kind: LessonKind;
  testId?: string;
}) {
  const { t } = useTranslation();
  const { status } = progress;
  const showPct = kind === 'video' && status !== 'not_started';
  return (
    <span className={`status status--${status}`} data-testid={testId} data-status={status}>
      <span className="status__icon" aria-hidden="true">
        {STATUS_ICONS[status]}
      </span>
      <span className="status__text">{t(`player.status_${status}`)}</span>
      {showPct && (
        <span className="status__pct" data-testid={testId ? `${testId}-pct` : undefined}>
          <span aria-hidden="true"> · </span>
          {t('player.watchedPct', { pct: progress.watchedPct })}
        </span>
      )}
    </span>
  );
}

/** The learner's progress through a course: percentage, bar and completed required lessons. */
export function CourseProgressSummary({ course }: { course: CourseProgressDto }) {
  const { t } = useTranslation();
  const pct = Math.max(0, Math.min(100, Math.round(course.progressPct)));
  return (
    <div className="course-progress" data-testid="course-progress" data-status={course.status}>
      <div className="course-progress__head">
        <span id="course-progress-label">{t('player.courseProgress')}</span>
        <strong data-testid="course-progress-pct">{t('player.pct', { pct })}</strong>
      </div>
      <progress
        className="course-progress__bar"
        max={100}
        value={pct}
        aria-labelledby="course-progress-label"
      />
      <p className="course-progress__detail muted">
        {course.status === 'completed'
          ? t('player.courseCompleted')
          : t('player.lessonsCompleted', { done: course.completedLessons, total: course.requiredLessons })}
      </p>
    </div>
  );
}

/** "Progress will be saved when you are back online", while queued reports wait. Always in the DOM (live region). */
export function ProgressNotice({ pending }: { pending: boolean }) {
  const { t } = useTranslation();
  return (
    <div role="status" aria-live="polite" className="alert-region">
      {pending && (
        <div className="alert alert--info progress-notice" data-testid="progress-offline">
          <span aria-hidden="true">⟳ </span>
          {t('player.offlineNotice')}
        </div>
      )}
    </div>
  );
}
