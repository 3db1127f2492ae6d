import {
  LOCALES,
  QUESTION_TYPES,
  QUIZ_MAX_OPTIONS,
  type Locale,
  type QuestionType,
} from '@academy/contracts';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../../components/Field';
import { languageLabel } from '../studio/StudioBits';
import {
  moveItem,
  newOption,
  newQuestion,
  withCorrect,
  withType,
  type OptionForm,
  type QuestionForm,
  type QuizForm,
  type Texts,
} from './quiz-form';
import './quiz.css';

/** Translates a quiz field error: quiz-specific wording first, then the shared field codes. */
function useQuizErrorText(): (code: string | undefined, where?: 'options') => string | undefined {
  const { t, i18n } = useTranslation();
  return useCallback(
    (code, where) => {
      if (!code) return undefined;
      // The API names option problems with generic codes: say what to do instead.
      const specific =
        where === 'options' && code === 'TOO_SHORT'
          ? 'QUIZ_TWO_OPTIONS'
          : where === 'options' && code === 'INVALID'
            ? 'QUIZ_ONE_CORRECT'
            : code;
      if (i18n.exists(`quiz.error_${specific}`)) return t(`quiz.error_${specific}`);
      return i18n.exists(`errors.${code}`) ? t(`errors.${code}`) : code;
    },
    [t, i18n],
  );
}

function focusLater(id: string) {
  requestAnimationFrame(() => {
    const el = document.getElementById(id) as HTMLButtonElement | HTMLInputElement | null;
    if (el && !el.disabled) el.focus();
  });
}

/**
 * The studio's quiz editor: settings, then questions with both languages side by side. Controlled:
 * the lesson editor holds the form, saves it and passes the field errors (keys from quiz-form.ts).
 */
