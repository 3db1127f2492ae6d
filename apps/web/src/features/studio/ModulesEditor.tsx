import {
  LESSON_KINDS,
  LOCALES,
  type CourseDraftDto,
  type LessonDraftDto,
  type LessonKind,
  type Locale,
  type LocalizedText,
  type ModuleDraftDto,
} from '@academy/contracts';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert';
import { Field } from '../../components/Field';
import { Modal } from '../../components/Modal';
import { currentLocale } from '../../i18n';
import { useErrorMessage } from '../../lib/errors';
import { KindLabel } from '../catalogue/bits';
import {
  useAddLesson,
  useAddModule,
  useDeleteLesson,
  useDeleteModule,
  useRenameModule,
  useReorderLessons,
  useReorderModules,
} from './api';
import { languageLabel } from './StudioBits';
import { LessonEditor } from './LessonEditor';
import { useUnsaved } from './unsaved';

/** Kinds the studio can edit: all of them (quizzes with the quiz editor). */
const STUDIO_LESSON_KINDS = LESSON_KINDS;

type Texts = Record<Locale, string>;
const emptyTexts = (): Texts => ({ en: '', ru: '' });
const toTexts = (value: LocalizedText): Texts => ({ en: value.en ?? '', ru: value.ru ?? '' });
const fromTexts = (value: Texts): LocalizedText =>
  Object.fromEntries(LOCALES.map((l) => [l, value[l].trim()])) as LocalizedText;

/** A title in the interface language, else the base language, else any. */
export function pickText(text: LocalizedText, base: Locale): string {
  return text[currentLocale()] || text[base] || LOCALES.map((l) => text[l]).find(Boolean) || '';
}

function move<T>(list: T[], from: number, to: number): T[] {
  const out = [...list];
  const [item] = out.splice(from, 1);
  out.splice(to, 0, item);
  return out;
}

/** Move up, move down and delete for one item of an ordered list; ids let refocus() find the buttons. */
function OrderButtons(props: {
  idPrefix: 'module' | 'lesson';
  id: string;
  name: string;
  index: number;
  count: number;
  moving: boolean;
  onMove: (delta: -1 | 1) => void;
  onDelete: () => void;
}) {
  const { t } = useTranslation();
  const { idPrefix, id, name, index, count, moving, onMove, onDelete } = props;
  return (
    <>
      <button
        id={`${idPrefix}-up-${id}`}
        type="button"
        className="btn btn--small"
        disabled={index === 0 || moving}
        onClick={() => onMove(-1)}
      >
        <span aria-hidden="true">↑ </span>
        {t('studio.moveUp')}
        <span className="visually-hidden"> {name}</span>
      </button>
      <button
        id={`${idPrefix}-down-${id}`}
        type="button"
        className="btn btn--small"
        disabled={index === count - 1 || moving}
        onClick={() => onMove(1)}
      >
        <span aria-hidden="true">↓ </span>
        {t('studio.moveDown')}
        <span className="visually-hidden"> {name}</span>
      </button>
      <button type="button" className="btn btn--small btn--danger" onClick={onDelete}>
        {t('studio.delete')}
        <span className="visually-hidden"> {name}</span>
      </button>
    </>
  );
}

/** After a move, keep focus on the same button (or its sibling when it became disabled at the list's end). */
function refocus(idPrefix: 'module' | 'lesson', id: string, delta: -1 | 1) {
  const [same, other] = delta < 0 ? ['up', 'down'] : ['down', 'up'];
  requestAnimationFrame(() => {
    const el = document.getElementById(`${idPrefix}-${same}-${id}`) as HTMLButtonElement | null;
    if (el && !el.disabled) el.focus();
    else document.getElementById(`${idPrefix}-${other}-${id}`)?.focus();
  });
}

