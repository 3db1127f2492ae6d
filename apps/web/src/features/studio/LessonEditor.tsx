import {
  DEFAULT_COMPLETION_THRESHOLD,
  LOCALES,
  type CourseDraftDto,
  type LessonDraftDto,
  type Locale,
  type MediaAssetDto,
  type MediaKind,
  type Page,
} from '@academy/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert';
import { Field } from '../../components/Field';
import { isApiError } from '../../lib/api';
import { fieldErrorsOf, useErrorMessage } from '../../lib/errors';
import { studioKeys, useMediaLibrary, useUpdateLesson, type LessonFields } from './api';
import { languageLabel } from './StudioBits';
import { useUnsaved } from './unsaved';
import { UploadButton } from '../media/UploadButton';
import { QuizEditor } from '../quiz/QuizEditor';
import {
  questionIndexOf,
  quizErrorsFromApi,
  quizFormChanged,
  toQuizForm,
  toQuizInput,
  validateQuizForm,
  type QuizForm,
} from '../quiz/quiz-form';

interface VariantForm {
  body: string;
  mediaAssetId: string;
  captionsAssetId: string;
}

interface LessonForm {
  title: Record<Locale, string>;
  required: boolean;
  estimatedMinutes: string;
  /** Videos: percent of the duration to watch, 10..100; empty for the default. */
  completionPct: string;
  variants: Record<Locale, VariantForm>;
  /** Quiz lessons only. */
  quiz: QuizForm | null;
}

function toForm(lesson: LessonDraftDto): LessonForm {
  const variant = (l: Locale): VariantForm => ({
    body: lesson.variants[l]?.body ?? '',
    mediaAssetId: lesson.variants[l]?.mediaAssetId ?? '',
    captionsAssetId: lesson.variants[l]?.captionsAssetId ?? '',
  });
  return {
    title: { en: lesson.title.en ?? '', ru: lesson.title.ru ?? '' },
    required: lesson.required,
    estimatedMinutes: lesson.estimatedMinutes ? String(lesson.estimatedMinutes) : '',
    completionPct:
      lesson.completionThreshold === null ? '' : String(Math.round(lesson.completionThreshold * 100)),
    variants: { en: variant('en'), ru: variant('ru') },
    quiz: lesson.kind === 'quiz' ? toQuizForm(lesson.quiz) : null,
  };
}

function changes(lesson: LessonDraftDto, from: LessonForm, to: LessonForm): LessonFields {
  const out: LessonFields = {};
  if (LOCALES.some((l) => from.title[l] !== to.title[l])) {
    out.title = Object.fromEntries(LOCALES.map((l) => [l, to.title[l].trim()]));
  }
  if (from.required !== to.required) out.required = to.required;
  if (from.estimatedMinutes !== to.estimatedMinutes) {
    out.estimatedMinutes = to.estimatedMinutes.trim() ? Number(to.estimatedMinutes) : null;
  }
  if (from.completionPct !== to.completionPct) {
    out.completionThreshold = to.completionPct.trim() ? Number(to.completionPct) / 100 : null;
  }
  if (lesson.kind === 'quiz' && from.quiz && to.quiz && quizFormChanged(from.quiz, to.quiz)) {
    out.quiz = toQuizInput(to.quiz);
  }
  if (lesson.kind === 'quiz') return out;
  for (const l of LOCALES) {
    const a = from.variants[l];
    const b = to.variants[l];
    const v: NonNullable<LessonFields['variants']>[Locale] = {};
    if (lesson.kind === 'article' && a.body !== b.body) v.body = b.body.trim() ? b.body : null;
    if (lesson.kind !== 'article' && a.mediaAssetId !== b.mediaAssetId)
      v.mediaAssetId = b.mediaAssetId || null;
    if (lesson.kind === 'video' && a.captionsAssetId !== b.captionsAssetId) {
      v.captionsAssetId = b.captionsAssetId || null;
    }
    if (Object.keys(v).length) out.variants = { ...out.variants, [l]: v };
  }
  return out;
}

/**
 * Edits one lesson: titles, required, minutes and, per language, its Markdown body or its files; for a
 * quiz, its settings and questions (QuizEditor), checked here before sending and saved as a whole.
 */
