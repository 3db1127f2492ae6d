import { LOCALES, type CourseDraftDto, type PublishResult } from '@academy/contracts';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Alert } from '../../components/Alert';
import { isApiError } from '../../lib/api';
import { useErrorMessage } from '../../lib/errors';
import { usePublishCourse, useSetArchived } from './api';
import { isPublishProblems, useReadablePath } from './StudioBits';

export function PublishPanel({ draft }: { draft: CourseDraftDto }) {
  const { t, i18n } = useTranslation();
  const errorMessage = useErrorMessage();
  const readable = useReadablePath();
  const publish = usePublishCourse(draft.id);
  const archive = useSetArchived(draft.id);
  const [result, setResult] = useState<PublishResult | null>(null);
  // Problems and results describe the draft as it was: clear them once it changes.
  const { reset } = publish;
  const contentKey = JSON.stringify([
    draft.translation.missing,
    draft.modules.map((m) => m.lessons.map((l) => [l.id, l.required, l.variants, l.quiz])),
  ]);
  useEffect(() => {
    reset();
    setResult(null);
  }, [contentKey, reset]);
  const problems =
    isApiError(publish.error) &&
    publish.error.code === 'PUBLISH_REFUSED' &&
    isPublishProblems(publish.error.details.problems)
      ? publish.error.details.problems
      : null;
  const missing = result ? LOCALES.filter((l) => result.missingTranslations[l]?.length) : [];

  return (
    <section className="card" aria-labelledby="publish-heading" data-testid="publish-panel">
      <h2 id="publish-heading">{t('studio.publishing')}</h2>
      <p className="muted">
        {draft.status === 'draft'
          ? t('studio.neverPublished')
          : draft.publishedAt
            ? t('studio.publishedAt', {
                version: draft.version,
                date: new Date(draft.publishedAt).toLocaleString(i18n.resolvedLanguage),
              })
            : null}
      </p>
      {draft.status === 'published' && !draft.hasUnpublishedChanges && (
        <p className="muted" data-testid="publish-up-to-date">
          {t('studio.noChangesToPublish')}
        </p>
      )}
      {draft.status !== 'archived' && (
        <button
          type="button"
          className="btn btn--primary"
          disabled={publish.isPending || (draft.status === 'published' && !draft.hasUnpublishedChanges)}
          data-testid="course-publish"
          onClick={() => {
            setResult(null);
            publish.mutate(undefined, { onSuccess: setResult });
          }}
        >
          {draft.status === 'published' ? t('studio.publishChanges') : t('studio.publish')}
        </button>
      )}
      <div role="status" aria-live="polite" data-testid="publish-result">
        {result && (
          <div className="alert alert--success">
            <p>{t('studio.publishedOk', { version: result.version })}</p>
            {missing.length === 0 ? (
              <p>{t('studio.allTranslated')}</p>
            ) : (
              missing.map((l) => (
                <div key={l}>
                  <p>
                    {t('studio.missingIn', {
                      language: t(`languages.${l}`),
                      count: result.missingTranslations[l].length,
                    })}
                  </p>
                  <ul>
                    {result.missingTranslations[l].map((path) => (
                      <li key={path}>{readable(path)}</li>
                    ))}
                  </ul>
                </div>
              ))
            )}
            <p>
              <Link to={`/courses/${draft.id}`}>{t('studio.viewInCatalogue')}</Link>
            </p>
          </div>
        )}
      </div>
      <div role="alert" data-testid="publish-problems">
        {publish.isError && (
          <div className="alert alert--error">
            <p>{errorMessage(publish.error)}</p>
            {problems && (
              <ul>
                {problems.map((p) => (
                  <li key={`${p.code}-${p.path}`}>
                    {t(`studio.problem_${p.code}`)}
                    {p.path !== 'modules' && <> — {readable(p.path)}</>}
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
      </div>
      <div className="actions">
        {draft.status === 'archived' ? (
          <button
            type="button"
            className="btn"
            disabled={archive.isPending}
            data-testid="course-unarchive"
            onClick={() => archive.mutate(false)}
          >
            {t('studio.unarchive')}
          </button>
        ) : (
          <button
            type="button"
            className="btn btn--danger"
            disabled={archive.isPending}
            data-testid="course-archive"
            onClick={() => archive.mutate(true)}
          >
            {t('studio.archive')}
          </button>
        )}
      </div>
      <Alert kind="error">{archive.isError && errorMessage(archive.error)}</Alert>
    </section>
  );
}

export function TranslationPanel({ draft }: { draft: CourseDraftDto }) {
  const { t } = useTranslation();
  const readable = useReadablePath();
  const report = draft.translation;
  return (
    <section className="card" aria-labelledby="translation-heading" data-testid="translation-panel">
      <h2 id="translation-heading">{t('studio.translation')}</h2>
      <dl className="stats">
        {LOCALES.map((l) => (
          <div key={l} className="stat">
            <dt>
              {t(`languages.${l}`)}
              {l === draft.baseLocale && <> ({t('studio.base')})</>}
            </dt>
            <dd>{report.completeness[l] ?? 0}%</dd>
          </div>
        ))}
      </dl>
      {LOCALES.map((l) =>
        report.missing[l]?.length ? (
          <div key={l}>
            <h3>
              {t('studio.missingIn', { language: t(`languages.${l}`), count: report.missing[l].length })}
            </h3>
            <ul className="plain-list missing-list">
              {report.missing[l].map((path) => (
                <li key={path}>{readable(path)}</li>
              ))}
            </ul>
          </div>
        ) : (
          <p key={l} className="muted">
            {t('studio.completeIn', { language: t(`languages.${l}`) })}
          </p>
        ),
      )}
    </section>
  );
}
