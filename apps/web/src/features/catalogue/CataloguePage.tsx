import {
  isLocale,
  LOCALES,
  type CatalogueItemDto,
  type Locale,
  type MyLearningItemDto,
} from '@academy/contracts';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Alert } from '../../components/Alert';
import { Pagination } from '../../components/Pagination';
import { Loading } from '../../components/Spinner';
import { currentLocale } from '../../i18n';
import { useErrorMessage } from '../../lib/errors';
import { useListParams } from '../../lib/useListParams';
import { useTitle } from '../../lib/useTitle';
import { useMyCourses } from '../learning/api';
import { DueBadges } from '../learning/LearningBits';
import { LessonStatusBadge } from '../player/ProgressBits';
import { useCatalogue, useTopics } from './api';
import { ContentLocalePicker, FallbackNote, LanguageBadges, ResolvedSpan, useDuration } from './bits';

const PAGE_SIZE = 12;
const FILTERS = ['q', 'topic', 'language', 'locale'] as const;
const SEARCH_DELAY_MS = 350;

export function CataloguePage() {
  const { t, i18n } = useTranslation();
  useTitle(t('catalogue.title'));
  const errorMessage = useErrorMessage();
  const { values, page, update } = useListParams(FILTERS);
  void i18n.resolvedLanguage;
  const contentLocale: Locale = isLocale(values.locale) ? values.locale : currentLocale();
  const language = isLocale(values.language) ? values.language : undefined;
  const topics = useTopics();
  const courses = useCatalogue({
    q: values.q || undefined,
    topic: values.topic || undefined,
    language,
    locale: contentLocale,
    page,
    pageSize: PAGE_SIZE,
  });
  // The learner's own courses, one request for every card (shared with My learning's cache).
  const mine = useMyCourses(currentLocale());

  // The search box writes to the URL a moment after typing stops; Back and reload keep the search.
  const [search, setSearch] = useState(values.q);
  const [lastUrlQ, setLastUrlQ] = useState(values.q);
  if (values.q !== lastUrlQ) {
    setLastUrlQ(values.q);
    setSearch(values.q);
  }
  useEffect(() => {
    const trimmed = search.trim();
    if (trimmed === values.q) return;
    const timer = window.setTimeout(() => update({ q: trimmed }), SEARCH_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [search, values.q, update]);

  const filtered = !!(values.q || values.topic || values.language);

  return (
    <section className="page">
      <div className="page__header">
        <h1>{t('catalogue.title')}</h1>
      </div>
      <p className="lead">{t('catalogue.intro')}</p>

      <form
        className="filters card"
        role="search"
        aria-label={t('catalogue.filters')}
        onSubmit={(e) => {
          e.preventDefault();
          update({ q: search.trim() });
        }}
      >
        <div className="filters__search">
          <label htmlFor="catalogue-q">{t('common.search')}</label>
          <input
            id="catalogue-q"
            type="search"
            value={search}
            placeholder={t('catalogue.searchPlaceholder')}
            data-testid="catalogue-search"
            onChange={(e) => setSearch(e.target.value)}
          />
        </div>
        <div className="filters__field">
          <label htmlFor="catalogue-topic">{t('catalogue.topic')}</label>
          <select
            id="catalogue-topic"
            value={values.topic}
            onChange={(e) => update({ topic: e.target.value })}
          >
            <option value="">{t('catalogue.anyTopic')}</option>
            {(topics.data ?? []).map((topic) => (
              <option key={topic.topic} value={topic.topic}>
                {t('catalogue.topicCount', { topic: topic.topic, count: topic.count })}
              </option>
            ))}
          </select>
        </div>
        <div className="filters__field">
          <label htmlFor="catalogue-language">{t('catalogue.fullyAvailableIn')}</label>
          <select
            id="catalogue-language"
            value={language ?? ''}
            onChange={(e) => update({ language: e.target.value })}
          >
            <option value="">{t('catalogue.anyLanguage')}</option>
            {LOCALES.map((l) => (
              <option key={l} value={l} lang={l}>
                {t(`languages.${l}`)}
              </option>
            ))}
          </select>
        </div>
        <ContentLocalePicker
          id="catalogue-locale"
          value={contentLocale}
          onChange={(l) => update({ locale: l })}
          testId="catalogue-locale"
        />
      </form>

      {courses.isPending ? (
        <Loading />
      ) : courses.isError ? (
        <div className="stack">
          <Alert kind="error">{errorMessage(courses.error)}</Alert>
          <button type="button" className="btn" onClick={() => void courses.refetch()}>
            {t('common.retry')}
          </button>
        </div>
      ) : (
        <>
          <p className="muted" role="status">
            {t('common.totalFound', { total: courses.data.total })}
          </p>
          {courses.data.items.length === 0 ? (
            <div className="empty" data-testid="catalogue-empty">
              <p>{filtered ? t('catalogue.emptyFiltered') : t('catalogue.empty')}</p>
              {filtered && (
                <button
                  type="button"
                  className="btn"
                  onClick={() => {
                    setSearch('');
                    update({ q: '', topic: '', language: '' });
                  }}
                >
                  {t('catalogue.clearFilters')}
                </button>
              )}
            </div>
          ) : (
            <ul className="course-grid" aria-busy={courses.isFetching} data-testid="catalogue-list">
              {courses.data.items.map((course) => (
                <CourseCard
                  key={course.id}
                  course={course}
                  mine={mine?.get(course.id)}
                  locale={contentLocale}
                  explicitLocale={isLocale(values.locale)}
                />
              ))}
            </ul>
          )}
          <Pagination
            page={courses.data.page}
            pageSize={courses.data.pageSize || PAGE_SIZE}
            total={courses.data.total}
            onChange={(p) => update({ page: p })}
            label={t('catalogue.pagination')}
          />
        </>
      )}
    </section>
  );
}

function CourseCard({
  course,
  mine,
  locale,
  explicitLocale,
}: {
  course: CatalogueItemDto;
  /** The caller's enrolment in this course, if any. */
  mine?: MyLearningItemDto;
  locale: Locale;
  /** The learner chose the content language here: open the course in it too. */
  explicitLocale: boolean;
}) {
  const { t } = useTranslation();
  const duration = useDuration();
  const minutes = duration(course.estimatedMinutes);
  return (
    <li className="course-card" data-testid={`course-card-${course.code}`}>
      {course.coverUrl ? (
        <img className="course-card__cover" src={course.coverUrl} alt="" loading="lazy" />
      ) : (
        <div className="course-card__cover course-card__cover--none" aria-hidden="true">
          {course.code}
        </div>
      )}
      <div className="course-card__body">
        <h2 className="course-card__title">
          <Link
            to={explicitLocale ? `/courses/${course.id}?locale=${locale}` : `/courses/${course.id}`}
            className="course-card__link"
          >
            <ResolvedSpan text={course.title} />
          </Link>
        </h2>
        <FallbackNote shown={course.title.locale} wanted={locale} />
        {mine && <MyStatus item={mine} />}
        {course.summary.text && (
          <p className="course-card__summary">
            <ResolvedSpan text={course.summary} />{' '}
            {course.summary.locale !== course.title.locale && (
              <FallbackNote shown={course.summary.locale} wanted={locale} />
            )}
          </p>
        )}
        <dl className="course-card__meta">
          {minutes && (
            <div>
              <dt>{t('catalogue.duration')}</dt>
              <dd>{minutes}</dd>
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
        {course.topics.length > 0 && (
          <ul className="topic-list" aria-label={t('catalogue.topics')}>
            {course.topics.map((topic) => (
              <li key={topic} className="topic">
                {topic}
              </li>
            ))}
          </ul>
        )}
      </div>
    </li>
  );
}

/** "◐ In progress · 40%", plus the assignment and due date, on a card of a course the learner is in. */
function MyStatus({ item }: { item: MyLearningItemDto }) {
  const { t } = useTranslation();
  return (
    <p className="badges" data-testid={`my-status-${item.code}`} data-status={item.status}>
      <LessonStatusBadge progress={{ status: item.status, watchedPct: 0 }} kind="article" />
      {item.status !== 'not_started' && (
        <span className="status__pct">{t('player.pct', { pct: item.progressPct })}</span>
      )}
      <DueBadges enrolment={item} />
    </p>
  );
}
