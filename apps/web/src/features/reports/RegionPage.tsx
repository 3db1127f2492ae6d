import type { Locale, RegionCourseRowDto, RegionInterval } from '@academy/contracts';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useTitle } from '../../lib/useTitle';
import {
  useRegionCompletions,
  useRegionCourses,
  useRegionLanguages,
  useRegionReport,
  useReportFilters,
} from './api';
import { ColumnChart } from './Charts';
import { useUrlFilters } from './DashboardPage';
import { ExportLinks, QueryState, ReportFilterForm, ReportTabs, TableScroll, useFormat } from './ReportBits';
import { barPct, formatPeriod, regionFilters, toSearch } from './report-params';

const TOP = 5;
const LANGUAGE_NAMES: Record<Locale, string> = { en: 'English', ru: 'Русский' };

/** Regional office dashboard (author, admin): administrations, completions over time, courses, languages. */
export function RegionPage() {
  const { t } = useTranslation();
  useTitle(t('reports.regionTitle'));
  const fmt = useFormat();
  const { params, filters: all, update } = useUrlFilters();
  const filters = regionFilters(all);
  const interval: RegionInterval = params.get('interval') === 'week' ? 'week' : 'month';
  const options = useReportFilters(fmt.locale);
  const region = useRegionReport(filters, fmt.locale);
  const completions = useRegionCompletions(filters, interval, fmt.locale);
  const languages = useRegionLanguages(filters, fmt.locale);

  return (
    <section className="page reports" aria-labelledby="region-title">
      <div className="page__header">
        <h1 id="region-title">{t('reports.regionTitle')}</h1>
      </div>
      <ReportTabs />
      <p className="muted">{t('reports.regionIntro')}</p>
      <ReportFilterForm
        idPrefix="region"
        filters={filters}
        options={options.data}
        showStatus={false}
        onChange={(changes) => update(changes)}
      />
      <p className="visually-hidden" role="status" aria-live="polite">
        {region.isFetching ? t('common.loading') : t('reports.updated')}
      </p>

      <section className="card report-section" aria-labelledby="region-admins-title">
        <div className="report-section__head">
          <h2 id="region-admins-title">{t('reports.byAdministration')}</h2>
          <ExportLinks kind="region" query={filters} tableName={t('reports.byAdministration')} />
        </div>
        <QueryState query={region}>
          {() => (
            <TableScroll cards label={t('reports.byAdministration')}>
              <table
                className="table report-table table--cards"
                aria-busy={region.isFetching}
                data-testid="region-table"
              >
                <caption className="visually-hidden">{t('reports.byAdministrationCaption')}</caption>
                <thead>
                  <tr>
                    <th scope="col" className="report-table__name">
                      {t('reports.administration')}
                    </th>
                    <th scope="col" className="num">
                      {t('reports.col_learners')}
                    </th>
                    <th scope="col" className="num">
                      {t('reports.col_enrolled')}
                    </th>
                    <th scope="col" className="num">
                      {t('reports.col_completed')}
                    </th>
                    <th scope="col" className="num">
                      {t('reports.col_completionRate')}
                    </th>
                    <th scope="col" className="num">
                      {t('reports.col_active30d')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {region.data!.items.map((row) => (
                    <tr key={row.organisationId} data-testid={`region-row-${row.code}`}>
                      <th scope="row" className="report-table__name">
                        <Link to={`/reports/courses${toSearch({ ...filters, unitId: row.organisationId })}`}>
                          {row.name}
                        </Link>{' '}
                        <span className="muted small">{row.code}</span>
                      </th>
                      <td className="num" data-label={t('reports.col_learners')}>
                        {fmt.count(row.learners)}
                      </td>
                      <td className="num" data-label={t('reports.col_enrolled')}>
                        {fmt.count(row.enrolments)}
                      </td>
                      <td className="num" data-label={t('reports.col_completed')}>
                        {fmt.count(row.completions)}
                      </td>
                      <td className="num" data-label={t('reports.col_completionRate')}>
                        {fmt.pct(row.completionRate)}
                      </td>
                      <td className="num" data-label={t('reports.col_active30d')}>
                        {fmt.count(row.active30d)}
                      </td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row" className="report-table__name">
                      {t('reports.total')}
                    </th>
                    <td
                      className="num"
                      data-label={t('reports.col_learners')}
                      data-testid="region-total-learners"
                    >
                      {fmt.count(region.data!.total.learners)}
                    </td>
                    <td className="num" data-label={t('reports.col_enrolled')}>
                      {fmt.count(region.data!.total.enrolments)}
                    </td>
                    <td
                      className="num"
                      data-label={t('reports.col_completed')}
                      data-testid="region-total-completions"
                    >
                      {fmt.count(region.data!.total.completions)}
                    </td>
                    <td className="num" data-label={t('reports.col_completionRate')}>
                      {fmt.pct(region.data!.total.completionRate)}
                    </td>
                    <td className="num" data-label={t('reports.col_active30d')}>
                      {fmt.count(region.data!.total.active30d)}
                    </td>
                  </tr>
                </tfoot>
              </table>
            </TableScroll>
          )}
        </QueryState>
      </section>

      <section className="card report-section" aria-labelledby="region-time-title">
        <div className="report-section__head">
          <h2 id="region-time-title">{t('reports.completionsOverTime')}</h2>
          <ExportLinks
            kind="region-completions"
            query={{ ...filters, interval }}
            tableName={t('reports.completionsOverTime')}
          />
        </div>
        <fieldset className="fieldset">
          <legend>{t('reports.interval')}</legend>
          <div className="checks">
            {(['month', 'week'] as const).map((i) => (
              <label key={i} className="check">
                <input
                  type="radio"
                  name="region-interval"
                  value={i}
                  checked={interval === i}
                  onChange={() => update({ interval: i === 'month' ? '' : i })}
                  data-testid={`interval-${i}`}
                />
                {t(`reports.interval_${i}`)}
              </label>
            ))}
          </div>
        </fieldset>
        <QueryState query={completions}>
          {() => {
            const items = completions.data!.items;
            const total = items.reduce((sum, i) => sum + i.completions, 0);
            return (
              <ColumnChart
                title={t('reports.completionsOverTime')}
                titleHidden
                testId="chart-region-completions"
                periodHeader={t(`reports.period_${interval}`)}
                valueHeader={t('reports.col_completed')}
                summary={t('reports.periodSummary', { total: fmt.count(total), periods: items.length })}
                items={items.map((i) => ({
                  key: i.periodStart,
                  label: formatPeriod(i.periodStart, completions.data!.interval, fmt.locale),
                  value: i.completions,
                  text: fmt.count(i.completions),
                }))}
              />
            );
          }}
        </QueryState>
      </section>

      <div className="chart-grid">
        <RegionCourses
          titleKey="reports.mostCompleted"
          sort="-completionRate"
          filters={filters}
          testId="region-most"
        />
        <RegionCourses
          titleKey="reports.leastCompleted"
          sort="completionRate"
          filters={filters}
          testId="region-least"
        />
      </div>

      <section className="card report-section" aria-labelledby="region-lang-title">
        <div className="report-section__head">
          <h2 id="region-lang-title">{t('reports.languages')}</h2>
          <ExportLinks kind="region-languages" query={filters} tableName={t('reports.languages')} />
        </div>
        <p className="muted small">{t('reports.languagesIntro')}</p>
        <QueryState query={languages}>
          {() => {
            const data = languages.data!;
            const content = data.byContentLocale;
            const contentTotal = (content.en ?? 0) + (content.ru ?? 0);
            const ui = data.learnersByInterfaceLocale;
            const uiTotal = (ui.en ?? 0) + (ui.ru ?? 0);
            return (
              <>
                <LanguageSplit
                  title={t('reports.contentLanguage')}
                  values={content}
                  total={contentTotal}
                  unit={t('reports.enrolmentsUnit')}
                  testId="lang-content"
                />
                <LanguageSplit
                  title={t('reports.interfaceLanguage')}
                  values={ui}
                  total={uiTotal}
                  unit={t('reports.learnersUnit')}
                  testId="lang-interface"
                />
                {data.items.length > 0 && (
                  <TableScroll cards label={t('reports.languages')}>
                    <table className="table report-table table--cards" data-testid="region-languages-table">
                      <caption className="visually-hidden">{t('reports.languagesCaption')}</caption>
                      <thead>
                        <tr>
                          <th scope="col">{t('reports.col_learnerLocale')}</th>
                          <th scope="col">{t('reports.col_contentLocale')}</th>
                          <th scope="col" className="num">
                            {t('reports.col_learners')}
                          </th>
                          <th scope="col" className="num">
                            {t('reports.col_enrolled')}
                          </th>
                          <th scope="col" className="num">
                            {t('reports.col_completed')}
                          </th>
                          <th scope="col" className="num">
                            {t('reports.col_completionRate')}
                          </th>
                        </tr>
                      </thead>
                      <tbody>
                        {data.items.map((row) => (
                          <tr key={`${row.learnerLocale}-${row.contentLocale}`}>
                            <th scope="row">
                              <span lang={row.learnerLocale}>{LANGUAGE_NAMES[row.learnerLocale]}</span>
                            </th>
                            <td data-label={t('reports.col_contentLocale')}>
                              <span lang={row.contentLocale}>{LANGUAGE_NAMES[row.contentLocale]}</span>
                            </td>
                            <td className="num" data-label={t('reports.col_learners')}>
                              {fmt.count(row.learners)}
                            </td>
                            <td className="num" data-label={t('reports.col_enrolled')}>
                              {fmt.count(row.enrolments)}
                            </td>
                            <td className="num" data-label={t('reports.col_completed')}>
                              {fmt.count(row.completions)}
                            </td>
                            <td className="num" data-label={t('reports.col_completionRate')}>
                              {fmt.pct(row.completionRate)}
                            </td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </TableScroll>
                )}
              </>
            );
          }}
        </QueryState>
      </section>
    </section>
  );
}

/** Share of English and Russian as one split bar with its legend (the legend carries the numbers). */
function LanguageSplit({
  title,
  values,
  total,
  unit,
  testId,
}: {
  title: string;
  values: Record<Locale, number>;
  total: number;
  unit: string;
  testId: string;
}) {
  const fmt = useFormat();
  const locales: Locale[] = ['en', 'ru'];
  return (
    <figure className="chart" data-testid={testId}>
      <figcaption>
        <strong>{title}</strong>
      </figcaption>
      <div className="lang-split" aria-hidden="true">
        {locales.map((l) => (
          <span
            key={l}
            className={`lang-split__part--${l}`}
            style={{ width: `${barPct(values[l] ?? 0, total)}%` }}
          />
        ))}
      </div>
      <ul className="legend">
        {locales.map((l) => (
          <li key={l}>
            <span className={`legend__swatch lang-split__part--${l}`} aria-hidden="true" />
            <span lang={l}>{LANGUAGE_NAMES[l]}</span>: {fmt.count(values[l] ?? 0)} {unit} (
            {fmt.pct(total > 0 ? ((values[l] ?? 0) / total) * 100 : null)})
          </li>
        ))}
      </ul>
    </figure>
  );
}

function RegionCourses({
  titleKey,
  sort,
  filters,
  testId,
}: {
  titleKey: string;
  sort: string;
  filters: ReturnType<typeof regionFilters>;
  testId: string;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const courses = useRegionCourses(filters, sort, TOP, fmt.locale);
  const headingId = `${testId}-title`;
  return (
    <section className="card report-section" aria-labelledby={headingId}>
      <div className="report-section__head">
        <h2 id={headingId}>{t(titleKey)}</h2>
        <ExportLinks kind="region-courses" query={{ ...filters, sort }} tableName={t(titleKey)} />
      </div>
      <QueryState query={courses}>
        {() =>
          courses.data!.items.length === 0 ? (
            <p className="empty">{t('reports.empty')}</p>
          ) : (
            <ol className="hbar-list" data-testid={testId}>
              {courses.data!.items.map((row: RegionCourseRowDto) => (
                <li key={row.courseId} className="hbar">
                  <span className="hbar__label">
                    {row.title} <span className="muted small">{row.code}</span>
                  </span>
                  <span className="hbar__value">{fmt.pct(row.completionRate)}</span>
                  <span className="hbar__track" aria-hidden="true">
                    <span className="hbar__fill" style={{ width: `${barPct(row.completionRate, 100)}%` }} />
                  </span>
                  <span className="small muted" style={{ gridColumn: '1 / -1' }}>
                    {t('reports.completedOf', {
                      completed: fmt.count(row.completions),
                      enrolled: fmt.count(row.enrolments),
                    })}
                  </span>
                </li>
              ))}
            </ol>
          )
        }
      </QueryState>
    </section>
  );
}
