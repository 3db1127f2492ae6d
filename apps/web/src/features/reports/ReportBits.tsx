import type { ExportFormat, Locale, ReportFiltersDto, ReportKind } from '@academy/contracts';
import { REPORT_STATUSES } from '@academy/contracts';
import { useEffect, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink } from 'react-router';
import { Alert } from '../../components/Alert';
import { Loading } from '../../components/Spinner';
import { currentLocale } from '../../i18n';
import { useErrorMessage } from '../../lib/errors';
import { useMe } from '../auth/api';
import {
  ariaSort,
  exportHref,
  formatCount,
  formatDate,
  formatDateTime,
  formatPct,
  type Filters,
  type SortState,
} from './report-params';

/** The interface language and formatters bound to it. */
export function useFormat() {
  const { i18n } = useTranslation();
  void i18n.resolvedLanguage;
  const locale = currentLocale();
  return useMemo(
    () => ({
      locale,
      count: (n: number) => formatCount(n, locale),
      pct: (n: number | null | undefined) => formatPct(n, locale),
      date: (iso: string | null | undefined) => formatDate(iso, locale),
      dateTime: (iso: string | null | undefined) => formatDateTime(iso, locale),
    }),
    [locale],
  );
}

/** What the signed-in user may open: coordinator pages, region pages, people lists. */
export function useReportAccess() {
  const { data: me } = useMe();
  const roles = me?.roles ?? [];
  const admin = roles.includes('admin');
  const coordinator = roles.includes('coordinator');
  return {
    coordinator,
    admin,
    region: admin || roles.includes('author'),
    people: admin || coordinator,
  };
}

/** Tabs between the report pages the user may open. */
export function ReportTabs() {
  const { t } = useTranslation();
  const access = useReportAccess();
  const dashboardPath = access.coordinator ? '/reports' : '/reports/courses';
  return (
    <nav aria-label={t('reports.tabsLabel')}>
      <ul className="reports-tabs">
        <li>
          <NavLink to={dashboardPath} end data-testid="reports-tab-dashboard">
            {t('reports.tabDashboard')}
          </NavLink>
        </li>
        {access.people && (
          <li>
            <NavLink to="/reports/overdue" data-testid="reports-tab-overdue">
              {t('reports.tabOverdue')}
            </NavLink>
          </li>
        )}
        {access.region && (
          <li>
            <NavLink to="/reports/region" data-testid="reports-tab-region">
              {t('reports.tabRegion')}
            </NavLink>
          </li>
        )}
      </ul>
    </nav>
  );
}

/** "CSV" and "XLSX" download links for a table, with the current filters (no script: the browser saves). */
export function ExportLinks({
  kind,
  query,
  tableName,
}: {
  kind: ReportKind;
  query: Record<string, string | number | undefined>;
  tableName: string;
}) {
  const { t } = useTranslation();
  const locale: Locale = currentLocale();
  const formats: ExportFormat[] = ['csv', 'xlsx'];
  return (
    <div className="report-exports">
      {formats.map((format) => (
        <a
          key={format}
          className="btn btn--small"
          href={exportHref(kind, format, query, locale)}
          download
          data-testid={`export-${kind}-${format}`}
        >
          {t(`reports.export_${format}`)}
          <span className="visually-hidden"> — {tableName}</span>
        </a>
      ))}
    </div>
  );
}

/** A number that opens the list of the people it counts (plain text when there is no such list). */
export function CountLink({
  value,
  to,
  bad,
  testId,
}: {
  value: string;
  to: string | null;
  bad?: boolean;
  testId?: string;
}) {
  const className = bad ? 'report-count report-count--bad' : 'report-count';
  if (!to) {
    return (
      <span className={className} data-testid={testId}>
        {value}
      </span>
    );
  }
  return (
    <Link to={to} className={className} data-testid={testId}>
      {value}
    </Link>
  );
}

/** A sortable column header: a button that flips the order, with aria-sort on the header. */
export function SortHeader({
  label,
  sortKey,
  sort,
  onSort,
  className,
}: {
  label: string;
  sortKey: string;
  sort: SortState;
  onSort: (key: string) => void;
  className?: string;
}) {
  const state = ariaSort(sort, sortKey);
  return (
    <th scope="col" aria-sort={state} className={className}>
      <button
        type="button"
        className="sort-btn"
        onClick={() => onSort(sortKey)}
        data-testid={`sort-${sortKey}`}
      >
        {label}
        <span className="sort-btn__arrow" aria-hidden="true">
          {state === 'ascending' ? '▲' : state === 'descending' ? '▼' : ''}
        </span>
      </button>
    </th>
  );
}

/** A table in its own horizontally scrolling, keyboard-focusable box (tables never widen the page). */
export function TableScroll({
  label,
  cards = false,
  children,
}: {
  label: string;
  /** The table inside is a `table--cards` table: on phones it is a list of cards and does not scroll. */
  cards?: boolean;
  children: ReactNode;
}) {
  return (
    <div
      className={cards ? 'table-scroll table-scroll--cards' : 'table-scroll'}
      role="region"
      aria-label={label}
      tabIndex={0}
    >
      {children}
    </div>
  );
}

/** Loading, error and data states of one query, announced to screen readers. */
export function QueryState({
  query,
  children,
}: {
  query: { isPending: boolean; isError: boolean; error: unknown };
  children: () => ReactNode;
}) {
  const errorMessage = useErrorMessage();
  if (query.isPending) return <Loading />;
  if (query.isError) return <Alert kind="error">{errorMessage(query.error)}</Alert>;
  return <>{children()}</>;
}

