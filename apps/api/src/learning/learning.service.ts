import { Injectable } from '@nestjs/common';
import {
  resolveText,
  type ContinueTarget,
  type EnrolmentDto,
  type EnrolmentSource,
  type LessonCompletionResultDto,
  type LessonStatus,
  type Locale,
  type LocalizedText,
  type MyLearningDto,
  type MyLearningItemDto,
} from '@academy/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import { visibleToSql } from '../catalogue/course-visibility.js';
import { AppException } from '../common/app.exception.js';
import { preparedQuery } from '../database/prepared-query.js';
import { Clock } from '../common/clock.js';
import type { AuthUser } from '../identity/auth-user.js';
import { markLessonCompleted, recountEnrolment } from '../progress/lesson-completion.js';
import { ProgressService } from '../progress/progress.service.js';
import { PublishedLessonsService, type PublishedLessons } from '../progress/published-lessons.js';
import { ENROLMENT_COLUMNS, myLearningSql, OPEN_LESSONS_SQL } from './learning-sql.js';

/** Lesson kinds a learner completes by opening them (docs/adr/0007-lesson-completion.md). */
const COMPLETED_BY_OPENING = new Set(['document', 'article']);

interface EnrolmentRow {
  course_id: string;
  source: EnrolmentSource;
  status: LessonStatus;
  progress_pct: number;
  completed_lessons: number;
  required_lessons: number;
  /** ISO 8601 (ENROLMENT_COLUMNS). */
  due_at: string | null;
  assigned_at: string | null;
  created_at: string;
  started_at: string | null;
  completed_at: string | null;
  last_activity_at: string | null;
}

interface LearningRow extends EnrolmentRow {
  code: string;
  version_id: string;
  title: LocalizedText;
  base_locale: Locale;
  available: boolean;
  certificate_id: string | null;
  certificate_code: string | null;
  certificate_revoked: boolean | null;
}

interface LessonRow {
  course_id: string;
  lesson_id: string;
  status: LessonStatus;
  position_s: number;
}

const time = (value: string | null) => (value ? Date.parse(value) : null);

/**
 * The learner's side of enrolment: enrolling in and leaving courses open for it, "My learning", and
 * completion of lessons that are completed by opening them. Only ever the caller's own rows.
 */
