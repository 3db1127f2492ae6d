import { LOCALES, type Locale } from '@academy/contracts';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { Alert } from '../../components/Alert';
import { Field } from '../../components/Field';
import { Modal } from '../../components/Modal';
import { Loading } from '../../components/Spinner';
import { currentLocale } from '../../i18n';
import { fieldErrorsOf, useErrorMessage } from '../../lib/errors';
import { useTitle } from '../../lib/useTitle';
import { useCreateCourse, useStudioCourses, type StudioCourseSummary } from './api';
import { CompletenessText, CourseStatusBadge } from './StudioBits';

export function StudioPage() {
  const { t, i18n } = useTranslation();
  useTitle(t('studio.title'));
  const errorMessage = useErrorMessage();
  const courses = useStudioCourses();
  const [creating, setCreating] = useState(false);
  const locale = currentLocale();
  void i18n.resolvedLanguage;

  return (
    <section className="page">
      <div className="page__header">
        <h1>{t('studio.title')}</h1>
        <div className="actions">
          <button
            type="button"
            className="btn btn--primary"
            onClick={() => setCreating(true)}
            data-testid="course-create"
          >
            {t('studio.newCourse')}
          </button>
          <Link to="/studio/media" className="btn" data-testid="media-library-link">
            {t('media.openLibrary')}
          </Link>
        </div>
      </div>
      <p className="lead">{t('studio.intro')}</p>

      {courses.isPending ? (
        <Loading />
      ) : courses.isError ? (
        <Alert kind="error">{errorMessage(courses.error)}</Alert>
      ) : courses.data.length === 0 ? (
        <p className="empty">{t('studio.empty')}</p>
      ) : (
        <table className="table table--cards">
          <caption className="visually-hidden">{t('studio.tableCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('studio.course')}</th>
              <th scope="col">{t('studio.status')}</th>
              <th scope="col">{t('studio.translation')}</th>
              <th scope="col">{t('studio.updated')}</th>
            </tr>
          </thead>
          <tbody>
            {courses.data.map((course) => {
              const title = course.title[locale] || course.title[course.baseLocale] || course.code;
              return (
                <tr key={course.id} data-testid={`studio-row-${course.code}`}>
                  <td data-label={t('studio.course')}>
                    <Link to={`/studio/courses/${course.id}`}>
                      <strong>{title}</strong>
                    </Link>
                    <br />
                    <code>{course.code}</code>
                  </td>
                  <td data-label={t('studio.status')}>
                    <span className="badges">
                      <CourseStatusBadge status={course.status} />
                      {course.hasUnpublishedChanges && course.status !== 'draft' && (
                        <span className="badge badge--pending">{t('studio.unpublishedChanges')}</span>
                      )}
                    </span>
                  </td>
                  <td data-label={t('studio.translation')}>
                    <TranslationCell course={course} />
                  </td>
                  <td data-label={t('studio.updated')}>
                    {new Date(course.updatedAt).toLocaleString(i18n.resolvedLanguage)}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {creating && <NewCourseDialog onClose={() => setCreating(false)} />}
    </section>
  );
}

function NewCourseDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const navigate = useNavigate();
  const create = useCreateCourse();
  const [code, setCode] = useState('');
  const [baseLocale, setBaseLocale] = useState<Locale>(currentLocale());
  const [title, setTitle] = useState<Record<Locale, string>>({ en: '', ru: '' });
  const errors = fieldErrorsOf(create.error);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      {
        code: code.trim(),
        baseLocale,
        title: Object.fromEntries(LOCALES.map((l) => [l, title[l].trim()]).filter(([, v]) => v)),
      },
      { onSuccess: (draft) => void navigate(`/studio/courses/${draft.id}`) },
    );
  };

  return (
    <Modal title={t('studio.newCourse')} onClose={onClose}>
      <form className="form" onSubmit={onSubmit} noValidate>
        <Alert kind="error">{create.isError && errorMessage(create.error)}</Alert>
        <Field label={t('studio.code')} hint={t('studio.codeHint')} errorCode={errors.code}>
          {(props) => (
            <input
              {...props}
              value={code}
              required
              autoComplete="off"
              data-testid="new-course-code"
              onChange={(e) => setCode(e.target.value)}
            />
          )}
        </Field>
        <Field
          label={t('studio.baseLanguage')}
          hint={t('studio.baseLanguageHint')}
          errorCode={errors.baseLocale}
        >
          {(props) => (
            <select {...props} value={baseLocale} onChange={(e) => setBaseLocale(e.target.value as Locale)}>
              {LOCALES.map((l) => (
                <option key={l} value={l} lang={l}>
                  {t(`languages.${l}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <div className="side-by-side">
          {LOCALES.map((l) => (
            <Field
              key={l}
              label={t('studio.titleIn', { language: t(`languages.${l}`) })}
              errorCode={errors[`title.${l}`] ?? (l === baseLocale ? errors.title : undefined)}
            >
              {(props) => (
                <input
                  {...props}
                  lang={l}
                  value={title[l]}
                  required={l === baseLocale}
                  data-testid={`new-course-title-${l}`}
                  onChange={(e) => setTitle((prev) => ({ ...prev, [l]: e.target.value }))}
                />
              )}
            </Field>
          ))}
        </div>
        <div className="actions">
          <button
            type="submit"
            className="btn btn--primary"
            disabled={create.isPending}
            data-testid="new-course-submit"
          >
            {t('studio.createCourse')}
          </button>
          <button type="button" className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </Modal>
  );
}

/** Translation % of a row, from the list's own report. */
function TranslationCell({ course }: { course: StudioCourseSummary }) {
  return <CompletenessText completeness={course.translation.completeness} baseLocale={course.baseLocale} />;
}
