import {
  LOCALES,
  type CourseAudience,
  type CourseDraftDto,
  type Locale,
  type LocalizedText,
} from '@academy/contracts';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { Alert } from '../../components/Alert';
import { Field } from '../../components/Field';
import { Loading } from '../../components/Spinner';
import { currentLocale } from '../../i18n';
import { fieldErrorsOf, useErrorMessage } from '../../lib/errors';
import { useTitle } from '../../lib/useTitle';
import { useMe } from '../auth/api';
import { useQuery } from '@tanstack/react-query';
import { organisationsQueryOptions } from '../organisations/api';
import { orgLabel } from '../organisations/tree';
import { useStudioCourse, useUpdateCourse, type CourseFields } from './api';
import { MediaSelect } from './LessonEditor';
import { ModulesEditor } from './ModulesEditor';
import { PublishPanel, TranslationPanel } from './PublishPanel';
import { CourseStatusBadge, languageLabel } from './StudioBits';
import { UnsavedChangesGuard, useUnsaved } from './unsaved';

export function CourseEditorPage() {
  const { courseId = '' } = useParams();
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const course = useStudioCourse(courseId);
  const locale = currentLocale();
  const title = course.data
    ? course.data.title[locale] || course.data.title[course.data.baseLocale] || ''
    : '';
  useTitle(title ? `${title} — ${t('studio.title')}` : t('studio.title'));

  if (course.isPending) return <Loading />;
  if (course.isError) {
    return (
      <section className="page page--narrow">
        <h1>{t('studio.editCourse')}</h1>
        <Alert kind="error">{errorMessage(course.error)}</Alert>
        <p>
          <Link to="/studio">{t('studio.backToStudio')}</Link>
        </p>
      </section>
    );
  }
  const draft = course.data;
  return (
    <UnsavedChangesGuard>
      <section className="page studio-editor">
        <p className="breadcrumb">
          <Link to="/studio">{t('studio.backToStudio')}</Link>
        </p>
        <div className="page__header">
          <div>
            <h1 data-testid="editor-title">{title || draft.code}</h1>
            <p className="badges">
              <code>{draft.code}</code>
              <CourseStatusBadge status={draft.status} />
              {draft.hasUnpublishedChanges && draft.status !== 'draft' && (
                <span className="badge badge--pending" data-testid="unpublished-changes">
                  {t('studio.unpublishedChanges')}
                </span>
              )}
              {draft.version > 0 && (
                <span className="badge">{t('studio.version', { version: draft.version })}</span>
              )}
            </p>
          </div>
        </div>
        <div className="split">
          <div className="stack">
            <CourseDetailsForm key={draft.id} draft={draft} />
            <ModulesEditor draft={draft} />
          </div>
          <div className="split__side stack">
            <PublishPanel draft={draft} />
            <TranslationPanel draft={draft} />
          </div>
        </div>
      </section>
    </UnsavedChangesGuard>
  );
}

interface DetailsForm {
  code: string;
  baseLocale: Locale;
  title: Record<Locale, string>;
  summary: Record<Locale, string>;
  topics: string;
  estimatedMinutes: string;
  audience: CourseAudience;
  audienceOrganisationIds: string[];
  coverAssetId: string;
  selfEnrolment: boolean;
}

function toForm(draft: CourseDraftDto): DetailsForm {
  const texts = (value: LocalizedText) =>
    Object.fromEntries(LOCALES.map((l) => [l, value[l] ?? ''])) as Record<Locale, string>;
  return {
    code: draft.code,
    baseLocale: draft.baseLocale,
    title: texts(draft.title),
    summary: texts(draft.summary),
    topics: draft.topics.join(', '),
    estimatedMinutes: draft.estimatedMinutes ? String(draft.estimatedMinutes) : '',
    audience: draft.audience,
    audienceOrganisationIds: [...draft.audienceOrganisationIds].sort(),
    coverAssetId: draft.coverAssetId ?? '',
    selfEnrolment: draft.selfEnrolment,
  };
}

function parseTopics(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[,;\n]/)
        .map((s) => s.trim().toLowerCase().replace(/\s+/g, '-'))
        .filter(Boolean),
    ),
  ];
}