export function LessonEditor({
  draft,
  lesson,
  onClose,
}: {
  draft: CourseDraftDto;
  lesson: LessonDraftDto;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const update = useUpdateLesson();
  const [baseline, setBaseline] = useState(() => toForm(lesson));
  const [form, setForm] = useState<LessonForm>(baseline);
  const [saved, setSaved] = useState(false);
  /** Quiz problems found before sending (the form's own check); cleared by the next save attempt. */
  const [quizChecks, setQuizChecks] = useState<Record<string, string> | null>(null);
  const diff = changes(lesson, baseline, form);
  const dirty = Object.keys(diff).length > 0;
  useUnsaved(dirty);
  const errors = fieldErrorsOf(update.error);
  const quizErrors = quizChecks ?? quizErrorsFromApi(errors);
  const id = (name: string) => `lesson-${lesson.id}-${name}`;

  const setVariant = (l: Locale, key: keyof VariantForm, value: string) => {
    setSaved(false);
    setForm((prev) => ({
      ...prev,
      variants: { ...prev.variants, [l]: { ...prev.variants[l], [key]: value } },
    }));
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!dirty) return;
    if (form.quiz) {
      const problems = validateQuizForm(form.quiz);
      if (Object.keys(problems).length) {
        update.reset();
        setQuizChecks(problems);
        focusFirstQuizProblem(lesson.id, problems);
        return;
      }
    }
    setQuizChecks(null);
    update.mutate(
      { id: lesson.id, ...diff },
      {
        onSuccess: (next) => {
          const fresh = next.modules.flatMap((m) => m.lessons).find((l) => l.id === lesson.id);
          const nextForm = fresh ? toForm(fresh) : form;
          setBaseline(nextForm);
          setForm(nextForm);
          setSaved(true);
        },
      },
    );
  };

  return (
    <form
      className="form form--panel lesson-editor"
      onSubmit={onSubmit}
      noValidate
      data-testid="lesson-editor"
      data-lesson-editor={lesson.id}
    >
      <Alert kind="error">
        {update.isError ? errorMessage(update.error) : quizChecks ? t('errors.VALIDATION_FAILED') : null}
      </Alert>
      <Alert kind="success">{saved && !dirty ? t('studio.saved') : null}</Alert>
      <div className="side-by-side">
        {LOCALES.map((l) => (
          <Field
            key={l}
            id={id(`title-${l}`)}
            label={t('studio.lessonTitleIn', { language: languageLabel(t, l, draft.baseLocale) })}
            errorCode={errors[`title.${l}`]}
          >
            {(props) => (
              <input
                {...props}
                lang={l}
                value={form.title[l]}
                data-testid={`lesson-title-${l}`}
                onChange={(e) => {
                  setSaved(false);
                  setForm((prev) => ({ ...prev, title: { ...prev.title, [l]: e.target.value } }));
                }}
              />
            )}
          </Field>
        ))}
      </div>
      <div className="side-by-side">
        <div className="field">
          <label className="check" htmlFor={id('required')}>
            <input
              id={id('required')}
              type="checkbox"
              checked={form.required}
              onChange={(e) => {
                setSaved(false);
                setForm((prev) => ({ ...prev, required: e.target.checked }));
              }}
            />
            {t('studio.requiredLesson')}
          </label>
        </div>
        <Field id={id('minutes')} label={t('studio.estimatedMinutes')} errorCode={errors.estimatedMinutes}>
          {(props) => (
            <input
              {...props}
              type="number"
              min={1}
              max={1000}
              inputMode="numeric"
              value={form.estimatedMinutes}
              onChange={(e) => {
                setSaved(false);
                setForm((prev) => ({ ...prev, estimatedMinutes: e.target.value }));
              }}
            />
          )}
        </Field>
        {lesson.kind === 'video' && (
          <Field
            id={id('threshold')}
            label={t('studio.completionThreshold')}
            hint={t('studio.completionThresholdHint', { percent: DEFAULT_COMPLETION_THRESHOLD * 100 })}
            errorCode={errors.completionThreshold}
          >
            {(props) => (
              <input
                {...props}
                type="number"
                min={10}
                max={100}
                inputMode="numeric"
                placeholder={String(DEFAULT_COMPLETION_THRESHOLD * 100)}
                data-testid="lesson-threshold"
                value={form.completionPct}
                onChange={(e) => {
                  setSaved(false);
                  setForm((prev) => ({ ...prev, completionPct: e.target.value }));
                }}
              />
            )}
          </Field>
        )}
      </div>
      {form.quiz ? (
        <QuizEditor
          idPrefix={id('quiz')}
          form={form.quiz}
          base={draft.baseLocale}
          errors={quizErrors}
          onChange={(next) => {
            setSaved(false);
            setForm((prev) => (prev.quiz ? { ...prev, quiz: next(prev.quiz) } : prev));
          }}
        />
      ) : lesson.kind === 'article' ? (
        <fieldset className="fieldset">
          <legend>{t('studio.articleBody')}</legend>
          <p className="field__hint">{t('studio.markdownHint')}</p>
          <div className="side-by-side">
            {LOCALES.map((l) => (
              <Field
                key={l}
                id={id(`body-${l}`)}
                label={languageLabel(t, l, draft.baseLocale)}
                errorCode={errors[`variants.${l}.body`]}
              >
                {(props) => (
                  <textarea
                    {...props}
                    lang={l}
                    rows={12}
                    className="markdown"
                    value={form.variants[l].body}
                    data-testid={`lesson-body-${l}`}
                    onChange={(e) => setVariant(l, 'body', e.target.value)}
                  />
                )}
              </Field>
            ))}
          </div>
        </fieldset>
      ) : (
        <fieldset className="fieldset">
          <legend>{lesson.kind === 'video' ? t('studio.videoFiles') : t('studio.documentFiles')}</legend>
          {lesson.kind === 'video' && <p className="field__hint">{t('studio.videoFilesHint')}</p>}
          <div className="side-by-side">
            {LOCALES.map((l) => (
              <div key={l} className="stack">
                <MediaSelect
                  id={id(`media-${l}`)}
                  kind={lesson.kind === 'video' ? 'video' : 'document'}
                  label={t(lesson.kind === 'video' ? 'studio.videoIn' : 'studio.documentIn', {
                    language: languageLabel(t, l, draft.baseLocale),
                  })}
                  value={form.variants[l].mediaAssetId}
                  onChange={(value) => setVariant(l, 'mediaAssetId', value)}
                  errorCode={errors[`variants.${l}.mediaAssetId`]}
                  uploadTestId={`lesson-upload-media-${l}`}
                />
                {lesson.kind === 'video' && (
                  <MediaSelect
                    id={id(`captions-${l}`)}
                    kind="captions"
                    label={t('studio.captionsIn', { language: languageLabel(t, l, draft.baseLocale) })}
                    value={form.variants[l].captionsAssetId}
                    onChange={(value) => setVariant(l, 'captionsAssetId', value)}
                    errorCode={errors[`variants.${l}.captionsAssetId`]}
                    uploadTestId={`lesson-upload-captions-${l}`}
                  />
                )}
              </div>
            ))}
          </div>
        </fieldset>
      )}
      <div className="actions">
        <button
          type="submit"
          className="btn btn--primary"
          disabled={!dirty || update.isPending}
          data-testid="lesson-save"
        >
          {t('common.save')}
        </button>
        {dirty ? (
          <button
            type="button"
            className="btn btn--ghost"
            onClick={() => {
              setQuizChecks(null);
              setForm(baseline);
            }}
          >
            {t('studio.discardChanges')}
          </button>
        ) : (
          <button type="button" className="btn" onClick={onClose}>
            {t('common.close')}
          </button>
        )}
      </div>
    </form>
  );
}

