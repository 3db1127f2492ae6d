import {
  ASSIGN_CSV_COLUMN,
  ASSIGNEE_STATES,
  type AssignableCourseDto,
  type AssignCsvErrorDetails,
  type AssigneeState,
  type AssignResultDto,
  type LocalizedText,
  type UserDto,
} from '@academy/contracts';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert';
import { Field } from '../../components/Field';
import { OrgSelect } from '../../components/OrgSelect';
import { Pagination } from '../../components/Pagination';
import { Loading } from '../../components/Spinner';
import { currentLocale } from '../../i18n';
import { isApiError } from '../../lib/api';
import { useErrorMessage } from '../../lib/errors';
import { useTitle } from '../../lib/useTitle';
import { useOfficers } from '../officers/api';
import { useOrganisations } from '../organisations/api';
import {
  useAssign,
  useAssignableCourses,
  useAssignCsv,
  useAssignees,
  useChangeDueDate,
  useWithdraw,
} from './api';
import './assignments.css';

const PAGE_SIZE = 20;
type Mode = 'unit' | 'officers' | 'csv';

/** The text in the interface language, else the other one. */
function pick(text: LocalizedText | undefined): string {
  if (!text) return '';
  return text[currentLocale()] ?? text.en ?? text.ru ?? '';
}

/** A date input's value (yyyy-mm-dd) as the end of that day in local time, ISO; '' → null. */
function dueFromInput(value: string): string | null {
  return value ? new Date(`${value}T23:59:59`).toISOString() : null;
}

function useDate(): (iso: string | null) => string {
  const { i18n } = useTranslation();
  return (iso) =>
    iso ? new Date(iso).toLocaleDateString(i18n.resolvedLanguage, { dateStyle: 'medium' }) : '—';
}