/** Only what changed, so the server keeps the rest. */
function changes(from: DetailsForm, to: DetailsForm): CourseFields {
  const out: CourseFields = {};
  if (to.code.trim() !== from.code) out.code = to.code.trim();
  if (to.baseLocale !== from.baseLocale) out.baseLocale = to.baseLocale;
  for (const field of ['title', 'summary'] as const) {
    if (LOCALES.some((l) => to[field][l] !== from[field][l])) {
      out[field] = Object.fromEntries(LOCALES.map((l) => [l, to[field][l].trim()]));
    }
  }
  if (to.topics !== from.topics) out.topics = parseTopics(to.topics);
  if (to.estimatedMinutes !== from.estimatedMinutes) {
    out.estimatedMinutes = to.estimatedMinutes.trim() ? Number(to.estimatedMinutes) : null;
  }
  if (to.coverAssetId !== from.coverAssetId) out.coverAssetId = to.coverAssetId || null;
  if (to.audience !== from.audience) out.audience = to.audience;
  if (to.selfEnrolment !== from.selfEnrolment) out.selfEnrolment = to.selfEnrolment;
  if (to.audienceOrganisationIds.join() !== from.audienceOrganisationIds.join()) {
    out.audienceOrganisationIds = to.audienceOrganisationIds;
  }
  return out;
}

