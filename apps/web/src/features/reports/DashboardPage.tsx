import type { ReportCountsDto, UnitReportRowDto } from '@academy/contracts';
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useTitle } from '../../lib/useTitle';
import { useCourseReport, useReportFilters, useUnitReport, useWeeklyCompletions } from './api';
import { ColumnChart, HBarChart } from './Charts';
import {
  CountLink,
  ExportLinks,
  QueryState,
  ReportFilterForm,
  ReportTabs,
  TableScroll,
  useFormat,
  useReportAccess,
} from './ReportBits';
import { formatPeriod, peopleHref, readFilters, type Filters } from './report-params';

/** Filters kept in the URL; changing one replaces the history entry only for dates typed in. */
export function useUrlFilters() {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => readFilters(params), [params]);
  const update = useCallback(
    (changes: Record<string, string | undefined>) => {
      setParams((prev) => {
        const next = new URLSearchParams(prev);
        for (const [key, value] of Object.entries(changes)) {
          if (value) next.set(key, value);
          else next.delete(key);
        }
        if (!('page' in changes)) next.delete('page');
        return next;
      });
    },
    [setParams],
  );
  return { params, filters, update };
}

type CountKey = 'enrolled' | 'assigned' | 'notStarted' | 'inProgress' | 'completed' | 'overdue';

/** Each count column and the people-list filter behind it. */
const COUNT_COLUMNS: { key: CountKey; link: Filters }[] = [
  { key: 'enrolled', link: {} },
  { key: 'assigned', link: { source: 'assigned' } },
  { key: 'notStarted', link: { status: 'not_started' } },
  { key: 'inProgress', link: { status: 'in_progress' } },
  { key: 'completed', link: { status: 'completed' } },
  { key: 'overdue', link: { status: 'overdue' } },
];

/**
 * The count cells of one row (course, unit or total). `scope` is what the row stands for (a course, a unit);
 * null `scope` means the numbers are not links (authors, or a unit's "directly attached" row).
 */
function CountCells({
  counts,
  filters,
  scope,
  testPrefix,
}: {
  counts: ReportCountsDto;
  filters: Filters;
  scope: Filters | null;
  testPrefix: string;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <>
      {COUNT_COLUMNS.map(({ key, link }) => {
        // A number filtered by status links to that status, whatever the status filter said.
        const to =
          scope === null
            ? null
            : counts[key] === 0
              ? null
              : peopleHref(filters, { ...scope, status: filters.status ?? '', ...link });
        return (
          <td key={key} className="num" data-label={t(`reports.col_${key}`)}>
            <CountLink
              value={fmt.count(counts[key])}
              to={to}
              bad={key === 'overdue' && counts[key] > 0}
              testId={`${testPrefix}-${key}`}
            />
          </td>
        );
      })}
      <td className="num" data-label={t('reports.col_completionRate')}>
        {fmt.pct(counts.completionRate)}
      </td>
      <td className="num" data-label={t('reports.col_avgBestQuizPct')}>
        {fmt.pct(counts.avgBestQuizPct)}
      </td>
    </>
  );
}

function CountHeaders() {
  const { t } = useTranslation();
  return (
    <>
      {COUNT_COLUMNS.map(({ key }) => (
        <th key={key} scope="col" className="num">
          {t(`reports.col_${key}`)}
        </th>
      ))}
      <th scope="col" className="num">
        {t('reports.col_completionRate')}
      </th>
      <th scope="col" className="num">
        {t('reports.col_avgBestQuizPct')}
      </th>
    </>
  );
}

