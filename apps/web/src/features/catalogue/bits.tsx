import { isLocale, LOCALES, type LessonKind, type Locale, type ResolvedText } from '@academy/contracts';
import { useCallback, useEffect } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { currentLocale } from '../../i18n';

const COURSE_LOCALE_KEY = 'academy.courseLocale.';

function readCourseLocale(courseId: string): Locale | null {
  try {
    const stored = localStorage.getItem(COURSE_LOCALE_KEY + courseId);
    return isLocale(stored) ? stored : null;
  } catch {
    return null;
  }
}

function writeCourseLocale(courseId: string, locale: Locale): void {
  try {
    localStorage.setItem(COURSE_LOCALE_KEY + courseId, locale);
  } catch {
    // storage unavailable; the choice lasts while ?locale= stays in the address
  }
}

/**
 * The language a learner reads one course in: `?locale=` in the address, else the last choice for this
 * course (kept in this browser), else the interface language. Choosing sets both.
 */
export function useCourseLocale(courseId: string): [Locale, (locale: Locale) => void] {
  const [params, setParams] = useSearchParams();
  const fromUrl = params.get('locale');
  const locale: Locale = isLocale(fromUrl) ? fromUrl : (readCourseLocale(courseId) ?? currentLocale());
  useEffect(() => {
    if (isLocale(fromUrl)) writeCourseLocale(courseId, fromUrl);
  }, [courseId, fromUrl]);
  const choose = useCallback(
    (next: Locale) => {
      writeCourseLocale(courseId, next);
      setParams(
        (prev) => {
          const out = new URLSearchParams(prev);
          out.set('locale', next);
          return out;
        },
        { replace: true },
      );
    },
    [courseId, setParams],
  );
  return [locale, choose];
}

/** A select of content languages, labelled. */
export function ContentLocalePicker({
  id,
  value,
  onChange,
  label,
  testId,
}: {
  id: string;
  value: Locale;
  onChange: (locale: Locale) => void;
  label?: string;
  testId?: string;
}) {
  const { t } = useTranslation();
  return (
    <div className="filters__field">
      <label htmlFor={id}>{label ?? t('catalogue.contentLanguage')}</label>
      <select
        id={id}
        value={value}
        data-testid={testId}
        onChange={(e) => {
          if (isLocale(e.target.value)) onChange(e.target.value);
        }}
      >
        {LOCALES.map((l) => (
          <option key={l} value={l} lang={l}>
            {t(`languages.${l}`)}
          </option>
        ))}
      </select>
    </div>
  );
}

/** "Shown in English" when text is in another language than the one asked for. */
export function FallbackNote({ shown, wanted }: { shown: Locale | null | undefined; wanted: Locale }) {
  const { t } = useTranslation();
  if (!shown || shown === wanted) return null;
  return (
    <span className="fallback-note" data-testid="fallback-note">
      {t(`catalogue.shownIn_${shown}`)}
    </span>
  );
}

/** Text resolved for a reader, with `lang` set when it is in a language other than the page's. */
export function ResolvedSpan({ text, className }: { text: ResolvedText; className?: string }) {
  return (
    <span className={className} lang={text.locale ?? undefined}>
      {text.text}
    </span>
  );
}

/** "EN ✓" for a complete language, "RU 60%" otherwise. */
export function LanguageBadges({
  completeness,
  completeLocales,
}: {
  completeness: Record<Locale, number>;
  completeLocales: Locale[];
}) {
  const { t } = useTranslation();
  return (
    <span className="badges" data-testid="language-badges">
      {LOCALES.map((l) => {
        const complete = completeLocales.includes(l);
        const percent = completeness[l] ?? 0;
        return (
          <span
            key={l}
            className={`badge ${complete ? 'badge--active' : percent > 0 ? 'badge--pending' : ''}`}
            title={complete ? t('catalogue.completeIn', { language: t(`languages.${l}`) }) : undefined}
          >
            <span aria-hidden="true">
              {l.toUpperCase()} {complete ? '✓' : `${percent}%`}
            </span>
            <span className="visually-hidden">
              {complete
                ? t('catalogue.completeIn', { language: t(`languages.${l}`) })
                : t('catalogue.partialIn', { language: t(`languages.${l}`), percent })}
            </span>
          </span>
        );
      })}
    </span>
  );
}

const KIND_ICONS: Record<LessonKind, string> = { video: '▶', document: '▤', article: '¶', quiz: '?' };

/** Icon plus visible text for a lesson kind. */
export function KindLabel({ kind }: { kind: LessonKind }) {
  const { t } = useTranslation();
  return (
    <span className={`kind kind--${kind}`}>
      <span className="kind__icon" aria-hidden="true">
        {KIND_ICONS[kind]}
      </span>
      {t(`catalogue.kind_${kind}`)}
    </span>
  );
}

/** "45 min", "1 h 20 min" */
export function useDuration(): (minutes: number | null | undefined) => string {
  const { t } = useTranslation();
  return useCallback(
    (minutes) => {
      if (!minutes || minutes <= 0) return '';
      const h = Math.floor(minutes / 60);
      const m = minutes % 60;
      if (h === 0) return t('catalogue.minutes', { count: m });
      if (m === 0) return t('catalogue.hours', { count: h });
      return t('catalogue.hoursMinutes', { h, m });
    },
    [t],
  );
}

/** Minutes of a lesson: its media duration if known, else the author's estimate. */
export function lessonMinutes(lesson: {
  durationS: number | null;
  estimatedMinutes: number | null;
}): number | null {
  if (lesson.durationS) return Math.max(1, Math.round(lesson.durationS / 60));
  return lesson.estimatedMinutes;
}