/** Tomorrow as yyyy-mm-dd, the earliest due date a date input offers. */
function tomorrow(): string {
  const d = new Date(Date.now() + 86_400_000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export function AssignmentsPage() {
  const { t } = useTranslation();
  useTitle(t('assignments.title'));
  const courses = useAssignableCourses();
  const errorMessage = useErrorMessage();
  const [chosenId, setCourseId] = useState('');
  // Until one is chosen, the first course.
  const selected = courses.data?.find((c) => c.id === chosenId) ?? courses.data?.[0] ?? null;
  const courseId = selected?.id ?? '';

  return (
    <section className="page assignments">
      <h1>{t('assignments.title')}</h1>
      <p className="muted">{t('assignments.intro')}</p>
      {courses.isPending ? (
        <Loading />
      ) : courses.isError ? (
        <Alert kind="error">{errorMessage(courses.error)}</Alert>
      ) : courses.data.length === 0 ? (
        <p className="empty">{t('assignments.noCourses')}</p>
      ) : (
        <>
          <div className="card">
            <div className="field">
              <label htmlFor="assign-course">{t('assignments.course')}</label>
              <select
                id="assign-course"
                value={courseId}
                onChange={(e) => setCourseId(e.target.value)}
                data-testid="assign-course"
              >
                {courses.data.map((c) => (
                  <option key={c.id} value={c.id}>
                    {pick(c.title)} ({c.code})
                  </option>
                ))}
              </select>
            </div>
            {selected && <CourseSummary course={selected} />}
          </div>
          {selected && (
            <div className="split">
              {/* Keyed by course: another course starts from a clean form. */}
              <AssignPanel key={`assign-${selected.id}`} course={selected} />
              <RulesPanel key={`rules-${selected.id}`} course={selected} />
            </div>
          )}
          {selected && <AssigneesPanel key={selected.id} course={selected} />}
        </>
      )}
    </section>
  );
}

function CourseSummary({ course }: { course: AssignableCourseDto }) {
  const { t } = useTranslation();
  const counts: [string, number, boolean][] = [
    ['assigned', course.counts.assigned, false],
    ['notStarted', course.counts.notStarted, false],
    ['inProgress', course.counts.inProgress, false],
    ['completed', course.counts.completed, false],
    ['overdue', course.counts.overdue, course.counts.overdue > 0],
  ];
  return (
    <dl className="stats assignments__stats" aria-label={t('assignments.countsLabel')}>
      {counts.map(([key, value, bad]) => (
        <div key={key} className={bad ? 'stat stat--bad' : 'stat'}>
          <dt>{t(`assignments.count_${key}`)}</dt>
          <dd data-testid={`assign-count-${key}`}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function ResultMessage({ result }: { result: AssignResultDto }) {
  const { t } = useTranslation();
  return (
    <Alert kind="success">
      <span data-testid="assign-result">
        {t('assignments.result', { assigned: result.assigned, updated: result.updated })}
      </span>
    </Alert>
  );
}

function CsvRowErrors({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!isApiError(error) || error.code !== 'VALIDATION_FAILED' || !Array.isArray(error.details.rows)) {
    return null;
  }
  const details = error.details as unknown as AssignCsvErrorDetails;
  return (
    <div className="stack">
      <p>{t('assignments.csvRowsIntro', { count: details.rows.length, total: details.totalRows })}</p>
      <table className="table table--cards" data-testid="assign-csv-errors">
        <caption className="visually-hidden">{t('assignments.csvRowsCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('assignments.line')}</th>
            <th scope="col">{t('assignments.email')}</th>
            <th scope="col">{t('assignments.problems')}</th>
          </tr>
        </thead>
        <tbody>
          {details.rows.map((row) => (
            <tr key={row.line}>
              <td data-label={t('assignments.line')}>{row.line}</td>
              <td data-label={t('assignments.email')} className="break">
                {row.email ?? '—'}
              </td>
              <td data-label={t('assignments.problems')}>
                {row.codes.map((code) => t(`assignments.rowCode_${code}`)).join('; ')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function AssignPanel({ course }: { course: AssignableCourseDto }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const orgs = useOrganisations();
  const assign = useAssign();
  const assignCsv = useAssignCsv();
  const [mode, setMode] = useState<Mode>('unit');
  const [unitId, setUnitId] = useState('');
  const [includeFuture, setIncludeFuture] = useState(false);
  const [due, setDue] = useState('');
  const [chosen, setChosen] = useState<UserDto[]>([]);
  const [file, setFile] = useState<File | null>(null);
  const [clientError, setClientError] = useState<string>();
  const fileRef = useRef<HTMLInputElement>(null);
  const mutation = mode === 'csv' ? assignCsv : assign;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setClientError(undefined);
    const dueAt = dueFromInput(due);
    if (mode === 'unit') {
      if (!unitId) return setClientError(t('assignments.chooseUnit'));
      assign.mutate({ courseId: course.id, organisationId: unitId, includeFuture, dueAt });
    } else if (mode === 'officers') {
      if (!chosen.length) return setClientError(t('assignments.chooseOfficers'));
      assign.mutate({ courseId: course.id, userIds: chosen.map((u) => u.id), dueAt });
    } else {
      if (!file) return setClientError(t('assignments.chooseFile'));
      assignCsv.mutate({ courseId: course.id, file, dueAt });
    }
  };

  return (
    <section className="card" aria-labelledby="assign-title">
      <h2 id="assign-title">{t('assignments.assignTitle')}</h2>
      <form className="form" onSubmit={onSubmit} noValidate>
        <fieldset className="fieldset">
          <legend>{t('assignments.to')}</legend>
          <div className="checks">
            {(['unit', 'officers', 'csv'] as const).map((m) => (
              <label key={m} className="check">
                <input
                  type="radio"
                  name="assign-mode"
                  value={m}
                  checked={mode === m}
                  onChange={() => {
                    setMode(m);
                    setClientError(undefined);
                    assign.reset();
                    assignCsv.reset();
                  }}
                  data-testid={`assign-mode-${m}`}
                />
                {t(`assignments.mode_${m}`)}
              </label>
            ))}
          </div>
        </fieldset>

        {mode === 'unit' && (
          <>
            <Field label={t('assignments.unit')} id="assign-unit" hint={t('assignments.unitHint')}>
              {(p) => (
                <OrgSelect
                  {...p}
                  organisations={orgs.data ?? []}
                  emptyLabel={t('assignments.chooseUnitOption')}
                  value={unitId}
                  onChange={(e) => setUnitId(e.target.value)}
                  data-testid="assign-unit"
                />
              )}
            </Field>
            <label className="check">
              <input
                type="checkbox"
                checked={includeFuture}
                onChange={(e) => setIncludeFuture(e.target.checked)}
                data-testid="assign-include-future"
              />
              {t('assignments.includeFuture')}
            </label>
          </>
        )}
        {mode === 'officers' && <OfficerPicker chosen={chosen} onChange={setChosen} />}
        {mode === 'csv' && (
          <Field
            label={t('assignments.file')}
            id="assign-file"
            hint={t('assignments.fileHint', { column: ASSIGN_CSV_COLUMN })}
          >
            {(p) => (
              <div className="file-picker">
                <input
                  {...p}
                  ref={fileRef}
                  className="file-picker__input"
                  type="file"
                  accept=".csv,text/csv"
                  onChange={(e) => {
                    setFile(e.target.files?.[0] ?? null);
                    assignCsv.reset();
                  }}
                  data-testid="assign-file"
                />
                <span
                  className="btn file-picker__button"
                  aria-hidden="true"
                  onClick={() => fileRef.current?.click()}
                >
                  {t('assignments.chooseButton')}
                </span>
                <span className="file-picker__name" aria-hidden="true">
                  {file ? file.name : t('assignments.noFile')}
                </span>
              </div>
            )}
          </Field>
        )}

        <Field label={t('assignments.dueDate')} id="assign-due" hint={t('assignments.dueHint')}>
          {(p) => (
            <input
              {...p}
              type="date"
              min={tomorrow()}
              value={due}
              onChange={(e) => setDue(e.target.value)}
              data-testid="assign-due"
            />
          )}
        </Field>
        <div className="actions">
          <button
            type="submit"
            className="btn btn--primary"
            disabled={mutation.isPending}
            data-testid="assign-submit"
          >
            {mutation.isPending ? t('assignments.assigning') : t('assignments.assign')}
          </button>
        </div>
      </form>
      <Alert kind="error">{clientError ?? (mutation.isError ? errorMessage(mutation.error) : null)}</Alert>
      {mutation.isError && <CsvRowErrors error={mutation.error} />}
      <div aria-live="polite">{mutation.isSuccess && <ResultMessage result={mutation.data} />}</div>
    </section>
  );
}

function OfficerPicker({ chosen, onChange }: { chosen: UserDto[]; onChange: (users: UserDto[]) => void }) {
  const { t } = useTranslation();
  const [input, setInput] = useState('');
  const [q, setQ] = useState('');
  const officers = useOfficers({ q: q || undefined, page: 1, pageSize: 8 });
  const chosenIds = new Set(chosen.map((u) => u.id));
  return (
    <div className="stack">
      <div className="field">
        <label htmlFor="assign-officer-q">{t('assignments.findOfficers')}</label>
        <div className="input-group">
          <input
            id="assign-officer-q"
            type="search"
            value={input}
            placeholder={t('assignments.findPlaceholder')}
            onChange={(e) => setInput(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                setQ(input.trim());
              }
            }}
            data-testid="assign-officer-q"
          />
          <button type="button" className="btn" onClick={() => setQ(input.trim())}>
            {t('common.search')}
          </button>
        </div>
      </div>
      <ul
        className="plain-list assignments__people"
        aria-label={t('assignments.searchResults')}
        aria-busy={officers.isFetching}
      >
        {(officers.data?.items ?? [])
          .filter((u) => u.status === 'active')
          .map((u) => (
            <li key={u.id} className="assignments__person">
              <span className="break">
                {u.displayName} <span className="muted small">{u.email}</span>
              </span>
              <button
                type="button"
                className="btn btn--small"
                disabled={chosenIds.has(u.id)}
                onClick={() => onChange([...chosen, u])}
                aria-label={t('assignments.addOfficer', { name: u.displayName })}
              >
                {chosenIds.has(u.id) ? t('assignments.added') : t('assignments.add')}
              </button>
            </li>
          ))}
      </ul>
      <h3 className="small">{t('assignments.chosen', { count: chosen.length })}</h3>
      {chosen.length > 0 && (
        <ul className="plain-list assignments__people" data-testid="assign-chosen">
          {chosen.map((u) => (
            <li key={u.id} className="assignments__person">
              <span className="break">{u.displayName}</span>
              <button
                type="button"
                className="btn btn--small btn--ghost"
                onClick={() => onChange(chosen.filter((c) => c.id !== u.id))}
                aria-label={t('assignments.removeOfficer', { name: u.displayName })}
              >
                {t('assignments.remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function RulesPanel({ course }: { course: AssignableCourseDto }) {
  const { t } = useTranslation();
  const date = useDate();
  const errorMessage = useErrorMessage();
  const withdraw = useWithdraw();
  const dueDate = useChangeDueDate();
  const [dates, setDates] = useState<Record<string, string>>({});
  const busy = withdraw.isPending || dueDate.isPending;
  return (
    <section className="card split__side" aria-labelledby="rules-title">
      <h2 id="rules-title">{t('assignments.rulesTitle')}</h2>
      {course.rules.length === 0 ? (
        <p className="muted">{t('assignments.noRules')}</p>
      ) : (
        <ul className="plain-list stack" data-testid="assign-rules">
          {course.rules.map((rule) => (
            <li key={rule.id} className="assignments__rule">
              <strong>{pick(rule.organisationName)}</strong>{' '}
              <span className="muted">{rule.organisationCode}</span>
              <p className="small">
                {t('assignments.due')}: {date(rule.dueAt)}
                {rule.includeFuture ? ` · ${t('assignments.includesFuture')}` : ''}
              </p>
              <div className="form--inline">
                <div className="field">
                  <label htmlFor={`rule-due-${rule.id}`}>{t('assignments.newDueDate')}</label>
                  <input
                    id={`rule-due-${rule.id}`}
                    type="date"
                    min={tomorrow()}
                    value={dates[rule.id] ?? ''}
                    onChange={(e) => setDates({ ...dates, [rule.id]: e.target.value })}
                  />
                </div>
                <button
                  type="button"
                  className="btn btn--small"
                  disabled={busy}
                  onClick={() =>
                    dueDate.mutate({
                      courseId: course.id,
                      organisationId: rule.organisationId,
                      dueAt: dueFromInput(dates[rule.id] ?? ''),
                    })
                  }
                >
                  {t('assignments.setDueDate')}
                </button>
                <button
                  type="button"
                  className="btn btn--small btn--danger"
                  disabled={busy}
                  onClick={() => {
                    if (
                      window.confirm(
                        t('assignments.confirmWithdrawUnit', { unit: pick(rule.organisationName) }),
                      )
                    )
                      withdraw.mutate({ courseId: course.id, organisationId: rule.organisationId });
                  }}
                >
                  {t('assignments.withdraw')}
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
      <Alert kind="error">
        {withdraw.isError
          ? errorMessage(withdraw.error)
          : dueDate.isError
            ? errorMessage(dueDate.error)
            : null}
      </Alert>
      <Alert kind="success">
        {withdraw.isSuccess
          ? t('assignments.withdrawResult', { withdrawn: withdraw.data.withdrawn, kept: withdraw.data.kept })
          : dueDate.isSuccess
            ? t('assignments.dueDateResult', { updated: dueDate.data.updated })
            : null}
      </Alert>
    </section>
  );
}

function AssigneesPanel({ course }: { course: AssignableCourseDto }) {
  const { t } = useTranslation();
  const date = useDate();
  const errorMessage = useErrorMessage();
  const orgs = useOrganisations();
  const [page, setPage] = useState(1);
  const [unitId, setUnitId] = useState('');
  const [status, setStatus] = useState<AssigneeState | ''>('');
  const [input, setInput] = useState('');
  const [q, setQ] = useState('');
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [due, setDue] = useState('');
  const assignees = useAssignees(course.id, {
    page,
    pageSize: PAGE_SIZE,
    organisationId: unitId || undefined,
    status: status || undefined,
    q: q || undefined,
  });
  const withdraw = useWithdraw();
  const dueDate = useChangeDueDate();

  /** A new filter starts at page 1 with nothing selected. */
  const refilter = (apply: () => void) => {
    apply();
    setSelected(new Set());
    setPage(1);
  };
  const toggle = (id: string) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setSelected(next);
  };
  const onSearch = (event: FormEvent) => {
    event.preventDefault();
    refilter(() => setQ(input.trim()));
  };
  const userIds = [...selected];
  const busy = withdraw.isPending || dueDate.isPending;

  return (
    <section className="card" aria-labelledby="assignees-title">
      <h2 id="assignees-title">{t('assignments.assigneesTitle')}</h2>
      <form className="filters" role="search" onSubmit={onSearch} aria-label={t('assignments.filters')}>
        <div className="filters__search">
          <label htmlFor="assignees-q">{t('common.search')}</label>
          <div className="input-group">
            <input
              id="assignees-q"
              type="search"
              value={input}
              placeholder={t('assignments.findPlaceholder')}
              onChange={(e) => setInput(e.target.value)}
            />
            <button type="submit" className="btn">
              {t('common.search')}
            </button>
          </div>
        </div>
        <div className="filters__field">
          <label htmlFor="assignees-unit">{t('assignments.unit')}</label>
          <OrgSelect
            id="assignees-unit"
            organisations={orgs.data ?? []}
            emptyLabel={t('assignments.anyUnit')}
            value={unitId}
            onChange={(e) => refilter(() => setUnitId(e.target.value))}
          />
        </div>
        <div className="filters__field">
          <label htmlFor="assignees-status">{t('assignments.status')}</label>
          <select
            id="assignees-status"
            value={status}
            onChange={(e) => refilter(() => setStatus(e.target.value as AssigneeState | ''))}
            data-testid="assignees-status"
          >
            <option value="">{t('assignments.anyStatus')}</option>
            {ASSIGNEE_STATES.map((s) => (
              <option key={s} value={s}>
                {t(`assignments.state_${s}`)}
              </option>
            ))}
          </select>
        </div>
      </form>

      {assignees.isPending ? (
        <Loading />
      ) : assignees.isError ? (
        <Alert kind="error">{errorMessage(assignees.error)}</Alert>
      ) : (
        <>
          <p className="muted" role="status">
            {t('common.totalFound', { total: assignees.data.total })}
          </p>
          {assignees.data.items.length === 0 ? (
            <p className="empty">{t('assignments.noAssignees')}</p>
          ) : (
            <table className="table table--cards" aria-busy={assignees.isFetching} data-testid="assignees">
              <caption className="visually-hidden">{t('assignments.assigneesTitle')}</caption>
              <thead>
                <tr>
                  <th scope="col">
                    <span className="visually-hidden">{t('assignments.select')}</span>
                  </th>
                  <th scope="col">{t('assignments.officer')}</th>
                  <th scope="col">{t('assignments.unit')}</th>
                  <th scope="col">{t('assignments.status')}</th>
                  <th scope="col">{t('assignments.progress')}</th>
                  <th scope="col">{t('assignments.due')}</th>
                </tr>
              </thead>
              <tbody>
                {assignees.data.items.map((a) => (
                  <tr key={a.userId} data-testid={`assignee-${a.email}`}>
                    <td data-label={t('assignments.select')}>
                      <input
                        type="checkbox"
                        checked={selected.has(a.userId)}
                        onChange={() => toggle(a.userId)}
                        aria-label={t('assignments.selectOfficer', { name: a.displayName })}
                      />
                    </td>
                    <td data-label={t('assignments.officer')}>
                      <strong>{a.displayName}</strong>
                      <br />
                      <span className="muted small break">{a.email}</span>
                    </td>
                    <td data-label={t('assignments.unit')}>{a.organisationCode ?? '—'}</td>
                    <td data-label={t('assignments.status')}>
                      <span className={`status status--${a.status}`}>
                        {t(`assignments.state_${a.status}`)}
                      </span>
                    </td>
                    <td data-label={t('assignments.progress')}>{a.progressPct}%</td>
                    <td data-label={t('assignments.due')}>
                      {date(a.dueAt)}
                      {a.overdue && (
                        <>
                          {' '}
                          <span className="badge badge--disabled">{t('assignments.state_overdue')}</span>
                        </>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <Pagination
            page={assignees.data.page}
            pageSize={assignees.data.pageSize || PAGE_SIZE}
            total={assignees.data.total}
            onChange={setPage}
            label={t('assignments.pagination')}
          />
        </>
      )}

      <div
        className="form--inline assignments__bulk"
        aria-label={t('assignments.selectedActions')}
        role="group"
      >
        <p className="muted">{t('assignments.selectedCount', { count: userIds.length })}</p>
        <div className="field">
          <label htmlFor="assignees-due">{t('assignments.newDueDate')}</label>
          <input
            id="assignees-due"
            type="date"
            min={tomorrow()}
            value={due}
            onChange={(e) => setDue(e.target.value)}
          />
        </div>
        <button
          type="button"
          className="btn"
          disabled={!userIds.length || busy}
          onClick={() => dueDate.mutate({ courseId: course.id, userIds, dueAt: dueFromInput(due) })}
          data-testid="assignees-set-due"
        >
          {t('assignments.setDueDate')}
        </button>
        <button
          type="button"
          className="btn btn--danger"
          disabled={!userIds.length || busy}
          onClick={() => {
            if (window.confirm(t('assignments.confirmWithdraw', { count: userIds.length })))
              withdraw.mutate({ courseId: course.id, userIds }, { onSuccess: () => setSelected(new Set()) });
          }}
          data-testid="assignees-withdraw"
        >
          {t('assignments.withdraw')}
        </button>
      </div>
      <Alert kind="error">
        {withdraw.isError
          ? errorMessage(withdraw.error)
          : dueDate.isError
            ? errorMessage(dueDate.error)
            : null}
      </Alert>
      <Alert kind="success">
        {withdraw.isSuccess
          ? t('assignments.withdrawResult', { withdrawn: withdraw.data.withdrawn, kept: withdraw.data.kept })
          : dueDate.isSuccess
            ? t('assignments.dueDateResult', { updated: dueDate.data.updated })
            : null}
      </Alert>
    </section>
  );
}
