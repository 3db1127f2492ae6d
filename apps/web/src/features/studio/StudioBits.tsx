import { LOCALES, type CourseStatus, type Locale, type PublishProblem } from '@academy/contracts';
import { useCallback } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';

export function CourseStatusBadge({ status }: { status: CourseStatus }) {
  const { t } = useTranslation();
  const kind = status === 'published' ? 'active' : status === 'archived' ? 'disabled' : 'pending';
  return (
    <span className={`badge badge--${kind}`} data-testid="course-status">
      {t(`studio.status_${status}`)}
    </span>
  );
}

/** "EN 100% · RU 60%" with the base language marked. */
export function CompletenessText({
  completeness,
  baseLocale,
}: {
  completeness: Record<Locale, number>;
  baseLocale: Locale;
}) {
  const { t } = useTranslation();
  return (
    <span className="badges">
      {LOCALES.map((l) => (
        <span key={l} className={`badge ${completeness[l] === 100 ? 'badge--active' : ''}`}>
          {t('studio.completenessBadge', { language: l.toUpperCase(), percent: completeness[l] ?? 0 })}
          {l === baseLocale && <span className="visually-hidden"> ({t('studio.baseLanguage')})</span>}
        </span>
      ))}
    </span>
  );
}

/**
 * Makes an API path readable: "modules[0].lessons[1].content" → "Module 1 › Lesson 2: content",
 * "modules[0].lessons[3].quiz.questions[1].options[2]" → "Module 1 › Lesson 4 › Quiz › Question 2 › Option 3".
 */
export function useReadablePath(): (path: string) => string {
  const { t } = useTranslation();
  return useCallback(
    (path: string) => {
      const parts: string[] = [];
      let field = '';
      for (const segment of path.split('.')) {
        const match = /^(modules|lessons|questions|options)\[(\d+)\]$/.exec(segment);
        if (match) {
          const n = Number(match[2]) + 1;
          const kind = { modules: 'Module', lessons: 'Lesson', questions: 'Question', options: 'Option' }[
            match[1] as 'modules' | 'lessons' | 'questions' | 'options'
          ];
          parts.push(t(`studio.path${kind}`, { n }));
        } else if (segment === 'quiz' || segment === 'settings') {
          // "quiz.settings.drawCount" reads as "Quiz: questions drawn"
          if (segment === 'quiz') parts.push(t('studio.pathQuiz'));
        } else {
          field = segment;
        }
      }
      const fieldKey = `studio.pathField_${field}`;
      const fieldText = field ? t(fieldKey, { defaultValue: field }) : '';
      if (parts.length === 0) return fieldText;
      return fieldText ? `${parts.join(' › ')}: ${fieldText}` : parts.join(' › ');
    },
    [t],
  );
}

export function isPublishProblems(value: unknown): value is PublishProblem[] {
  return (
    Array.isArray(value) &&
    value.every((p) => p && typeof p === 'object' && typeof (p as PublishProblem).code === 'string')
  );
}

export function languageLabel(t: TFunction, l: Locale, base: Locale): string {
  const language = t(`languages.${l}`);
  return l === base ? t('studio.languageBase', { language }) : language;
}