export function QuizEditor({
  idPrefix,
  form,
  onChange,
  errors,
  base,
}: {
  idPrefix: string;
  form: QuizForm;
  onChange: (update: (form: QuizForm) => QuizForm) => void;
  errors: Record<string, string>;
  base: Locale;
}) {
  const { t } = useTranslation();
  const errorText = useQuizErrorText();
  const [removed, setRemoved] = useState<{ question: QuestionForm; index: number } | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const id = (name: string) => `${idPrefix}-${name}`;
  const set = <K extends keyof QuizForm>(key: K, value: QuizForm[K]) =>
    onChange((prev) => ({ ...prev, [key]: value }));
  const setQuestion = (key: string, update: (q: QuestionForm) => QuestionForm) =>
    onChange((prev) => ({ ...prev, questions: prev.questions.map((q) => (q.key === key ? update(q) : q)) }));
  const count = form.questions.length;

  const addQuestion = () => {
    const question = newQuestion();
    setRemoved(null);
    onChange((prev) => ({ ...prev, questions: [...prev.questions, question] }));
    focusLater(id(`q-${question.key}-text-${base}`));
  };
  const moveQuestion = (index: number, delta: -1 | 1) => {
    const question = form.questions[index];
    onChange((prev) => ({ ...prev, questions: moveItem(prev.questions, index, index + delta) }));
    setAnnouncement(t('quiz.editMoved', { n: index + 1, position: index + delta + 1, total: count }));
    const [same, other] = delta < 0 ? ['up', 'down'] : ['down', 'up'];
    const sameId = id(`q-${question.key}-${same}`);
    requestAnimationFrame(() => {
      const el = document.getElementById(sameId) as HTMLButtonElement | null;
      if (el && !el.disabled) el.focus();
      else document.getElementById(id(`q-${question.key}-${other}`))?.focus();
    });
  };
  const removeQuestion = (index: number) => {
    const question = form.questions[index];
    onChange((prev) => ({ ...prev, questions: prev.questions.filter((q) => q.key !== question.key) }));
    setRemoved({ question, index });
    setAnnouncement('');
    focusLater(id('undo'));
  };
  const undo = () => {
    if (!removed) return;
    const { question, index } = removed;
    onChange((prev) => {
      const questions = [...prev.questions];
      questions.splice(Math.min(index, questions.length), 0, question);
      return { ...prev, questions };
    });
    setRemoved(null);
    setAnnouncement(t('quiz.editRestored', { n: index + 1 }));
    focusLater(id(`q-${question.key}-remove`));
  };

  return (
    <div className="quiz-editor" data-testid="quiz-editor">
      <fieldset className="fieldset">
        <legend>{t('quiz.editSettings')}</legend>
        <div className="quiz-editor__settings">
          <Field
            id={id('pass-mark')}
            label={t('quiz.editPassMark')}
            hint={t('quiz.editPassMarkHint')}
            error={errorText(errors['settings.passMarkPct'])}
          >
            {(props) => (
              <input
                {...props}
                type="number"
                min={0}
                max={100}
                inputMode="numeric"
                value={form.passMarkPct}
                data-testid="quiz-pass-mark"
                onChange={(e) => set('passMarkPct', e.target.value)}
              />
            )}
          </Field>
          <div className="stack">
            <Field
              id={id('attempts')}
              label={t('quiz.editAttempts')}
              hint={t('quiz.editAttemptsHint')}
              error={errorText(errors['settings.attemptsAllowed'])}
            >
              {(props) => (
                <input
                  {...props}
                  type="number"
                  min={1}
                  max={100}
                  inputMode="numeric"
                  value={form.attemptsUnlimited ? '' : form.attemptsAllowed}
                  disabled={form.attemptsUnlimited}
                  data-testid="quiz-attempts"
                  onChange={(e) => set('attemptsAllowed', e.target.value)}
                />
              )}
            </Field>
            <label className="check" htmlFor={id('unlimited')}>
              <input
                id={id('unlimited')}
                type="checkbox"
                checked={form.attemptsUnlimited}
                data-testid="quiz-unlimited"
                onChange={(e) => {
                  const unlimited = e.target.checked;
                  onChange((prev) => ({
                    ...prev,
                    attemptsUnlimited: unlimited,
                    attemptsAllowed: unlimited ? '' : prev.attemptsAllowed || '3',
                  }));
                }}
              />
              {t('quiz.editUnlimited')}
            </label>
          </div>
          <Field
            id={id('draw')}
            label={t('quiz.editDrawCount')}
            hint={t('quiz.editDrawCountHint', { count })}
            error={errorText(errors['settings.drawCount'])}
          >
            {(props) => (
              <input
                {...props}
                type="number"
                min={1}
                inputMode="numeric"
                value={form.drawCount}
                data-testid="quiz-draw"
                onChange={(e) => set('drawCount', e.target.value)}
              />
            )}
          </Field>
          <Field
            id={id('time')}
            label={t('quiz.editTimeLimit')}
            hint={t('quiz.editTimeLimitHint')}
            error={errorText(errors['settings.timeLimitS'])}
          >
            {(props) => (
              <input
                {...props}
                type="number"
                min={1}
                max={1440}
                inputMode="numeric"
                value={form.timeLimitMin}
                data-testid="quiz-time-limit"
                onChange={(e) => set('timeLimitMin', e.target.value)}
              />
            )}
          </Field>
        </div>
        <div className="checks">
          <label className="check" htmlFor={id('shuffle-questions')}>
            <input
              id={id('shuffle-questions')}
              type="checkbox"
              checked={form.shuffleQuestions}
              onChange={(e) => set('shuffleQuestions', e.target.checked)}
            />
            {t('quiz.editShuffleQuestions')}
          </label>
          <label className="check" htmlFor={id('shuffle-options')}>
            <input
              id={id('shuffle-options')}
              type="checkbox"
              checked={form.shuffleOptions}
              onChange={(e) => set('shuffleOptions', e.target.checked)}
            />
            {t('quiz.editShuffleOptions')}
          </label>
        </div>
      </fieldset>

      <h4 id={id('questions-heading')}>{t('quiz.editQuestions', { count })}</h4>
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
      <div role="status" className="alert-region">
        {removed && (
          <div className="alert alert--info quiz-editor__undo" data-testid="quiz-undo">
            <span>{t('quiz.editRemoved', { n: removed.index + 1 })}</span>
            <button type="button" id={id('undo')} className="btn btn--small" onClick={undo}>
              {t('quiz.editUndo')}
            </button>
          </div>
        )}
      </div>
      {count === 0 ? (
        <p className="muted">{t('quiz.editNoQuestions')}</p>
      ) : (
        <ol className="quiz-editor__questions" aria-labelledby={id('questions-heading')}>
          {form.questions.map((question, index) => (
            <li key={question.key}>
              <QuestionEditor
                idPrefix={id(`q-${question.key}`)}
                question={question}
                index={index}
                count={count}
                base={base}
                errors={errors}
                onChange={(update) => setQuestion(question.key, update)}
                onMove={(delta) => moveQuestion(index, delta)}
                onRemove={() => removeQuestion(index)}
              />
            </li>
          ))}
        </ol>
      )}
      {errors.questions && <p className="field__error">{errorText(errors.questions)}</p>}
      <button type="button" className="btn" onClick={addQuestion} data-testid="quiz-add-question">
        {t('quiz.editAddQuestion')}
      </button>
    </div>
  );
}

