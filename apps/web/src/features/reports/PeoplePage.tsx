import { REPORT_DEFAULT_PAGE_SIZE } from '@academy/contracts';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { Pagination } from '../../components/Pagination';
import { useTitle } from '../../lib/useTitle';
import { usePeopleReport, useReportFilters } from './api';
import { useUrlFilters } from './DashboardPage';
import {
  BackToDashboard,
  ExportLinks,
  QueryState,
  ReportFilterForm,
  ReportTabs,
  SortHeader,
  StatusCell,
  TableScroll,
  useFormat,
} from './ReportBits';
import { parseSort, toggleSort, toSearch, type Filters } from './report-params';

const PAGE_SIZE = REPORT_DEFAULT_PAGE_SIZE;

/**
 * The people behind a number (`people`), or the overdue officers (`overdue`: sorted by due date by default,
 * filterable by unit and course). Filters, search, sort and page live in the URL.
 */
export function PeoplePage({ kind }: { kind: 'people' | 'overdue' }) {
  const { t } = useTranslation();
  const title = kind === 'overdue' ? t('reports.overdueTitle') : t('reports.peopleTitle');
  useTitle(title);
  const fmt = useFormat();
  const location = useLocation();
  const { params, filters, update } = useUrlFilters();
  const defaultSort = kind === 'overdue' ? 'dueAt' : 'name';
  const sort = parseSort(params.get('sort'), defaultSort);
  const q = params.get('q') ?? '';
  const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1);
  const scoped: Filters = kind === 'overdue' ? { ...filters, status: undefined } : filters;
  const options = useReportFilters(fmt.locale);
  const people = usePeopleReport(
    kind,
    { ...scoped, q: q || undefined, sort: params.get('sort') || undefined, page, pageSize: PAGE_SIZE },
    fmt.locale,
  );
  const onSort = (key: string) => update({ sort: toggleSort(sort, key) });
  const exportQuery = { ...scoped, q: q || undefined, sort: params.get('sort') || undefined };
  const dashboardSearch = toSearch({ ...filters, status: kind === 'overdue' ? undefined : filters.status });

  const header = (key: string, label: string, className?: string) => (
    <SortHeader label={label} sortKey={key} sort={sort} onSort={onSort} className={className} />
  );

  return (
    <section className="page reports" aria-labelledby="people-title">
      <BackToDashboard search={dashboardSearch} />
      <div className="page__header">
        <h1 id="people-title">{title}</h1>
      </div>
      <ReportTabs />
      <ReportFilterForm
        idPrefix={kind}
        filters={scoped}
        options={options.data}
        showStatus={kind === 'people'}
        search={q}
        onChange={(changes) => update(changes)}
      />

      <section className="card report-section" aria-labelledby="people-table-title">
        <div className="report-section__head">
          <h2 id="people-table-title">{t('reports.peopleList')}</h2>
          <ExportLinks kind={kind} query={exportQuery} tableName={title} />
        </div>
        <QueryState query={people}>
          {() => {
            const data = people.data!;
            return (
              <>
                <p className="muted" role="status" aria-live="polite" data-testid="people-total">
                  {t('common.totalFound', { total: fmt.count(data.total) })}
                </p>
                {data.items.length === 0 ? (
                  <p className="empty">{t('reports.emptyPeople')}</p>
                ) : (
                  <TableScroll label={title}>
                    <table
                      className="table report-table"
                      aria-busy={people.isFetching}
                      data-testid="people-table"
                    >
                      <caption className="visually-hidden">{t('reports.peopleCaption')}</caption>
                      <thead>
                        <tr>
                          {header('name', t('reports.col_name'), 'report-table__name')}
                          {header('unit', t('reports.unit'), 'report-table__name')}
                          {header('course', t('reports.course'), 'report-table__name')}
                          {header('status', t('reports.status'))}
                          {header('progress', t('reports.col_progress'), 'num')}
                          {header('dueAt', t('reports.col_dueAt'))}
                          {header('completedAt', t('reports.col_completedAt'))}
                          {header('lastActivityAt', t('reports.col_lastActivityAt'))}
                        </tr>
                      </thead>
                      <tbody>
                        {data.items.map((row) => (
                          <tr key={row.enrolmentId} data-testid={`person-row-${row.email}`}>
                            <th scope="row" className="report-table__name">
                              <Link
                                to={`/reports/learners/${row.userId}`}
                                state={{ from: `${location.pathname}${location.search}` }}
                                data-testid={`person-link-${row.email}`}
                              >
                                {row.displayName}
                              </Link>
                              <br />
                              <span className="muted small break">{row.email}</span>
                            </th>
                            <td className="report-table__name">{row.unitName ?? '—'}</td>
                            <td className="report-table__name">
                              {row.courseTitle} <span className="muted small">{row.courseCode}</span>
                            </td>
                            <td>
                              <StatusCell status={row.status} overdue={row.overdue} />
                            </td>
                            <td className="num">{fmt.pct(row.progressPct)}</td>
                            <td>
                              {fmt.date(row.dueAt)}
                              {row.overdue && (
                                <>
                                  <br />
                                  <span className="small report-count--bad">
                                    {t('reports.daysOverdue', { count: row.daysOverdue })}
                                  </span>
                                </>
                              )}
                            </td>
                            <td>{fmt.date(row.completedAt)}</td>
                            <td>{fmt.dateTime(row.lastActivityAt)}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </TableScroll>
                )}
                <Pagination
                  page={data.page}
                  pageSize={data.pageSize || PAGE_SIZE}
                  total={data.total}
                  onChange={(p) => update({ page: String(p) })}
                  label={t('reports.pagination')}
                />
              </>
            );
          }}
        </QueryState>
      </section>
    </section>
  );
}