/** Coordinator dashboard: their subtree (admin/author: the region, aggregates only for authors). */
export function DashboardPage() {
  const { t } = useTranslation();
  useTitle(t('reports.dashboardTitle'));
  const fmt = useFormat();
  const access = useReportAccess();
  const { filters, update } = useUrlFilters();
  const options = useReportFilters(fmt.locale);
  const courses = useCourseReport(filters, fmt.locale);
  const units = useUnitReport(filters, fmt.locale);
  const weekly = useWeeklyCompletions(filters, fmt.locale);
  const linkable = access.people;
  const exportQuery = { ...filters };

  const summary = courses.data?.total;
  return (
    <section className="page reports" aria-labelledby="reports-title">
      <div className="page__header">
        <h1 id="reports-title">{t('reports.dashboardTitle')}</h1>
      </div>
      <ReportTabs />
      <p className="muted">
        {options.data?.scope === 'region' ? t('reports.introRegionScope') : t('reports.introSubtree')}
      </p>
      <ReportFilterForm
        idPrefix="dash"
        filters={filters}
        options={options.data}
        onChange={(changes) => update(changes)}
      />
      <p className="visually-hidden" role="status" aria-live="polite">
        {courses.isFetching || units.isFetching ? t('common.loading') : t('reports.updated')}
      </p>

      {summary && (
        <section className="card" aria-labelledby="summary-title">
          <h2 id="summary-title">{t('reports.summaryTitle')}</h2>
          <dl className="stats" data-testid="summary">
            {COUNT_COLUMNS.map(({ key, link }) => (
              <div key={key} className={key === 'overdue' && summary[key] > 0 ? 'stat stat--bad' : 'stat'}>
                <dt>{t(`reports.col_${key}`)}</dt>
                <dd>
                  <CountLink
                    value={fmt.count(summary[key])}
                    to={
                      linkable && summary[key] > 0
                        ? peopleHref(filters, { status: filters.status ?? '', ...link })
                        : null
                    }
                    testId={`summary-${key}`}
                  />
                </dd>
              </div>
            ))}
            <div className="stat">
              <dt>{t('reports.col_completionRate')}</dt>
              <dd data-testid="summary-completionRate">{fmt.pct(summary.completionRate)}</dd>
            </div>
            <div className="stat">
              <dt>{t('reports.col_avgBestQuizPct')}</dt>
              <dd data-testid="summary-avgBestQuizPct">{fmt.pct(summary.avgBestQuizPct)}</dd>
            </div>
          </dl>
        </section>
      )}

      <section className="card report-section" aria-labelledby="courses-title">
        <div className="report-section__head">
          <h2 id="courses-title">{t('reports.byCourse')}</h2>
          <ExportLinks kind="courses" query={exportQuery} tableName={t('reports.byCourse')} />
        </div>
        <QueryState query={courses}>
          {() =>
            courses.data!.items.length === 0 ? (
              <p className="empty">{t('reports.empty')}</p>
            ) : (
              <TableScroll cards label={t('reports.byCourse')}>
                <table
                  className="table report-table table--cards"
                  aria-busy={courses.isFetching}
                  data-testid="courses-table"
                >
                  <caption className="visually-hidden">{t('reports.byCourseCaption')}</caption>
                  <thead>
                    <tr>
                      <th scope="col" className="report-table__name">
                        {t('reports.course')}
                      </th>
                      <CountHeaders />
                    </tr>
                  </thead>
                  <tbody>
                    {courses.data!.items.map((row) => (
                      <tr key={row.courseId} data-testid={`course-row-${row.code}`}>
                        <th scope="row" className="report-table__name">
                          {row.title} <span className="muted small">{row.code}</span>
                        </th>
                        <CountCells
                          counts={row}
                          filters={filters}
                          scope={linkable ? { courseId: row.courseId } : null}
                          testPrefix={`course-${row.code}`}
                        />
                      </tr>
                    ))}
                  </tbody>
                  <tfoot>
                    <tr>
                      <th scope="row" className="report-table__name">
                        {t('reports.total')}
                      </th>
                      <CountCells
                        counts={courses.data!.total}
                        filters={filters}
                        scope={linkable ? {} : null}
                        testPrefix="course-total"
                      />
                    </tr>
                  </tfoot>
                </table>
              </TableScroll>
            )
          }
        </QueryState>
      </section>

      <UnitsSection filters={filters} linkable={linkable} onDrill={(unitId) => update({ unitId })} />

      <div className="chart-grid">
        <section className="card report-section" aria-labelledby="unit-chart-title">
          <h2 id="unit-chart-title">{t('reports.chartByUnit')}</h2>
          <QueryState query={units}>
            {() => {
              // Units without enrolments have no rate: the chart shows the others.
              const rows = units.data!.items.filter((u) => u.enrolled > 0);
              return rows.length === 0 ? (
                <p className="empty">{t('reports.empty')}</p>
              ) : (
                <HBarChart
                  title={t('reports.chartByUnit')}
                  titleHidden
                  max={100}
                  testId="chart-units"
                  items={rows.map((u) => ({
                    key: `${u.organisationId}-${u.direct}`,
                    label: u.direct ? t('reports.directlyIn', { name: u.name }) : u.name,
                    value: u.completionRate,
                    text: `${fmt.pct(u.completionRate)} (${fmt.count(u.completed)}/${fmt.count(u.enrolled)})`,
                  }))}
                />
              );
            }}
          </QueryState>
        </section>
        <section className="card report-section" aria-labelledby="weekly-title">
          <div className="report-section__head">
            <h2 id="weekly-title">{t('reports.chartWeekly')}</h2>
            <ExportLinks kind="completions-weekly" query={exportQuery} tableName={t('reports.chartWeekly')} />
          </div>
          <QueryState query={weekly}>
            {() => {
              const items = weekly.data!.items;
              const total = items.reduce((sum, i) => sum + i.completions, 0);
              return (
                <ColumnChart
                  title={t('reports.chartWeekly')}
                  titleHidden
                  testId="chart-weekly"
                  periodHeader={t('reports.weekOf')}
                  valueHeader={t('reports.col_completed')}
                  summary={t('reports.weeklySummary', {
                    total: fmt.count(total),
                    weeks: items.length,
                  })}
                  items={items.map((i) => ({
                    key: i.weekStart,
                    label: formatPeriod(i.weekStart, 'week', fmt.locale),
                    value: i.completions,
                    text: fmt.count(i.completions),
                  }))}
                />
              );
            }}
          </QueryState>
        </section>
      </div>
    </section>
  );
}