@Injectable()
export class LearningService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly published: PublishedLessonsService,
    private readonly progress: ProgressService,
    private readonly clock: Clock,
  ) {}

  /**
   * Enrols the caller ('self') in a published course they can see and that is open for self-enrolment.
   * Idempotent: an existing enrolment (self or assigned) is returned unchanged. Progress kept from an
   * earlier enrolment (leaving never deletes it) is counted again at once.
   */
  async enrol(user: AuthUser, courseId: string): Promise<EnrolmentDto> {
    const course = await this.published.course(user, courseId);
    const now = this.clock.now();
    await this.dataSource.transaction(async (manager) => {
      const [row] = (await manager.query(
        `SELECT c.self_enrolment, e.id AS enrolment_id
           FROM courses c LEFT JOIN enrolments e ON e.course_id = c.id AND e.user_id = $1
          WHERE c.id = $2`,
        [user.id, courseId],
      )) as { self_enrolment: boolean; enrolment_id: string | null }[];
      if (row.enrolment_id) return;
      if (!row.self_enrolment) {
        throw new AppException('ENROLMENT_NOT_OPEN', 'This course is open by assignment only', {
          courseId,
        });
      }
      const inserted = (await manager.query(
        `INSERT INTO enrolments (user_id, course_id, source, status, required_lessons, created_at, updated_at)
         VALUES ($1, $2, 'self', 'not_started', $3, $4, $4)
         ON CONFLICT (user_id, course_id) DO NOTHING RETURNING id`,
        [user.id, courseId, course.requiredIds.length, now],
      )) as { id: string }[];
      if (inserted.length === 0) return; // a concurrent request enrolled first
      const [kept] = (await manager.query(
        `SELECT EXISTS (SELECT 1 FROM lesson_progress WHERE user_id = $1 AND course_id = $2) AS any`,
        [user.id, courseId],
      )) as { any: boolean }[];
      if (kept.any) await recountEnrolment(manager, user.id, courseId, course.requiredIds, now);
    });
    return (await this.enrolmentDto(this.dataSource, user.id, course))!;
  }

  /**
   * Leaves a self-enrolled course: the enrolment row goes, lesson progress and quiz attempts stay (a
   * later enrolment counts them again). Assigned courses are left only by withdrawing the assignment.
   */
  async leave(user: AuthUser, courseId: string): Promise<void> {
    const deleted = (await this.dataSource.query(
      `WITH found AS (SELECT id, source FROM enrolments WHERE user_id = $1 AND course_id = $2),
            gone AS (DELETE FROM enrolments e USING found WHERE e.id = found.id AND found.source = 'self'
                     RETURNING e.id)
       SELECT found.source, (SELECT count(*)::int FROM gone) AS deleted FROM found`,
      [user.id, courseId],
    )) as { source: EnrolmentSource; deleted: number }[];
    const [row] = deleted;
    if (!row)
      throw new AppException('ENROLMENT_NOT_FOUND', 'You are not enrolled in this course', { courseId });
    if (row.deleted === 0) {
      throw new AppException('ENROLMENT_ASSIGNED', 'An assigned course cannot be left', { courseId });
    }
  }

  /** The caller's enrolment in a course they can see, or null. */
  async enrolment(user: AuthUser, courseId: string): Promise<EnrolmentDto | null> {
    const course = await this.published.course(user, courseId);
    return this.enrolmentDto(this.dataSource, user.id, course);
  }

  /**
   * My learning in two statements whatever the number of courses: the enrolments with their course's
   * current title, visibility and certificate; then the lesson rows of the unfinished ones, for
   * "continue". Lesson order comes from the published snapshots, cached per version.
   */
  async myLearning(user: AuthUser, requested?: Locale): Promise<MyLearningDto> {
    // Prepared statements: My learning is the learner's home page, planning was half of its database time.
    const rows = await preparedQuery<LearningRow>(this.dataSource, myLearningSql(visibleToSql(user)), [
      user.id,
    ]);
    const open = rows.filter((row) => row.status !== 'completed');
    const [lessons, versions] = await Promise.all([
      open.length === 0
        ? Promise.resolve([] as LessonRow[])
        : preparedQuery<LessonRow>(this.dataSource, OPEN_LESSONS_SQL, [
            user.id,
            open.map((row) => row.course_id),
          ]),
      this.published.versionsById(open.map((row) => row.version_id)),
    ]);
    const byCourse = groupLessons(lessons);
    const now = this.clock.now();
    const locales = [requested ?? user.locale, user.locale];
    const items = rows.map((row): MyLearningItemDto => {
      const base = this.dto(row, versions.get(row.version_id), byCourse.get(row.course_id), now);
      return {
        ...base,
        code: row.code,
        title: resolveText(row.title, ...locales, row.base_locale),
        available: row.available,
        certificate:
          row.status === 'completed' && row.certificate_id
            ? {
                id: row.certificate_id,
                code: row.certificate_code!,
                pdfUrl: `/api/certificates/${row.certificate_id}/pdf`,
                revoked: row.certificate_revoked === true,
              }
            : null,
      };
    });
    const assigned = items.filter((i) => i.status !== 'completed' && i.source === 'assigned' && !i.startedAt);
    const inProgress = items.filter((i) => i.status !== 'completed' && !assigned.includes(i));
    const completed = items.filter((i) => i.status === 'completed');
    assigned.sort((a, b) => byTime(a.dueAt, b.dueAt, 1) || byTime(a.assignedAt, b.assignedAt, 1));
    inProgress.sort(
      (a, b) => byTime(a.lastActivityAt, b.lastActivityAt, -1) || byTime(a.enrolledAt, b.enrolledAt, -1),
    );
    completed.sort((a, b) => byTime(a.completedAt, b.completedAt, -1));
    return { assigned, inProgress, completed };
  }

  /**
   * Marks a document or article lesson complete for the caller ("opened": ADR 0007) and recounts the
   * course, in one transaction; completing the last required lesson completes the course (and
   * recountEnrolment issues its certificate). Not enrolled: enrols them ('self') if the course is open
   * for it, else ENROLMENT_REQUIRED.
   */
  async complete(user: AuthUser, lessonId: string): Promise<LessonCompletionResultDto> {
    const { course, lesson } = await this.published.lesson(user, lessonId);
    if (!COMPLETED_BY_OPENING.has(lesson.kind)) {
      throw new AppException(
        'LESSON_KIND_MISMATCH',
        lesson.kind === 'video'
          ? 'Videos are completed by watching them'
          : 'Quizzes are completed by passing them',
        { kind: lesson.kind },
      );
    }
    await this.published.requireEnrolment(user, course);
    const now = this.clock.now();
    const counts = await this.dataSource.transaction(async (manager) => {
      // Without an enrolment, recountEnrolment creates it (source 'self', the column default).
      await markLessonCompleted(manager, user.id, lessonId, course.courseId, now);
      return recountEnrolment(manager, user.id, course.courseId, course.requiredIds, now);
    });
    return {
      lesson: await this.progress.lesson(user, lessonId),
      course: this.progress.courseDto(course, counts),
    };
  }

  private async enrolmentDto(
    db: DataSource | EntityManager,
    userId: string,
    course: PublishedLessons,
  ): Promise<EnrolmentDto | null> {
    const [row] = (await db.query(
      `SELECT ${ENROLMENT_COLUMNS} FROM enrolments e WHERE e.user_id = $1 AND e.course_id = $2`,
      [userId, course.courseId],
    )) as EnrolmentRow[];
    if (!row) return null;
    const lessons =
      row.status === 'completed'
        ? []
        : ((await db.query(
            `SELECT course_id, lesson_id, status, position_s FROM lesson_progress
              WHERE user_id = $1 AND course_id = $2`,
            [userId, course.courseId],
          )) as LessonRow[]);
    return this.dto(row, course, groupLessons(lessons).get(course.courseId), this.clock.now());
  }

  private dto(
    row: EnrolmentRow,
    lessons: PublishedLessons | undefined,
    progress: Map<string, LessonRow> | undefined,
    now: Date,
  ): EnrolmentDto {
    const due = time(row.due_at);
    const completed = row.status === 'completed';
    // Not started: nothing recounted yet, so the current version's lesson count says how many there are.
    const requiredLessons =
      row.status === 'not_started' && lessons ? lessons.requiredIds.length : row.required_lessons;
    return {
      courseId: row.course_id,
      source: row.source,
      status: row.status,
      progressPct: row.progress_pct,
      completedLessons: row.completed_lessons,
      requiredLessons,
      dueAt: row.due_at,
      overdue: !completed && due !== null && due < now.getTime(),
      assignedAt: row.assigned_at,
      enrolledAt: row.created_at,
      startedAt: row.started_at,
      completedAt: row.completed_at,
      lastActivityAt: row.last_activity_at,
      next: completed ? null : nextLesson(lessons, progress),
    };
  }
}

