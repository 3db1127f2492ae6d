import { CSV_IMPORT_COLUMNS, CSV_IMPORT_MAX_ROWS, type ImportReport } from '@academy/contracts';
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Alert } from '../../components/Alert';
import { CopyButton } from '../../components/CopyButton';
import { Field } from '../../components/Field';
import { useCodeText, useErrorMessage } from '../../lib/errors';
import { useTitle } from '../../lib/useTitle';
import { useOrganisations } from '../organisations/api';
import { useImportOfficers } from './api';

/** A small template with the exact header and two example rows, made in the browser. */
function useTemplateUrl(unitCode: string): string {
  const url = useMemo(() => {
    const rows = [
      CSV_IMPORT_COLUMNS.join(','),
      `anna.ivanova@example.org,Anna Ivanova,ru,${unitCode}`,
      `john.smith@example.org,John Smith,en,${unitCode}`,
    ];
    // BOM so that spreadsheet programs open the UTF-8 file correctly.
    const blob = new Blob(['\ufeff' + rows.join('\r\n') + '\r\n'], { type: 'text/csv;charset=utf-8' });
    return URL.createObjectURL(blob);
  }, [unitCode]);
  useEffect(() => () => URL.revokeObjectURL(url), [url]);
  return url;
}

export function ImportPage() {
  const { t, i18n } = useTranslation();
  useTitle(t('import.title'));
  const orgs = useOrganisations();
  const unitCode = orgs.data?.find((o) => o.kind === 'unit')?.code ?? orgs.data?.[0]?.code ?? 'UNIT-CODE';
  const templateUrl = useTemplateUrl(unitCode);
  const importer = useImportOfficers();
  const errorMessage = useErrorMessage();
  const [file, setFile] = useState<File | null>(null);
  const [clientError, setClientError] = useState<string>();
  const inputRef = useRef<HTMLInputElement>(null);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!file) {
      setClientError(t('import.chooseFile'));
      return;
    }
    setClientError(undefined);
    importer.mutate(file);
  };

  return (
    <section className="page">
      <p className="breadcrumb">
        <Link to="/officers">
          <span aria-hidden="true">← </span>
          {t('officers.title')}
        </Link>
      </p>
      <h1>{t('import.title')}</h1>
      <div className="grid grid--2">
        <section className="card" aria-labelledby="import-how">
          <h2 id="import-how">{t('import.howTitle')}</h2>
          <p>{t('import.howText', { max: CSV_IMPORT_MAX_ROWS.toLocaleString(i18n.resolvedLanguage) })}</p>
          <p>
            <code className="break">{CSV_IMPORT_COLUMNS.join(',')}</code>
          </p>
          <ul className="plain-list">
            <li>{t('import.colEmail')}</li>
            <li>{t('import.colName')}</li>
            <li>{t('import.colLocale')}</li>
            <li>{t('import.colUnit')}</li>
          </ul>
          <p>
            <a
              href={templateUrl}
              download="officers-template.csv"
              className="btn"
              data-testid="import-template"
            >
              {t('import.downloadTemplate')}
            </a>
          </p>
        </section>
        <section className="card" aria-labelledby="import-upload">
          <h2 id="import-upload">{t('import.uploadTitle')}</h2>
          <Alert kind="error">{importer.isError ? errorMessage(importer.error) : null}</Alert>
          <form onSubmit={onSubmit} noValidate className="form">
            <Field label={t('import.file')} error={clientError} hint={t('import.fileHint')} id="import-file">
              {(p) => (
                // The native control's button text follows the browser's language, not the interface's:
                // the input stays (visually hidden, focusable) and a translated button-like label shows it.
                <div className="file-picker">
                  <input
                    {...p}
                    ref={inputRef}
                    className="file-picker__input"
                    type="file"
                    name="file"
                    accept=".csv,text/csv"
                    onChange={(e) => {
                      setFile(e.target.files?.[0] ?? null);
                      importer.reset();
                    }}
                  />
                  <span
                    className="btn file-picker__button"
                    aria-hidden="true"
                    onClick={() => inputRef.current?.click()}
                  >
                    {t('import.chooseButton')}
                  </span>
                  <span className="file-picker__name" aria-hidden="true">
                    {file ? file.name : t('import.noFile')}
                  </span>
                </div>
              )}
            </Field>
            <button
              type="submit"
              className="btn btn--primary"
              disabled={importer.isPending}
              data-testid="import-submit"
            >
              {importer.isPending ? t('import.uploading') : t('import.upload')}
            </button>
          </form>
          <div role="status" aria-live="polite">
            {importer.isPending ? <p className="loading">{t('import.uploading')}</p> : null}
          </div>
        </section>
      </div>
      {importer.isSuccess && <ImportResult report={importer.data} />}
    </section>
  );
}

function ImportResult({ report }: { report: ImportReport }) {
  const { t } = useTranslation();
  const codeText = useCodeText();
  const counts: [string, number][] = [
    ['import.totalRows', report.totalRows],
    ['import.created', report.created],
    ['import.updated', report.updated],
    ['import.unchanged', report.unchanged],
    ['import.failed', report.failed],
  ];
  const allLinks = report.invitations
    .map((i) => `${i.email}\t${new URL(i.passwordLink, window.location.origin)}`)
    .join('\n');
  return (
    <section className="card" aria-labelledby="import-report" data-testid="import-report">
      <h2 id="import-report">{t('import.reportTitle')}</h2>
      <Alert kind={report.failed > 0 ? 'info' : 'success'}>
        {report.failed > 0 ? t('import.doneWithErrors') : t('import.doneOk')}
      </Alert>
      <dl className="stats">
        {counts.map(([key, value]) => (
          <div key={key} className={key === 'import.failed' && value > 0 ? 'stat stat--bad' : 'stat'}>
            <dt>{t(key)}</dt>
            <dd data-testid={`import-${key.split('.')[1]}`}>{value}</dd>
          </div>
        ))}
      </dl>

      {report.errors.length > 0 && (
        <>
          <h3>{t('import.errorsTitle')}</h3>
          <table className="table table--cards" data-testid="import-errors">
            <caption className="visually-hidden">{t('import.errorsTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('import.line')}</th>
                <th scope="col">{t('users.email')}</th>
                <th scope="col">{t('import.problems')}</th>
              </tr>
            </thead>
            <tbody>
              {report.errors.map((e) => (
                <tr key={`${e.line}-${e.email ?? ''}`}>
                  <td data-label={t('import.line')}>{e.line}</td>
                  <td data-label={t('users.email')} className="break">
                    {e.email ?? '—'}
                  </td>
                  <td data-label={t('import.problems')}>
                    <ul className="plain-list">
                      {e.codes.map((c) => (
                        <li key={c}>{codeText(c)}</li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}

      {report.invitations.length > 0 && (
        <>
          <div className="page__header">
            <h3>{t('import.invitationsTitle')}</h3>
            <CopyButton text={allLinks}>{t('import.copyAll')}</CopyButton>
          </div>
          <p className="muted">{t('import.invitationsText')}</p>
          <ul className="invite-list" data-testid="import-invitations">
            {report.invitations.map((i) => {
              const link = new URL(i.passwordLink, window.location.origin).toString();
              return (
                <li key={i.email} className="invite-list__item">
                  <span className="break">{i.email}</span>
                  <code className="link-box__link">{link}</code>
                  <CopyButton text={link} label={t('users.copyLinkFor', { email: i.email })} />
                </li>
              );
            })}
          </ul>
        </>
      )}
    </section>
  );
}