/** Moves focus to the first question (or the settings) with a problem, so keyboard users land on it. */
function focusFirstQuizProblem(lessonId: string, problems: Record<string, string>) {
  const keys = Object.keys(problems);
  const settings = keys.find((key) => key.startsWith('settings.'));
  const questions = keys.map(questionIndexOf).filter((i): i is number => i !== null);
  requestAnimationFrame(() => {
    const root = document.querySelector(`[data-lesson-editor="${lessonId}"]`);
    if (!root) return;
    const target =
      settings !== undefined
        ? root.querySelector<HTMLElement>('.quiz-editor [aria-invalid="true"]')
        : questions.length
          ? root.querySelector<HTMLElement>(
              `[data-testid="quiz-question-editor-${Math.min(...questions)}"] [aria-invalid="true"], [data-testid="quiz-question-editor-${Math.min(...questions)}"] input`,
            )
          : null;
    target?.focus();
  });
}

/**
 * Picks an uploaded file of one kind from the media library (a note when there is none), with a button
 * that uploads a new file and selects it.
 */
export function MediaSelect({
  id,
  kind,
  label,
  value,
  onChange,
  errorCode,
  uploadTestId,
  uploadLabel,
  noneLabel,
}: {
  id: string;
  kind: MediaKind;
  label: string;
  value: string;
  onChange: (value: string) => void;
  errorCode?: string;
  /** Test id prefix of the upload button; no upload button without it. */
  uploadTestId?: string;
  uploadLabel?: string;
  noneLabel?: string;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const onUploaded = (assetId: string, asset: MediaAssetDto | null) => {
    if (asset && asset.kind === kind) {
      client.setQueryData<Page<MediaAssetDto>>(studioKeys.media(kind), (prev) =>
        prev && !prev.items.some((m) => m.id === asset.id)
          ? { ...prev, items: [asset, ...prev.items], total: prev.total + 1 }
          : prev,
      );
    }
    onChange(assetId);
  };
  const errorMessage = useErrorMessage();
  const media = useMediaLibrary(kind);
  const unavailable = media.isError && isApiError(media.error) && media.error.status === 404;
  const items = (media.data?.items ?? []).filter(
    (m) => m.status === 'ready' || m.status === 'processing' || m.id === value,
  );
  const hint =
    unavailable || (media.isSuccess && items.length === 0)
      ? t('studio.noFilesYet')
      : media.isError
        ? errorMessage(media.error)
        : undefined;
  return (
    <div className="media-select">
      <Field id={id} label={label} hint={hint} errorCode={errorCode}>
        {(props) => (
          <select
            {...props}
            value={value}
            disabled={media.isPending}
            onChange={(e) => onChange(e.target.value)}
          >
            <option value="">{noneLabel ?? t('studio.noFile')}</option>
            {items.map((m) => (
              <option key={m.id} value={m.id}>
                {m.filename}
              </option>
            ))}
            {value && !items.some((m) => m.id === value) && (
              <option value={value}>{t('studio.currentFile')}</option>
            )}
          </select>
        )}
      </Field>
      {uploadTestId && (
        <UploadButton
          kind={kind}
          label={uploadLabel ?? t('media.uploadNew')}
          context={label}
          onUploaded={onUploaded}
          testId={uploadTestId}
        />
      )}
    </div>
  );
}
