import type { EnrolmentDto } from '@academy/contracts';
import { useCallback, useId } from 'react';
import { useTranslation } from 'react-i18next';
import './learning.css';

/** "5 Mar 2031" in the interface language. */
export function useDateText(): (iso: string) => string {
  const { i18n } = useTranslation();
  return useCallback(
    (iso: string) =>
      new Intl.DateTimeFormat(i18n.resolvedLanguage ?? 'en', { dateStyle: 'medium' }).format(new Date(iso)),
    [i18n.resolvedLanguage],
  );
}

/** Progress bar with its percentage and the count of required lessons, labelled for screen readers. */
export function LearningProgress({
  enrolment,
  testId,
}: {
  enrolment: Pick<EnrolmentDto, 'progressPct' | 'completedLessons' | 'requiredLessons'>;
  testId?: string;
}) {
  const { t } = useTranslation();
  const labelId = useId();
  const pct = Math.max(0, Math.min(100, Math.round(enrolment.progressPct)));
  return (
    <div className="learning-progress" data-testid={testId}>
      <div className="course-progress__head">
        <span id={labelId}>{t('learning.progress')}</span>
        <strong data-testid={testId ? `${testId}-pct` : undefined}>{t('player.pct', { pct })}</strong>
      </div>
      <progress className="course-progress__bar" max={100} value={pct} aria-labelledby={labelId} />
      <p className="course-progress__detail muted">
        {t('learning.lessons', { done: enrolment.completedLessons, total: enrolment.requiredLessons })}
      </p>
    </div>
  );
}

/** "Assigned", the due date and "Overdue" (in words, not colour alone). */
export function DueBadges({
  enrolment,
  showNoDue = false,
}: {
  enrolment: Pick<EnrolmentDto, 'source' | 'dueAt' | 'overdue'>;
  showNoDue?: boolean;
}) {
  const { t } = useTranslation();
  const date = useDateText();
  return (
    <span className="badges learning-due">
      {enrolment.source === 'assigned' && (
        <span className="badge badge--coordinator">{t('learning.assignedBadge')}</span>
      )}
      {enrolment.dueAt ? (
        <span className="learning-due__date" data-testid="due-date">
          {t('learning.due', { date: date(enrolment.dueAt) })}
        </span>
      ) : (
        showNoDue && enrolment.source === 'assigned' && <span className="muted">{t('learning.noDue')}</span>
      )}
      {enrolment.overdue && (
        <span className="badge badge--disabled" data-testid="overdue">
          <span aria-hidden="true">! </span>
          {t('learning.overdue')}
        </span>
      )}
    </span>
  );
}