export function ModulesEditor({ draft }: { draft: CourseDraftDto }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const reorder = useReorderModules(draft.id);
  const [announcement, setAnnouncement] = useState('');

  const moveModule = (index: number, delta: -1 | 1) => {
    const ids = move(
      draft.modules.map((m) => m.id),
      index,
      index + delta,
    );
    const module = draft.modules[index];
    reorder.mutate(ids, {
      onSuccess: () => {
        setAnnouncement(
          t('studio.movedTo', {
            name: pickText(module.title, draft.baseLocale),
            position: index + delta + 1,
            total: ids.length,
          }),
        );
        refocus('module', module.id, delta);
      },
    });
  };

  return (
    <section className="card" aria-labelledby="modules-heading" data-testid="modules-editor">
      <h2 id="modules-heading">{t('studio.modules')}</h2>
      <p className="visually-hidden" aria-live="polite" data-testid="move-announcement">
        {announcement}
      </p>
      <Alert kind="error">{reorder.isError && errorMessage(reorder.error)}</Alert>
      {draft.modules.length === 0 ? (
        <p className="empty">{t('studio.noModules')}</p>
      ) : (
        <ol className="module-list">
          {draft.modules.map((module, index) => (
            <ModuleItem
              key={module.id}
              draft={draft}
              module={module}
              index={index}
              count={draft.modules.length}
              onMove={(delta) => moveModule(index, delta)}
              moving={reorder.isPending}
              onAnnounce={setAnnouncement}
            />
          ))}
        </ol>
      )}
      <AddModuleForm draft={draft} />
    </section>
  );
}

function TitleInputs({
  idPrefix,
  value,
  onChange,
  base,
  testIdPrefix,
}: {
  idPrefix: string;
  value: Texts;
  onChange: (value: Texts) => void;
  base: Locale;
  testIdPrefix: string;
}) {
  const { t } = useTranslation();
  return (
    <div className="side-by-side">
      {LOCALES.map((l) => (
        <Field key={l} id={`${idPrefix}-${l}`} label={languageLabel(t, l, base)}>
          {(props) => (
            <input
              {...props}
              lang={l}
              value={value[l]}
              data-testid={`${testIdPrefix}-${l}`}
              onChange={(e) => onChange({ ...value, [l]: e.target.value })}
            />
          )}
        </Field>
      ))}
    </div>
  );
}

function AddModuleForm({ draft }: { draft: CourseDraftDto }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const add = useAddModule(draft.id);
  const [title, setTitle] = useState<Texts>(emptyTexts);
  const dirty = LOCALES.some((l) => title[l].trim());
  useUnsaved(dirty);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate(fromTexts(title), { onSuccess: () => setTitle(emptyTexts()) });
  };
  return (
    <form className="form form--panel" onSubmit={onSubmit} noValidate aria-labelledby="add-module-heading">
      <h3 id="add-module-heading">{t('studio.addModule')}</h3>
      <Alert kind="error">{add.isError && errorMessage(add.error)}</Alert>
      <TitleInputs
        idPrefix="new-module"
        value={title}
        onChange={setTitle}
        base={draft.baseLocale}
        testIdPrefix="new-module-title"
      />
      <button type="submit" className="btn" disabled={!dirty || add.isPending} data-testid="module-add">
        {t('studio.addModule')}
      </button>
    </form>
  );
}

