import type { MyLearningDto, MyLearningItemDto } from '@academy/contracts';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Alert } from '../../components/Alert';
import { Loading } from '../../components/Spinner';
import { currentLocale } from '../../i18n';
import { useErrorMessage } from '../../lib/errors';
import { useTitle } from '../../lib/useTitle';
import { ResolvedSpan } from '../catalogue/bits';
import { LessonStatusBadge } from '../player/ProgressBits';
import { lessonPath, useMyLearning } from './api';
import { DueBadges, LearningProgress, useDateText } from './LearningBits';
import './learning.css';

type ListName = keyof MyLearningDto;

const LISTS: { name: ListName; title: string; empty: string; testId: string }[] = [
  {
    name: 'assigned',
    title: 'learning.assigned',
    empty: 'learning.emptyAssigned',
    testId: 'my-learning-assigned',
  },
  {
    name: 'inProgress',
    title: 'learning.inProgress',
    empty: 'learning.emptyInProgress',
    testId: 'my-learning-in-progress',
  },
  {
    name: 'completed',
    title: 'learning.completed',
    empty: 'learning.emptyCompleted',
    testId: 'my-learning-completed',
  },
];

/**
 * What learners see first ("/", also at /learning): the courses assigned to them and not started, the
 * ones in progress with "Continue", and the completed ones with their certificate.
 */
export function MyLearningPage() {
  const { t, i18n } = useTranslation();
  useTitle(t('learning.title'));
  void i18n.resolvedLanguage; // the list is asked for in the interface language
  const errorMessage = useErrorMessage();
  const learning = useMyLearning(currentLocale());

  return (
    <section className="page" aria-busy={learning.isFetching}>
      <h1>{t('learning.title')}</h1>
      <p className="lead">{t('learning.intro')}</p>
      {learning.isPending ? (
        <Loading />
      ) : learning.isError ? (
        <div className="stack">
          <Alert kind="error">{errorMessage(learning.error)}</Alert>
          <button type="button" className="btn" onClick={() => void learning.refetch()}>
            {t('common.retry')}
          </button>
        </div>
      ) : LISTS.every((list) => learning.data[list.name].length === 0) ? (
        <div className="empty" data-testid="my-learning-empty">
          <p>{t('learning.emptyAll')}</p>
          <p>
            <Link to="/courses" className="btn btn--primary" data-testid="home-browse-courses">
              {t('learning.browse')}
            </Link>
          </p>
        </div>
      ) : (
        LISTS.map((list) => (
          <LearningList
            key={list.name}
            name={list.name}
            title={t(list.title)}
            empty={t(list.empty)}
            items={learning.data[list.name]}
            testId={list.testId}
          />
        ))
      )}
    </section>
  );
}

function LearningList({
  name,
  title,
  empty,
  items,
  testId,
}: {
  name: ListName;
  title: string;
  empty: string;
  items: MyLearningItemDto[];
  testId: string;
}) {
  const { t } = useTranslation();
  const headingId = useId();
  return (
    <section className="learning-section" aria-labelledby={headingId} data-testid={testId}>
      <h2 id={headingId}>
        {title} <span className="learning-section__count">({items.length})</span>
      </h2>
      {name === 'assigned' && items.length > 0 && <p className="muted">{t('learning.assignedHint')}</p>}
      {items.length === 0 ? (
        <div className="empty">
          <p>{empty}</p>
          {name !== 'completed' && <Link to="/courses">{t('learning.browse')}</Link>}
        </div>
      ) : (
        <ul className="course-grid">
          {items.map((item) => (
            <LearningCard key={item.courseId} item={item} />
          ))}
        </ul>
      )}
    </section>
  );
}

function LearningCard({ item }: { item: MyLearningItemDto }) {
  const { t } = useTranslation();
  const date = useDateText();
  const titleId = useId();
  const completed = item.status === 'completed';
  return (
    <li
      className="course-card learning-card"
      aria-labelledby={titleId}
      data-testid={`learning-card-${item.courseId}`}
      data-code={item.code}
    >
      <div className="course-card__body">
        <h3 className="course-card__title learning-card__title" id={titleId}>
          <Link to={`/courses/${item.courseId}`}>
            <ResolvedSpan text={item.title} />
          </Link>
        </h3>
        <span className="badges">
          <LessonStatusBadge progress={{ status: item.status, watchedPct: 0 }} kind="article" />
          <DueBadges enrolment={item} showNoDue />
        </span>
        <LearningProgress enrolment={item} testId={`learning-progress-${item.courseId}`} />
        {completed && item.completedAt && (
          <p className="muted">{t('learning.completedOn', { date: date(item.completedAt) })}</p>
        )}
        {!item.available && <p className="muted">{t('learning.unavailable')}</p>}
        <div className="learning-actions">
          {!completed && item.available && item.next && (
            <Link
              to={lessonPath(item.courseId, item.next.lessonId)}
              className="btn btn--primary"
              data-testid={`continue-${item.courseId}`}
              aria-describedby={titleId}
            >
              {item.startedAt ? t('learning.continue') : t('learning.start')}
            </Link>
          )}
          {completed && <CertificateLinks item={item} describedBy={titleId} />}
        </div>
      </div>
    </li>
  );
}

function CertificateLinks({ item, describedBy }: { item: MyLearningItemDto; describedBy: string }) {
  const { t } = useTranslation();
  const certificate = item.certificate;
  if (!certificate) return <p className="muted">{t('learning.certificatePending')}</p>;
  return (
    <>
      {certificate.revoked ? (
        <span className="badge badge--disabled" data-testid={`certificate-revoked-${item.courseId}`}>
          {t('learning.certificateRevoked')}
        </span>
      ) : (
        <a
          href={certificate.pdfUrl}
          className="btn btn--primary"
          download
          data-testid={`certificate-pdf-${item.courseId}`}
          aria-describedby={describedBy}
        >
          {t('learning.certificate')}
        </a>
      )}
      <Link
        to={`/verify/${encodeURIComponent(certificate.code)}`}
        className="btn"
        data-testid={`certificate-verify-${item.courseId}`}
        aria-describedby={describedBy}
      >
        {t('learning.verify')}
      </Link>
    </>
  );
}