function CourseDetailsForm({ draft }: { draft: CourseDraftDto }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const { data: me } = useMe();
  const isAdmin = !!me?.roles.includes('admin');
  const update = useUpdateCourse(draft.id);
  const baseline = toForm(draft);
  const [form, setForm] = useState<DetailsForm>(baseline);
  const diff = changes(baseline, form);
  const dirty = Object.keys(diff).length > 0;
  useUnsaved(dirty);
  const errors = fieldErrorsOf(update.error);
  const [saved, setSaved] = useState(false);

  const set = <K extends keyof DetailsForm>(key: K, value: DetailsForm[K]) => {
    setSaved(false);
    setForm((prev) => ({ ...prev, [key]: value }));
  };
  const setText = (field: 'title' | 'summary', l: Locale, value: string) => {
    setSaved(false);
    setForm((prev) => ({ ...prev, [field]: { ...prev[field], [l]: value } }));
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!dirty) return;
    update.mutate(diff, {
      onSuccess: (next) => {
        setForm(toForm(next));
        setSaved(true);
      },
    });
  };

  return (
    <form className="card form" onSubmit={onSubmit} noValidate aria-labelledby="details-heading">
      <h2 id="details-heading">{t('studio.details')}</h2>
      <Alert kind="error">{update.isError && errorMessage(update.error)}</Alert>
      <Alert kind="success">{saved && !dirty ? t('studio.saved') : null}</Alert>
      <div className="side-by-side">
        <Field label={t('studio.code')} hint={t('studio.codeHint')} errorCode={errors.code}>
          {(props) => (
            <input
              {...props}
              value={form.code}
              autoComplete="off"
              onChange={(e) => set('code', e.target.value)}
            />
          )}
        </Field>
        <Field
          label={t('studio.baseLanguage')}
          hint={t('studio.baseLanguageHint')}
          errorCode={errors.baseLocale}
        >
          {(props) => (
            <select
              {...props}
              value={form.baseLocale}
              onChange={(e) => set('baseLocale', e.target.value as Locale)}
            >
              {LOCALES.map((l) => (
                <option key={l} value={l} lang={l}>
                  {t(`languages.${l}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <fieldset className="fieldset">
        <legend>{t('studio.courseTitle')}</legend>
        <div className="side-by-side">
          {LOCALES.map((l) => (
            <Field key={l} label={languageLabel(t, l, form.baseLocale)} errorCode={errors[`title.${l}`]}>
              {(props) => (
                <input
                  {...props}
                  lang={l}
                  value={form.title[l]}
                  data-testid={`course-title-${l}`}
                  onChange={(e) => setText('title', l, e.target.value)}
                />
              )}
            </Field>
          ))}
        </div>
      </fieldset>
      <fieldset className="fieldset">
        <legend>{t('studio.summary')}</legend>
        <div className="side-by-side">
          {LOCALES.map((l) => (
            <Field key={l} label={languageLabel(t, l, form.baseLocale)} errorCode={errors[`summary.${l}`]}>
              {(props) => (
                <textarea
                  {...props}
                  lang={l}
                  rows={4}
                  value={form.summary[l]}
                  data-testid={`course-summary-${l}`}
                  onChange={(e) => setText('summary', l, e.target.value)}
                />
              )}
            </Field>
          ))}
        </div>
      </fieldset>
      <div className="side-by-side">
        <Field label={t('studio.topics')} hint={t('studio.topicsHint')} errorCode={errors.topics}>
          {(props) => (
            <input
              {...props}
              value={form.topics}
              data-testid="course-topics"
              onChange={(e) => set('topics', e.target.value)}
            />
          )}
        </Field>
        <Field label={t('studio.estimatedMinutes')} errorCode={errors.estimatedMinutes}>
          {(props) => (
            <input
              {...props}
              type="number"
              min={1}
              max={10000}
              inputMode="numeric"
              value={form.estimatedMinutes}
              onChange={(e) => set('estimatedMinutes', e.target.value)}
            />
          )}
        </Field>
      </div>
      <MediaSelect
        id={`course-${draft.id}-cover`}
        kind="image"
        label={t('media.coverImage')}
        noneLabel={t('media.noCover')}
        value={form.coverAssetId}
        onChange={(value) => set('coverAssetId', value)}
        errorCode={errors.coverAssetId}
        uploadTestId="course-cover-upload"
        uploadLabel={t('media.uploadCover')}
      />
      <AudienceFields
        isAdmin={isAdmin}
        audience={form.audience}
        ids={form.audienceOrganisationIds}
        onAudience={(a) => set('audience', a)}
        onIds={(ids) => set('audienceOrganisationIds', [...ids].sort())}
        errorCode={errors.audience ?? errors.audienceOrganisationIds}
      />
      <fieldset className="fieldset">
        <legend>{t('studio.enrolment')}</legend>
        <label className="check" htmlFor={`course-${draft.id}-self-enrolment`}>
          <input
            id={`course-${draft.id}-self-enrolment`}
            type="checkbox"
            checked={form.selfEnrolment}
            aria-describedby={`course-${draft.id}-self-enrolment-hint`}
            data-testid="course-self-enrolment"
            onChange={(e) => set('selfEnrolment', e.target.checked)}
          />
          {t('studio.selfEnrolment')}
        </label>
        <p className="field__hint" id={`course-${draft.id}-self-enrolment-hint`}>
          {t('studio.selfEnrolmentHint')}
        </p>
        {errors.selfEnrolment && (
          <p className="field__error">
            {t(`errors.${errors.selfEnrolment}`, { defaultValue: errors.selfEnrolment })}
          </p>
        )}
      </fieldset>
      <div className="actions sticky-actions">
        <button
          type="submit"
          className="btn btn--primary"
          disabled={!dirty || update.isPending}
          data-testid="course-save"
        >
          {t('common.save')}
        </button>
        {dirty && (
          <>
            <span className="muted" role="status">
              {t('studio.unsavedNote')}
            </span>
            <button type="button" className="btn btn--ghost" onClick={() => setForm(baseline)}>
              {t('studio.discardChanges')}
            </button>
          </>
        )}
      </div>
    </form>
  );
}

function AudienceFields({
  isAdmin,
  audience,
  ids,
  onAudience,
  onIds,
  errorCode,
}: {
  isAdmin: boolean;
  audience: CourseAudience;
  ids: string[];
  onAudience: (audience: CourseAudience) => void;
  onIds: (ids: string[]) => void;
  errorCode?: string;
}) {
  const { t } = useTranslation();
  const locale = currentLocale();
  // Only admins may read the organisation list (authors get 403): authors keep the whole region.
  const orgs = useQuery({ ...organisationsQueryOptions, enabled: isAdmin });
  const canChoose = isAdmin && orgs.isSuccess;
  const administrations = (orgs.data ?? []).filter((o) => o.kind === 'administration');
  return (
    <fieldset className="fieldset">
      <legend>{t('studio.audience')}</legend>
      <div className="checks">
        <label className="check">
          <input
            type="radio"
            name="audience"
            checked={audience === 'region'}
            onChange={() => onAudience('region')}
          />
          {t('studio.audience_region')}
        </label>
        <label className="check">
          <input
            type="radio"
            name="audience"
            checked={audience === 'administrations'}
            disabled={!canChoose}
            onChange={() => onAudience('administrations')}
          />
          {t('studio.audience_administrations')}
        </label>
      </div>
      {!canChoose && <p className="field__hint">{t('studio.audienceAdminOnly')}</p>}
      {canChoose && audience === 'administrations' && (
        <div className="checks checks--column">
          {administrations.map((org) => (
            <label key={org.id} className="check">
              <input
                type="checkbox"
                checked={ids.includes(org.id)}
                onChange={(e) =>
                  onIds(e.target.checked ? [...ids, org.id] : ids.filter((id) => id !== org.id))
                }
              />
              {orgLabel(org, locale)}
            </label>
          ))}
        </div>
      )}
      {errorCode && <p className="field__error">{t(`errors.${errorCode}`, { defaultValue: errorCode })}</p>}
    </fieldset>
  );
}