function ModuleItem({
  draft,
  module,
  index,
  count,
  onMove,
  moving,
  onAnnounce,
}: {
  draft: CourseDraftDto;
  module: ModuleDraftDto;
  index: number;
  count: number;
  onMove: (delta: -1 | 1) => void;
  moving: boolean;
  onAnnounce: (text: string) => void;
}) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const [renaming, setRenaming] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const remove = useDeleteModule();
  const reorderLessons = useReorderLessons();
  const name = pickText(module.title, draft.baseLocale) || t('studio.untitled');
  const headingId = `module-heading-${module.id}`;

  const moveLesson = (li: number, delta: -1 | 1) => {
    const ids = move(
      module.lessons.map((l) => l.id),
      li,
      li + delta,
    );
    const lesson = module.lessons[li];
    reorderLessons.mutate(
      { moduleId: module.id, ids },
      {
        onSuccess: () => {
          onAnnounce(
            t('studio.movedTo', {
              name: pickText(lesson.title, draft.baseLocale),
              position: li + delta + 1,
              total: ids.length,
            }),
          );
          refocus('lesson', lesson.id, delta);
        },
      },
    );
  };

  return (
    <li className="module-item" aria-labelledby={headingId} data-testid={`module-${index}`}>
      <div className="module-item__head">
        <h3 id={headingId} className="module-item__title">
          <span className="muted">{t('studio.pathModule', { n: index + 1 })}:</span> {name}
        </h3>
        <div className="actions">
          <button
            type="button"
            className="btn btn--small"
            onClick={() => setRenaming((v) => !v)}
            aria-expanded={renaming}
          >
            {t('studio.rename')}
            <span className="visually-hidden"> {name}</span>
          </button>
          <OrderButtons
            idPrefix="module"
            id={module.id}
            name={name}
            index={index}
            count={count}
            moving={moving}
            onMove={onMove}
            onDelete={() => setConfirmDelete(true)}
          />
        </div>
      </div>
      {renaming && <RenameModuleForm draft={draft} module={module} onDone={() => setRenaming(false)} />}
      <Alert kind="error">{reorderLessons.isError && errorMessage(reorderLessons.error)}</Alert>
      {module.lessons.length === 0 ? (
        <p className="muted">{t('studio.noLessons')}</p>
      ) : (
        <ol className="lesson-list">
          {module.lessons.map((lesson, li) => (
            <LessonItem
              key={lesson.id}
              draft={draft}
              lesson={lesson}
              index={li}
              count={module.lessons.length}
              moving={reorderLessons.isPending}
              onMove={(delta) => moveLesson(li, delta)}
            />
          ))}
        </ol>
      )}
      <AddLessonForm draft={draft} module={module} index={index} />
      {confirmDelete && (
        <Modal title={t('studio.deleteModuleTitle')} onClose={() => setConfirmDelete(false)}>
          <div className="stack">
            <p>{t('studio.deleteModuleText', { name, count: module.lessons.length })}</p>
            <Alert kind="error">{remove.isError && errorMessage(remove.error)}</Alert>
            <div className="actions">
              <button
                type="button"
                className="btn btn--danger"
                disabled={remove.isPending}
                onClick={() => remove.mutate(module.id, { onSuccess: () => setConfirmDelete(false) })}
              >
                {t('studio.delete')}
              </button>
              <button type="button" className="btn" onClick={() => setConfirmDelete(false)}>
                {t('common.cancel')}
              </button>
            </div>
          </div>
        </Modal>
      )}
    </li>
  );
}

