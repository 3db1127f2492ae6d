import type {
  LessonKind,
  Locale,
  LocalizedText,
  QuizDefinition,
  TranslationReport,
} from '@academy/contracts';

/** The snapshot stored in course_versions.content at publication: everything learners are shown. */
export interface PublishedCourse {
  code: string;
  baseLocale: Locale;
  title: LocalizedText;
  summary: LocalizedText;
  topics: string[];
  estimatedMinutes: number | null;
  coverAssetId: string | null;
  translation: TranslationReport;
  modules: {
    id: string;
    title: LocalizedText;
    lessons: {
      id: string;
      kind: LessonKind;
      title: LocalizedText;
      required: boolean;
      estimatedMinutes: number | null;
      durationS: number | null;
      /** Share of the video to watch for completion; null (or absent in versions published before it existed) = default. */
      completionThreshold?: number | null;
      /**
       * Quiz lessons: the whole quiz, correct answers included. Only the quizzes module reads it; no
       * learner response may copy a lesson from here wholesale.
       */
      quiz?: QuizDefinition;
      variants: Partial<
        Record<Locale, { html: string | null; mediaAssetId: string | null; captionsAssetId: string | null }>
      >;
    }[];
  }[];
}