export interface FilterOptions {
  courses: ReportFiltersDto['courses'];
  units: ReportFiltersDto['units'];
}

/**
 * The filter form: course, unit (the caller's subtree, indented), date range and status. Selects apply at
 * once; dates apply with the button (typing a date should not reload the page per keystroke).
 */
export function ReportFilterForm({
  idPrefix,
  filters,
  options,
  onChange,
  showStatus = true,
  search,
}: {
  idPrefix: string;
  filters: Filters;
  options: FilterOptions | undefined;
  onChange: (changes: Filters & { q?: string }) => void;
  showStatus?: boolean;
  /** A name/e-mail search box (people lists): its current value in the URL. */
  search?: string;
}) {
  const { t } = useTranslation();
  const [from, setFrom] = useState(filters.from ?? '');
  const [to, setTo] = useState(filters.to ?? '');
  const [q, setQ] = useState(search ?? '');
  useEffect(() => {
    setFrom(filters.from ?? '');
    setTo(filters.to ?? '');
  }, [filters.from, filters.to]);
  useEffect(() => setQ(search ?? ''), [search]);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    onChange(search === undefined ? { from, to } : { from, to, q: q.trim() });
  };
  const active = Object.values(filters).some(Boolean) || !!search;
  return (
    <form
      className="card report-filters"
      aria-label={t('reports.filters')}
      onSubmit={onSubmit}
      data-testid={`${idPrefix}-filters`}
    >
      <div className="field">
        <label htmlFor={`${idPrefix}-course`}>{t('reports.course')}</label>
        <select
          id={`${idPrefix}-course`}
          value={filters.courseId ?? ''}
          onChange={(e) => onChange({ courseId: e.target.value })}
          data-testid="filter-course"
        >
          <option value="">{t('reports.allCourses')}</option>
          {options?.courses.map((c) => (
            <option key={c.id} value={c.id}>
              {c.title} ({c.code})
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${idPrefix}-unit`}>{t('reports.unit')}</label>
        <select
          id={`${idPrefix}-unit`}
          value={filters.unitId ?? ''}
          onChange={(e) => onChange({ unitId: e.target.value })}
          data-testid="filter-unit"
        >
          <option value="">{t('reports.allUnits')}</option>
          {options?.units.map((u) => (
            <option key={u.id} value={u.id}>
              {'\u00a0\u00a0'.repeat(u.depth)}
              {u.name} ({u.code})
            </option>
          ))}
        </select>
      </div>
      {showStatus && (
        <div className="field">
          <label htmlFor={`${idPrefix}-status`}>{t('reports.status')}</label>
          <select
            id={`${idPrefix}-status`}
            value={filters.status ?? ''}
            onChange={(e) => onChange({ status: e.target.value })}
            data-testid="filter-status"
          >
            <option value="">{t('reports.anyStatus')}</option>
            {REPORT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`reports.status_${s}`)}
              </option>
            ))}
          </select>
        </div>
      )}
      <div className="field">
        <label htmlFor={`${idPrefix}-from`}>{t('reports.from')}</label>
        <input
          id={`${idPrefix}-from`}
          type="date"
          value={from}
          max={to || undefined}
          onChange={(e) => setFrom(e.target.value)}
          data-testid="filter-from"
        />
      </div>
      <div className="field">
        <label htmlFor={`${idPrefix}-to`}>{t('reports.to')}</label>
        <input
          id={`${idPrefix}-to`}
          type="date"
          value={to}
          min={from || undefined}
          onChange={(e) => setTo(e.target.value)}
          data-testid="filter-to"
        />
      </div>
      {search !== undefined && (
        <div className="field">
          <label htmlFor={`${idPrefix}-q`}>{t('reports.searchPeople')}</label>
          <input
            id={`${idPrefix}-q`}
            type="search"
            value={q}
            onChange={(e) => setQ(e.target.value)}
            data-testid="filter-q"
          />
        </div>
      )}
      <p className="small muted report-filters__hint">{t('reports.datesHint')}</p>
      <div className="report-filters__actions">
        <button type="submit" className="btn" data-testid="filter-apply">
          {t('reports.apply')}
        </button>
        {active && (
          <button
            type="button"
            className="btn btn--ghost"
            onClick={() =>
              onChange({ courseId: '', unitId: '', from: '', to: '', status: '', source: '', q: '' })
            }
            data-testid="filter-clear"
          >
            {t('reports.clearFilters')}
          </button>
        )}
      </div>
    </form>
  );
}

/** The status of an enrolment as a badge; overdue shown beside it. */
export function StatusCell({ status, overdue }: { status: string; overdue?: boolean }) {
  const { t } = useTranslation();
  return (
    <span className="badges">
      <span className={`status status--${status}`}>{t(`reports.status_${status}`)}</span>
      {overdue && <span className="badge badge--disabled">{t('reports.status_overdue')}</span>}
    </span>
  );
}

/** Back-link to the dashboard keeping the filters. */
export function BackToDashboard({ search }: { search: string }) {
  const { t } = useTranslation();
  const access = useReportAccess();
  const path = access.coordinator ? '/reports' : '/reports/courses';
  return (
    <p className="breadcrumb">
      <Link to={`${path}${search}`}>
        <span aria-hidden="true">← </span>
        {t('reports.backToDashboard')}
      </Link>
    </p>
  );
}