function RenameModuleForm({
  draft,
  module,
  onDone,
}: {
  draft: CourseDraftDto;
  module: ModuleDraftDto;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const rename = useRenameModule();
  const initial = toTexts(module.title);
  const [title, setTitle] = useState<Texts>(initial);
  const dirty = LOCALES.some((l) => title[l] !== initial[l]);
  useUnsaved(dirty);
  return (
    <form
      className="form form--panel"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        rename.mutate({ id: module.id, title: fromTexts(title) }, { onSuccess: onDone });
      }}
    >
      <Alert kind="error">{rename.isError && errorMessage(rename.error)}</Alert>
      <TitleInputs
        idPrefix={`module-title-${module.id}`}
        value={title}
        onChange={setTitle}
        base={draft.baseLocale}
        testIdPrefix="module-title"
      />
      <div className="actions">
        <button type="submit" className="btn btn--primary" disabled={!dirty || rename.isPending}>
          {t('common.save')}
        </button>
        <button type="button" className="btn" onClick={onDone}>
          {dirty ? t('studio.discardChanges') : t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

function AddLessonForm({
  draft,
  module,
  index,
}: {
  draft: CourseDraftDto;
  module: ModuleDraftDto;
  index: number;
}) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const add = useAddLesson();
  const [open, setOpen] = useState(false);
  const [kind, setKind] = useState<LessonKind>('article');
  const [title, setTitle] = useState<Texts>(emptyTexts);
  const dirty = LOCALES.some((l) => title[l].trim());
  useUnsaved(open && dirty);
  if (!open) {
    return (
      <button
        type="button"
        className="btn btn--small"
        onClick={() => setOpen(true)}
        data-testid={`lesson-add-open-${index}`}
      >
        {t('studio.addLesson')}
      </button>
    );
  }
  return (
    <form
      className="form form--panel"
      noValidate
      aria-label={t('studio.addLessonTo', { name: pickText(module.title, draft.baseLocale) })}
      onSubmit={(e) => {
        e.preventDefault();
        add.mutate(
          { moduleId: module.id, kind, title: fromTexts(title) },
          {
            onSuccess: () => {
              setTitle(emptyTexts());
              setOpen(false);
            },
          },
        );
      }}
    >
      <Alert kind="error">{add.isError && errorMessage(add.error)}</Alert>
      <Field id={`new-lesson-kind-${module.id}`} label={t('studio.lessonKind')}>
        {(props) => (
          <select
            {...props}
            value={kind}
            data-testid="new-lesson-kind"
            onChange={(e) => setKind(e.target.value as LessonKind)}
          >
            {STUDIO_LESSON_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`catalogue.kind_${k}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <TitleInputs
        idPrefix={`new-lesson-${module.id}`}
        value={title}
        onChange={setTitle}
        base={draft.baseLocale}
        testIdPrefix="new-lesson-title"
      />
      <div className="actions">
        <button
          type="submit"
          className="btn btn--primary"
          disabled={!dirty || add.isPending}
          data-testid="lesson-add"
        >
          {t('studio.addLesson')}
        </button>
        <button type="button" className="btn" onClick={() => setOpen(false)}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

function LessonItem({
  draft,
  lesson,
  index,
  count,
  moving,
  onMove,
}: {
  draft: CourseDraftDto;
  lesson: LessonDraftDto;
  index: number;
  count: number;
  moving: boolean;
  onMove: (delta: -1 | 1) => void;
}) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const [editing, setEditing] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const remove = useDeleteLesson();
  const name = pickText(lesson.title, draft.baseLocale) || t('studio.untitled');
  return (
    <li className="lesson-item" data-testid={`lesson-item-${index}`}>
      <div className="lesson-item__head">
        <div className="lesson-item__title">
          <KindLabel kind={lesson.kind} />
          <strong>{name}</strong>
          {lesson.required ? (
            <span className="badge">{t('studio.required')}</span>
          ) : (
            <span className="badge">{t('catalogue.optional')}</span>
          )}
          {lesson.kind === 'quiz' && (
            <span className="badge" data-testid={`lesson-quiz-count-${index}`}>
              {t('quiz.editQuestionCount', { count: lesson.quiz?.questions.length ?? 0 })}
            </span>
          )}
        </div>
        <div className="actions">
          <button
            type="button"
            className="btn btn--small"
            aria-expanded={editing}
            data-testid={`lesson-edit-${index}`}
            onClick={() => setEditing((v) => !v)}
          >
            {editing ? t('studio.closeEditor') : t('studio.edit')}
            <span className="visually-hidden"> {name}</span>
          </button>
          <OrderButtons
            idPrefix="lesson"
            id={lesson.id}
            name={name}
            index={index}
            count={count}
            moving={moving}
            onMove={onMove}
            onDelete={() => setConfirmDelete(true)}
          />
        </div>
      </div>
      {editing && <LessonEditor draft={draft} lesson={lesson} onClose={() => setEditing(false)} />}
      {confirmDelete && (
        <Modal title={t('studio.deleteLessonTitle')} onClose={() => setConfirmDelete(false)}>
          <div className="stack">
            <p>{t('studio.deleteLessonText', { name })}</p>
            <Alert kind="error">{remove.isError && errorMessage(remove.error)}</Alert>
            <div className="actions">
              <button
                type="button"
                className="btn btn--danger"
                disabled={remove.isPending}
                onClick={() => remove.mutate(lesson.id, { onSuccess: () => setConfirmDelete(false) })}
              >
                {t('studio.delete')}
              </button>
              <button type="button" className="btn" onClick={() => setConfirmDelete(false)}>
                {t('common.cancel')}
              </button>
            </div>
          </div>
        </Modal>
      )}
    </li>
  );
}
