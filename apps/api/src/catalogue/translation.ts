import {
  LOCALES,
  type LessonKind,
  type Locale,
  type LocalizedText,
  type QuizDefinition,
  type TranslationReport,
} from '@academy/contracts';
import { quizTexts } from './quiz-definition.js';

/** The translatable shape of a course, whether a draft or a published snapshot. */
export interface TranslatableCourse {
  title: LocalizedText;
  summary: LocalizedText;
  modules: {
    title: LocalizedText;
    lessons: {
      kind: LessonKind | string;
      title: LocalizedText;
      variants: Partial<
        Record<
          Locale,
          {
            body?: string | null;
            html?: string | null;
            mediaAssetId: string | null;
            captionsAssetId: string | null;
          }
        >
      >;
      /** Quiz lessons (absent or null for other kinds). */
      quiz?: QuizDefinition | null;
    }[];
  }[];
}

const has = (text: LocalizedText | undefined, locale: Locale) => Boolean(text?.[locale]?.trim());

/**
 * Whether a lesson's content exists in a language: an article needs its body; a video or document needs
 * a file in that language, or a file in another language plus captions in this one; a quiz needs
 * questions, each with its text, its options' texts and (when written at all) its explanation.
 */
export function lessonContentIn(
  lesson: TranslatableCourse['modules'][number]['lessons'][number],
  locale: Locale,
): boolean {
  if (lesson.kind === 'quiz') {
    return (
      Boolean(lesson.quiz?.questions.length) && quizTexts(lesson.quiz!).every((t) => has(t.text, locale))
    );
  }
  const variant = lesson.variants[locale];
  if (lesson.kind === 'article') return Boolean((variant?.body ?? variant?.html)?.trim());
  if (variant?.mediaAssetId) return true;
  const anyMedia = LOCALES.some((other) => lesson.variants[other]?.mediaAssetId);
  return lesson.kind === 'video' && anyMedia && Boolean(variant?.captionsAssetId);
}

export function lessonHasAnyContent(
  lesson: TranslatableCourse['modules'][number]['lessons'][number],
): boolean {
  return LOCALES.some((locale) => lessonContentIn(lesson, locale));
}

/** Per language: which translatable pieces exist, as a share and as a list of missing paths. */
export function translationReport(course: TranslatableCourse): TranslationReport {
  const missing = Object.fromEntries(LOCALES.map((l) => [l, [] as string[]])) as Record<Locale, string[]>;
  let total = 0;
  const check = (ok: (locale: Locale) => boolean, path: string) => {
    total++;
    for (const locale of LOCALES) if (!ok(locale)) missing[locale].push(path);
  };
  check((l) => has(course.title, l), 'title');
  check((l) => has(course.summary, l), 'summary');
  course.modules.forEach((module, m) => {
    check((l) => has(module.title, l), `modules[${m}].title`);
    module.lessons.forEach((lesson, i) => {
      check((l) => has(lesson.title, l), `modules[${m}].lessons[${i}].title`);
      if (lesson.kind === 'quiz') {
        // Whether there are questions at all, then each text on its own so the report names it.
        check(() => Boolean(lesson.quiz?.questions.length), `modules[${m}].lessons[${i}].content`);
        for (const { path, text } of lesson.quiz ? quizTexts(lesson.quiz) : []) {
          check((l) => has(text, l), `modules[${m}].lessons[${i}].${path}`);
        }
      } else {
        check((l) => lessonContentIn(lesson, l), `modules[${m}].lessons[${i}].content`);
      }
    });
  });
  const completeness = Object.fromEntries(
    LOCALES.map((l) => [l, total === 0 ? 0 : Math.round(((total - missing[l].length) / total) * 100)]),
  ) as Record<Locale, number>;
  return { completeness, completeLocales: LOCALES.filter((l) => missing[l].length === 0), missing };
}
