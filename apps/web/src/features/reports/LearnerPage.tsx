import type { LearnerCourseRowDto } from '@academy/contracts';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import { useTitle } from '../../lib/useTitle';
import { useLearnerReport } from './api';
import {
  BackToDashboard,
  ExportLinks,
  QueryState,
  ReportTabs,
  StatusCell,
  TableScroll,
  useFormat,
} from './ReportBits';

const LANGUAGE_NAMES: Record<string, string> = { en: 'English', ru: 'Русский' };

/** One learner: their courses, each with per-lesson status, watched % and quiz attempts. */
export function LearnerPage() {
  const { t } = useTranslation();
  const { userId = '' } = useParams();
  const location = useLocation();
  const fmt = useFormat();
  const report = useLearnerReport(userId, fmt.locale);
  useTitle(report.data?.user.displayName ?? t('reports.learnerTitle'));
  // Opened from a people list: back to that list (its filters, sort and page); else to the dashboard.
  const from = (location.state as { from?: string } | null)?.from;

  return (
    <section className="page reports" aria-labelledby="learner-title">
      {from?.startsWith('/reports') ? (
        <p className="breadcrumb">
          <Link to={from} data-testid="learner-back">
            <span aria-hidden="true">← </span>
            {t('reports.backToList')}
          </Link>
        </p>
      ) : (
        <BackToDashboard search="" />
      )}
      <QueryState query={report}>
        {() => {
          const { user, courses, lastActivityAt } = report.data!;
          return (
            <>
              <div className="page__header">
                <h1 id="learner-title" data-testid="learner-name">
                  {user.displayName}
                </h1>
                <ExportLinks
                  kind="learner-courses"
                  query={{ userId: user.id }}
                  tableName={t('reports.learnerCourses')}
                />
              </div>
              <ReportTabs />
              <div className="card">
                <dl className="report-facts">
                  <div>
                    <dt>{t('reports.col_email')}</dt>
                    <dd>{user.email}</dd>
                  </div>
                  <div>
                    <dt>{t('reports.unit')}</dt>
                    <dd data-testid="learner-unit">{user.unitName ?? '—'}</dd>
                  </div>
                  <div>
                    <dt>{t('reports.language')}</dt>
                    <dd lang={user.locale}>{LANGUAGE_NAMES[user.locale] ?? user.locale}</dd>
                  </div>
                  <div>
                    <dt>{t('reports.account')}</dt>
                    <dd>{t(`reports.account_${user.status}`)}</dd>
                  </div>
                  <div>
                    <dt>{t('reports.col_lastActivityAt')}</dt>
                    <dd>{fmt.dateTime(lastActivityAt)}</dd>
                  </div>
                </dl>
              </div>
              {courses.length === 0 ? (
                <p className="empty">{t('reports.learnerNoCourses')}</p>
              ) : (
                courses.map((course) => (
                  <LearnerCourse key={course.enrolmentId} course={course} userId={user.id} />
                ))
              )}
            </>
          );
        }}
      </QueryState>
    </section>
  );
}