function UnitsSection({
  filters,
  linkable,
  onDrill,
}: {
  filters: Filters;
  linkable: boolean;
  onDrill: (unitId: string) => void;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const units = useUnitReport(filters, fmt.locale);
  const parent = units.data?.parent;
  // A "directly attached" row has no people-list filter of its own (unitId means a whole subtree), unless
  // it is the only row: then it is exactly the selected unit.
  const unitScope = (row: UnitReportRowDto): Filters | null => {
    if (!linkable) return null;
    if (!row.direct) return { unitId: row.organisationId };
    return units.data?.items.length === 1 ? {} : null;
  };
  return (
    <section className="card report-section" aria-labelledby="units-title">
      <div className="report-section__head">
        <h2 id="units-title">{t('reports.byUnit')}</h2>
        <ExportLinks kind="units" query={{ ...filters }} tableName={t('reports.byUnit')} />
      </div>
      {parent && (
        <p className="muted" data-testid="units-parent">
          {t('reports.unitsOf', { name: parent.name })}
        </p>
      )}
      <QueryState query={units}>
        {() =>
          units.data!.items.length === 0 ? (
            <p className="empty">{t('reports.empty')}</p>
          ) : (
            <TableScroll cards label={t('reports.byUnit')}>
              <table
                className="table report-table table--cards"
                aria-busy={units.isFetching}
                data-testid="units-table"
              >
                <caption className="visually-hidden">{t('reports.byUnitCaption')}</caption>
                <thead>
                  <tr>
                    <th scope="col" className="report-table__name">
                      {t('reports.unit')}
                    </th>
                    <CountHeaders />
                  </tr>
                </thead>
                <tbody>
                  {units.data!.items.map((row) => (
                    <tr key={`${row.organisationId}-${row.direct}`} data-testid={`unit-row-${row.code}`}>
                      <th scope="row" className="report-table__name">
                        {row.direct ? (
                          t('reports.directlyIn', { name: row.name })
                        ) : row.hasChildren ? (
                          <button
                            type="button"
                            className="sort-btn"
                            onClick={() => onDrill(row.organisationId)}
                            aria-label={t('reports.drillUnit', { name: row.name })}
                          >
                            {row.name}
                          </button>
                        ) : (
                          row.name
                        )}{' '}
                        <span className="muted small">{row.code}</span>
                      </th>
                      <CountCells
                        counts={row}
                        filters={filters}
                        scope={unitScope(row)}
                        testPrefix={`unit-${row.code}`}
                      />
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row" className="report-table__name">
                      {t('reports.total')}
                    </th>
                    <CountCells
                      counts={units.data!.total}
                      filters={filters}
                      scope={linkable ? {} : null}
                      testPrefix="unit-total"
                    />
                  </tr>
                </tfoot>
              </table>
            </TableScroll>
          )
        }
      </QueryState>
    </section>
  );
}
