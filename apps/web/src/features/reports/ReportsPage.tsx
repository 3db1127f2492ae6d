import { useTranslation } from 'react-i18next';
import { Link, Navigate, Route, Routes } from 'react-router';
import { DashboardPage } from './DashboardPage';
import { LearnerPage } from './LearnerPage';
import { PeoplePage } from './PeoplePage';
import { RegionPage } from './RegionPage';
import { useReportAccess } from './ReportBits';
import './reports.css';

/**
 * /reports/* (coordinator, author, admin):
 * - /reports              coordinators: their dashboard; others go to the region dashboard
 * - /reports/courses      the same dashboard for admins and authors (region scope; authors: aggregates only)
 * - /reports/people       the people behind a number (coordinator, admin)
 * - /reports/overdue      overdue officers, by due date (coordinator, admin)
 * - /reports/learners/:id a learner's courses, lessons and quiz attempts (coordinator, admin)
 * - /reports/region       the regional office dashboard (author, admin)
 * Filters live in the query string, so every view can be bookmarked and shared.
 */
export function ReportsPage() {
  const access = useReportAccess();
  return (
    <Routes>
      <Route
        index
        element={access.coordinator ? <DashboardPage /> : <Navigate to="/reports/region" replace />}
      />
      <Route path="courses" element={<DashboardPage />} />
      {access.people && <Route path="people" element={<PeoplePage key="people" kind="people" />} />}
      {access.people && <Route path="overdue" element={<PeoplePage key="overdue" kind="overdue" />} />}
      {access.people && <Route path="learners/:userId" element={<LearnerPage />} />}
      {access.region && <Route path="region" element={<RegionPage />} />}
      <Route path="*" element={<ReportNotFound />} />
    </Routes>
  );
}

function ReportNotFound() {
  const { t } = useTranslation();
  return (
    <section className="page">
      <h1>{t('reports.notAvailable')}</h1>
      <p>
        <Link to="/reports">{t('reports.backToDashboard')}</Link>
      </p>
    </section>
  );
}
