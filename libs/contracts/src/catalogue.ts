import type { Locale, LocalizedText } from './locales.js';
import type { QuizDefinition } from './quiz.js';

/** Lesson kinds the API accepts now; more (scorm) can be added without a schema change. */
export const LESSON_KINDS = ['video', 'document', 'article', 'quiz'] as const;
export type LessonKind = (typeof LESSON_KINDS)[number];

export const COURSE_STATUSES = ['draft', 'published', 'archived'] as const;
export type CourseStatus = (typeof COURSE_STATUSES)[number];

export const COURSE_AUDIENCES = ['region', 'administrations'] as const;
export type CourseAudience = (typeof COURSE_AUDIENCES)[number];

/** Text resolved for a reader, with the language it is actually in (null when none exists). */
export interface ResolvedText {
  text: string;
  locale: Locale | null;
}

// ---- authoring (author role) ----

export interface CourseDraftDto {
  id: string;
  code: string;
  baseLocale: Locale;
  title: LocalizedText;
  summary: LocalizedText;
  topics: string[];
  estimatedMinutes: number | null;
  coverAssetId: string | null;
  status: CourseStatus;
  audience: CourseAudience;
  audienceOrganisationIds: string[];
  /** Learners may enrol themselves (and leave again); otherwise only coordinators' assignments enrol. */
  selfEnrolment: boolean;
  version: number;
  publishedAt: string | null;
  updatedAt: string;
  hasUnpublishedChanges: boolean;
  modules: ModuleDraftDto[];
  translation: TranslationReport;
}

export interface ModuleDraftDto {
  id: string;
  position: number;
  title: LocalizedText;
  lessons: LessonDraftDto[];
}

export interface LessonVariantDto {
  body: string | null;
  mediaAssetId: string | null;
  captionsAssetId: string | null;
}

export interface LessonDraftDto {
  id: string;
  position: number;
  kind: LessonKind;
  title: LocalizedText;
  required: boolean;
  estimatedMinutes: number | null;
  /**
   * Videos: share of the duration to watch for completion, 0.1..1; null means
   * DEFAULT_COMPLETION_THRESHOLD (progress.ts). Taken from the published version.
   */
  completionThreshold: number | null;
  variants: Partial<Record<Locale, LessonVariantDto>>;
  /** Quizzes: questions (with the correct answers: authors only) and settings; null for other kinds. */
  quiz: QuizDefinition | null;
}

/** Per language: complete or not, and what is missing (paths such as "title", "modules[0].lessons[1].body"). */
export interface TranslationReport {
  completeness: Record<Locale, number>;
  completeLocales: Locale[];
  missing: Record<Locale, string[]>;
}

export interface PublishProblem {
  code:
    | 'BASE_LOCALE_INCOMPLETE'
    | 'REQUIRED_LESSON_EMPTY'
    | 'NO_LESSONS'
    | 'QUIZ_NO_QUESTIONS'
    | 'QUIZ_NO_CORRECT_ANSWER'
    | 'QUIZ_DRAW_TOO_LARGE';
  path: string;
}

export interface PublishResult {
  version: number;
  publishedAt: string;
  missingTranslations: Record<Locale, string[]>;
}

// ---- catalogue (learners) ----

export interface CatalogueItemDto {
  id: string;
  code: string;
  title: ResolvedText;
  summary: ResolvedText;
  topics: string[];
  estimatedMinutes: number | null;
  coverUrl: string | null;
  completeLocales: Locale[];
  translationCompleteness: Record<Locale, number>;
  version: number;
}

export interface CatalogueQuery {
  q?: string;
  topic?: string;
  language?: Locale;
  locale?: Locale;
  page?: number;
  pageSize?: number;
}

export interface CourseOutlineDto extends CatalogueItemDto {
  contentLocale: Locale;
  baseLocale: Locale;
  /** Learners may enrol themselves (POST /api/courses/:id/enrolment); otherwise by assignment only. */
  selfEnrolment: boolean;
  modules: {
    id: string;
    title: ResolvedText;
    lessons: {
      id: string;
      kind: LessonKind;
      title: ResolvedText;
      required: boolean;
      durationS: number | null;
      estimatedMinutes: number | null;
    }[];
  }[];
}

export interface LessonContentDto {
  id: string;
  courseId: string;
  kind: LessonKind;
  title: ResolvedText;
  contentLocale: Locale;
  /** Sanitised HTML of an article, in `bodyLocale`. */
  html: string | null;
  bodyLocale: Locale | null;
  media: {
    url: string;
    mime: string;
    locale: Locale;
    durationS: number | null;
    filename: string;
    /** HLS master playlist (GET /api/media/:id/hls/master.m3u8) once renditions are ready, else null. */
    hlsUrl: string | null;
    /** Poster image made by the transcoding job, else null. */
    posterUrl: string | null;
  } | null;
  captions: { locale: Locale; url: string }[];
}