function TextPair({
  idPrefix,
  label,
  value,
  onChange,
  base,
  errors,
  rows,
  testId,
}: {
  idPrefix: string;
  label: (language: string) => string;
  value: Texts;
  onChange: (value: Texts) => void;
  base: Locale;
  errors: Partial<Record<Locale, string | undefined>>;
  /** Multi-line when given. */
  rows?: number;
  testId: string;
}) {
  const { t } = useTranslation();
  return (
    <div className="side-by-side">
      {LOCALES.map((l) => (
        <Field key={l} id={`${idPrefix}-${l}`} label={label(languageLabel(t, l, base))} error={errors[l]}>
          {(props) =>
            rows ? (
              <textarea
                {...props}
                lang={l}
                rows={rows}
                value={value[l]}
                data-testid={`${testId}-${l}`}
                onChange={(e) => onChange({ ...value, [l]: e.target.value })}
              />
            ) : (
              <input
                {...props}
                lang={l}
                value={value[l]}
                data-testid={`${testId}-${l}`}
                onChange={(e) => onChange({ ...value, [l]: e.target.value })}
              />
            )
          }
        </Field>
      ))}
    </div>
  );
}

function QuestionEditor({
  idPrefix,
  question,
  index,
  count,
  base,
  errors,
  onChange,
  onMove,
  onRemove,
}: {
  idPrefix: string;
  question: QuestionForm;
  index: number;
  count: number;
  base: Locale;
  errors: Record<string, string>;
  onChange: (update: (q: QuestionForm) => QuestionForm) => void;
  onMove: (delta: -1 | 1) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const errorText = useQuizErrorText();
  const path = `questions.${index}`;
  const n = index + 1;
  const name = t('quiz.editQuestionN', { n });
  const invalid = Object.keys(errors).some((key) => key === path || key.startsWith(`${path}.`));
  const textErrors = (field: string) =>
    Object.fromEntries(
      LOCALES.map((l) => [l, errorText(errors[`${path}.${field}.${l}`] ?? errors[`${path}.${field}`])]),
    );
  const setOption = (key: string, update: (o: OptionForm) => OptionForm) =>
    onChange((q) => ({ ...q, options: q.options.map((o) => (o.key === key ? update(o) : o)) }));
  const optionsError = errorText(errors[`${path}.options`], 'options');

  return (
    <section
      className={`quiz-editor__question${invalid ? ' quiz-editor__question--invalid' : ''}`}
      aria-labelledby={`${idPrefix}-heading`}
      data-testid={`quiz-question-editor-${index}`}
    >
      <div className="quiz-editor__question-head">
        <h4 id={`${idPrefix}-heading`}>{name}</h4>
        <div className="actions">
          <button
            id={`${idPrefix}-up`}
            type="button"
            className="btn btn--small"
            disabled={index === 0}
            onClick={() => onMove(-1)}
          >
            <span aria-hidden="true">↑ </span>
            {t('studio.moveUp')}
            <span className="visually-hidden"> {name}</span>
          </button>
          <button
            id={`${idPrefix}-down`}
            type="button"
            className="btn btn--small"
            disabled={index === count - 1}
            onClick={() => onMove(1)}
          >
            <span aria-hidden="true">↓ </span>
            {t('studio.moveDown')}
            <span className="visually-hidden"> {name}</span>
          </button>
          <button
            id={`${idPrefix}-remove`}
            type="button"
            className="btn btn--small btn--danger"
            onClick={onRemove}
            data-testid={`quiz-remove-question-${index}`}
          >
            {t('quiz.editRemoveQuestion')}
            <span className="visually-hidden"> {name}</span>
          </button>
        </div>
      </div>
      <div className="quiz-editor__row">
        <Field id={`${idPrefix}-type`} label={t('quiz.editType')}>
          {(props) => (
            <select
              {...props}
              value={question.type}
              data-testid={`quiz-type-${index}`}
              onChange={(e) => onChange((q) => withType(q, e.target.value as QuestionType))}
            >
              {QUESTION_TYPES.map((type) => (
                <option key={type} value={type}>
                  {t(`quiz.type_${type}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          id={`${idPrefix}-points`}
          label={t('quiz.editPoints')}
          error={errorText(errors[`${path}.points`])}
        >
          {(props) => (
            <input
              {...props}
              type="number"
              min={1}
              max={100}
              inputMode="numeric"
              value={question.points}
              data-testid={`quiz-points-${index}`}
              onChange={(e) => {
                const points = e.target.value;
                onChange((q) => ({ ...q, points }));
              }}
            />
          )}
        </Field>
      </div>
      <TextPair
        idPrefix={`${idPrefix}-text`}
        label={(language) => t('quiz.editQuestionText', { language })}
        value={question.text}
        onChange={(text) => onChange((q) => ({ ...q, text }))}
        base={base}
        errors={textErrors('text')}
        rows={2}
        testId={`quiz-text-${index}`}
      />
      {question.type === 'true_false' ? (
        <fieldset
          className="fieldset"
          aria-describedby={optionsError ? `${idPrefix}-options-error` : undefined}
        >
          <legend>{t('quiz.editCorrectAnswer')}</legend>
          <div className="checks">
            {([true, false] as const).map((value) => (
              <label key={String(value)} className="check">
                <input
                  type="radio"
                  name={`${idPrefix}-answer`}
                  checked={question.answer === value}
                  data-testid={`quiz-answer-${index}-${value}`}
                  onChange={() => onChange((q) => ({ ...q, answer: value }))}
                />
                {value ? t('quiz.true') : t('quiz.false')}
              </label>
            ))}
          </div>
          {optionsError && (
            <p className="field__error" id={`${idPrefix}-options-error`}>
              {optionsError}
            </p>
          )}
        </fieldset>
      ) : (
        <fieldset
          className="fieldset"
          aria-describedby={optionsError ? `${idPrefix}-options-error` : undefined}
        >
          <legend>{t('quiz.editOptions')}</legend>
          <p className="field__hint">
            {question.type === 'single' ? t('quiz.editOptionsHintSingle') : t('quiz.editOptionsHintMultiple')}
          </p>
          <ol className="quiz-editor__options">
            {question.options.map((option, o) => {
              const optionName = t('quiz.editOptionN', { n: o + 1 });
              return (
                <li
                  key={option.key}
                  className="quiz-editor__option"
                  data-testid={`quiz-option-${index}-${o}`}
                >
                  <TextPair
                    idPrefix={`${idPrefix}-option-${option.key}`}
                    label={(language) => `${optionName}, ${language}`}
                    value={option.text}
                    onChange={(text) => setOption(option.key, (prev) => ({ ...prev, text }))}
                    base={base}
                    errors={Object.fromEntries(
                      LOCALES.map((l) => [l, errorText(errors[`${path}.options.${o}.text.${l}`])]),
                    )}
                    testId={`quiz-option-text-${index}-${o}`}
                  />
                  <div className="quiz-editor__option-tools">
                    <label className="check">
                      <input
                        type={question.type === 'single' ? 'radio' : 'checkbox'}
                        name={`${idPrefix}-correct`}
                        checked={option.correct}
                        data-testid={`quiz-correct-${index}-${o}`}
                        onChange={(e) => onChange((q) => withCorrect(q, option.key, e.target.checked))}
                      />
                      {t('quiz.editCorrect')}
                      <span className="visually-hidden"> ({optionName})</span>
                    </label>
                    <button
                      type="button"
                      className="btn btn--small btn--ghost"
                      disabled={question.options.length <= 2}
                      onClick={() =>
                        onChange((q) => ({ ...q, options: q.options.filter((x) => x.key !== option.key) }))
                      }
                    >
                      {t('quiz.editRemoveOption')}
                      <span className="visually-hidden"> {optionName}</span>
                    </button>
                  </div>
                </li>
              );
            })}
          </ol>
          {optionsError && (
            <p className="field__error" id={`${idPrefix}-options-error`}>
              {optionsError}
            </p>
          )}
          <button
            type="button"
            className="btn btn--small"
            disabled={question.options.length >= QUIZ_MAX_OPTIONS}
            data-testid={`quiz-add-option-${index}`}
            onClick={() => {
              const option = newOption();
              onChange((q) => ({ ...q, options: [...q.options, option] }));
              focusLater(`${idPrefix}-option-${option.key}-${base}`);
            }}
          >
            {t('quiz.editAddOption')}
          </button>
        </fieldset>
      )}
      <TextPair
        idPrefix={`${idPrefix}-explanation`}
        label={(language) => t('quiz.editExplanation', { language })}
        value={question.explanation}
        onChange={(explanation) => onChange((q) => ({ ...q, explanation }))}
        base={base}
        errors={textErrors('explanation')}
        rows={2}
        testId={`quiz-explanation-${index}`}
      />
    </section>
  );
}