/** Compares ISO times ascending (1) or descending (-1), missing ones last either way. */
function byTime(a: string | null, b: string | null, direction: 1 | -1): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return direction * (Date.parse(a) - Date.parse(b));
}

function groupLessons(rows: LessonRow[]): Map<string, Map<string, LessonRow>> {
  const out = new Map<string, Map<string, LessonRow>>();
  for (const row of rows) {
    let course = out.get(row.course_id);
    if (!course) out.set(row.course_id, (course = new Map()));
    course.set(row.lesson_id, row);
  }
  return out;
}

/**
 * "Continue": the first required lesson in course order not completed yet, at its saved position; if
 * every required one is done (a course not recounted since), the first unfinished lesson; else the first.
 */
export function nextLesson(
  lessons: PublishedLessons | undefined,
  progress: Map<string, LessonRow> | undefined,
): ContinueTarget | null {
  const lessonIds = lessons?.lessons.map((lesson) => lesson.id) ?? [];
  if (!lessons || lessonIds.length === 0) return null;
  const unfinished = (id: string) => progress?.get(id)?.status !== 'completed';
  const lessonId = lessons.requiredIds.find(unfinished) ?? lessonIds.find(unfinished) ?? lessonIds[0];
  return { lessonId, positionS: progress?.get(lessonId)?.position_s ?? 0 };
}