function LearnerCourse({ course, userId }: { course: LearnerCourseRowDto; userId: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const headingId = `learner-course-${course.enrolmentId}`;
  return (
    <section
      className="card learner-course"
      aria-labelledby={headingId}
      data-testid={`learner-course-${course.courseCode}`}
    >
      <div className="learner-course__head">
        <h2 id={headingId}>
          {course.courseTitle} <span className="muted small">{course.courseCode}</span>
        </h2>
        <StatusCell status={course.status} overdue={course.overdue} />
      </div>
      <dl className="report-facts">
        <div>
          <dt>{t('reports.col_progress')}</dt>
          <dd>
            {fmt.pct(course.progressPct)} (
            {t('reports.lessonsDone', {
              done: course.completedLessons,
              total: course.requiredLessons,
            })}
            )
          </dd>
        </div>
        <div>
          <dt>{t('reports.col_source')}</dt>
          <dd>{t(`reports.source_${course.source}`)}</dd>
        </div>
        <div>
          <dt>{t('reports.col_enrolledAt')}</dt>
          <dd>{fmt.date(course.enrolledAt)}</dd>
        </div>
        <div>
          <dt>{t('reports.col_dueAt')}</dt>
          <dd className={course.overdue ? 'report-count--bad' : undefined}>{fmt.date(course.dueAt)}</dd>
        </div>
        <div>
          <dt>{t('reports.col_completedAt')}</dt>
          <dd>{fmt.date(course.completedAt)}</dd>
        </div>
        <div>
          <dt>{t('reports.col_lastActivityAt')}</dt>
          <dd>{fmt.dateTime(course.lastActivityAt)}</dd>
        </div>
      </dl>

      <div className="report-section__head">
        <h3>{t('reports.lessons')}</h3>
        <ExportLinks
          kind="learner-lessons"
          query={{ userId, courseId: course.courseId }}
          tableName={`${t('reports.lessons')}: ${course.courseTitle}`}
        />
      </div>
      {course.lessons.length === 0 ? (
        <p className="empty">{t('reports.noLessons')}</p>
      ) : (
        <TableScroll cards label={`${t('reports.lessons')}: ${course.courseTitle}`}>
          <table
            className="table report-table table--cards"
            data-testid={`learner-lessons-${course.courseCode}`}
          >
            <caption className="visually-hidden">
              {t('reports.lessonsCaption', { course: course.courseTitle })}
            </caption>
            <thead>
              <tr>
                <th scope="col" className="report-table__name">
                  {t('reports.col_lesson')}
                </th>
                <th scope="col">{t('reports.col_kind')}</th>
                <th scope="col">{t('reports.status')}</th>
                <th scope="col" className="num">
                  {t('reports.col_watchedPct')}
                </th>
                <th scope="col">{t('reports.col_completedAt')}</th>
                <th scope="col">{t('reports.col_lastActivityAt')}</th>
              </tr>
            </thead>
            <tbody>
              {course.lessons.map((lesson) => (
                <tr key={lesson.lessonId}>
                  <th scope="row" className="report-table__name">
                    {lesson.title}
                    <br />
                    <span className="muted small">{lesson.moduleTitle}</span>
                    {!lesson.required && <span className="muted small"> · {t('reports.optional')}</span>}
                  </th>
                  <td data-label={t('reports.col_kind')}>{t(`reports.kind_${lesson.kind}`)}</td>
                  <td data-label={t('reports.status')}>
                    <StatusCell status={lesson.status} />
                  </td>
                  <td className="num" data-label={t('reports.col_watchedPct')}>
                    {lesson.watchedPct === null ? '—' : fmt.pct(lesson.watchedPct)}
                  </td>
                  <td data-label={t('reports.col_completedAt')}>{fmt.date(lesson.completedAt)}</td>
                  <td data-label={t('reports.col_lastActivityAt')}>{fmt.dateTime(lesson.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}

      <div className="report-section__head">
        <h3>{t('reports.attempts')}</h3>
        {course.attempts.length > 0 && (
          <ExportLinks
            kind="learner-attempts"
            query={{ userId, courseId: course.courseId }}
            tableName={`${t('reports.attempts')}: ${course.courseTitle}`}
          />
        )}
      </div>
      {course.attempts.length === 0 ? (
        <p className="muted">{t('reports.noAttempts')}</p>
      ) : (
        <TableScroll cards label={`${t('reports.attempts')}: ${course.courseTitle}`}>
          <table
            className="table report-table table--cards"
            data-testid={`learner-attempts-${course.courseCode}`}
          >
            <caption className="visually-hidden">
              {t('reports.attemptsCaption', { course: course.courseTitle })}
            </caption>
            <thead>
              <tr>
                <th scope="col" className="report-table__name">
                  {t('reports.col_lesson')}
                </th>
                <th scope="col" className="num">
                  {t('reports.col_attempt')}
                </th>
                <th scope="col" className="num">
                  {t('reports.col_score')}
                </th>
                <th scope="col">{t('reports.col_result')}</th>
                <th scope="col">{t('reports.col_submittedAt')}</th>
              </tr>
            </thead>
            <tbody>
              {course.attempts.map((a) => (
                <tr key={`${a.lessonId}-${a.number}`}>
                  <th scope="row" className="report-table__name">
                    {a.lessonTitle}
                  </th>
                  <td className="num" data-label={t('reports.col_attempt')}>
                    {a.number}
                  </td>
                  <td className="num" data-label={t('reports.col_score')}>
                    {fmt.pct(a.scorePct)}
                  </td>
                  <td data-label={t('reports.col_result')}>
                    {a.passed === null
                      ? t('reports.attemptOpen')
                      : a.passed
                        ? t('reports.passed', { mark: fmt.pct(a.passMarkPct) })
                        : t('reports.failed', { mark: fmt.pct(a.passMarkPct) })}
                  </td>
                  <td data-label={t('reports.col_submittedAt')}>{fmt.dateTime(a.submittedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}
