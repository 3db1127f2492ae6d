import { Injectable } from '@nestjs/common';
import {
  type CourseProgressDetailDto,
  type CourseProgressDto,
  type LessonProgressDto,
  type LessonStatus,
  type ProgressReportDto,
  type ProgressReportResultDto,
} from '@academy/contracts';
import { DataSource } from 'typeorm';
import { AppException } from '../common/app.exception.js';
import { Clock } from '../common/clock.js';
import type { AuthUser } from '../identity/auth-user.js';
import {
  multirangeLiteral,
  parseMultirange,
  secondsToComplete,
  wholeSecondRanges,
  wholeSeconds,
} from './progress-rules.js';
import { recountEnrolment, type EnrolmentCounts } from './lesson-completion.js';
import { ProgressBatcher } from './progress-batcher.js';
import { PublishedLessonsService, type PublishedLesson, type PublishedLessons } from './published-lessons.js';

interface ProgressRow {
  lesson_id?: string;
  watched: string;
  watched_s: number;
  position_s: number;
  status: LessonStatus;
  completed_at: Date | null;
  updated_at: Date | null;
}

type EnrolmentRow = EnrolmentCounts;

const iso = (value: Date | null | undefined) => (value ? new Date(value).toISOString() : null);

/**
 * Lesson and course progress. The browser reports what was played; the server decides what counts:
 * seconds are merged in PostgreSQL (progress-sql.ts), never faster than real time allows, and
 * completion never goes back. Only the caller's own progress, only in courses they can see.
 */
@Injectable()
export class ProgressService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly published: PublishedLessonsService,
    private readonly batcher: ProgressBatcher,
    private readonly clock: Clock,
  ) {}

  async report(user: AuthUser, lessonId: string, body: ProgressReportDto): Promise<ProgressReportResultDto> {
    const { course, lesson } = await this.published.lesson(user, lessonId);
    const duration = this.trackableDuration(lesson);
    await this.published.requireEnrolment(user, course);
    const now = this.clock.now();
    // The report commits on its own, in one statement, possibly shared with other reports arriving at the
    // same time (ProgressBatcher): no transaction round trips on the hot path.
    const row = await this.batcher.record({
      userId: user.id,
      lessonId: lesson.id,
      courseId: course.courseId,
      ranges: multirangeLiteral(wholeSecondRanges(body.watched, duration)),
      // trackableDuration accepted it: the published duration is known.
      positionS: Math.min(body.positionS, lesson.durationS!),
      seq: body.seq,
      now,
      durationS: duration,
      neededS: secondsToComplete(lesson.completionThreshold, duration),
    });
    let enrolment: EnrolmentRow = row;
    // The enrolment changes only when a lesson changes status: the learner's first report in the course
    // (or in an enrolment not started yet), or a lesson just completed. A completed lesson newer than the
    // enrolment's last recount (a process stopped between the two steps) is counted at its next report.
    const stale =
      row.status === 'completed' &&
      row.completed_at !== null &&
      (row.course_updated_at === null || row.course_updated_at < row.completed_at);
    if (row.course_status === null || row.course_status === 'not_started' || row.just_completed || stale) {
      enrolment = await this.dataSource.transaction((manager) =>
        recountEnrolment(manager, user.id, course.courseId, course.requiredIds, now),
      );
    }
    return {
      ...this.lessonDto(course, lesson, row),
      clippedS: row.clipped_s,
      course: this.courseDto(course, enrolment),
    };
  }

  async lesson(user: AuthUser, lessonId: string): Promise<LessonProgressDto> {
    const { course, lesson } = await this.published.lesson(user, lessonId);
    const [row] = (await this.dataSource.query(
      `SELECT watched::text AS watched, watched_s, position_s, status, completed_at, updated_at
         FROM lesson_progress WHERE user_id = $1 AND lesson_id = $2`,
      [user.id, lessonId],
    )) as ProgressRow[];
    return this.lessonDto(course, lesson, row);
  }

  async course(user: AuthUser, courseId: string): Promise<CourseProgressDetailDto> {
    const course = await this.published.course(user, courseId);
    const rows = (await this.dataSource.query(
      `SELECT lesson_id, watched::text AS watched, watched_s, position_s, status, completed_at, updated_at
         FROM lesson_progress WHERE user_id = $1 AND lesson_id = ANY($2::uuid[])`,
      [user.id, course.lessons.map((lesson) => lesson.id)],
    )) as ProgressRow[];
    const [enrolment] = (await this.dataSource.query(
      `SELECT status AS course_status, progress_pct, completed_lessons, required_lessons,
              completed_at AS course_completed_at
         FROM enrolments WHERE user_id = $1 AND course_id = $2`,
      [user.id, courseId],
    )) as EnrolmentRow[];
    const byLesson = new Map(rows.map((row) => [row.lesson_id, row]));
    return {
      course: this.courseDto(course, enrolment),
      lessons: course.lessons.map((lesson) => this.lessonDto(course, lesson, byLesson.get(lesson.id))),
    };
  }

  /** Whole seconds of the video; refuses lessons whose progress is not measured in seconds. */
  private trackableDuration(lesson: PublishedLesson): number {
    // Documents and articles get their own completion rules with issue 5.
    if (lesson.kind !== 'video') {
      throw new AppException('LESSON_NOT_TRACKABLE', 'Progress is recorded for videos only', {
        kind: lesson.kind,
      });
    }
    const duration = lesson.durationS === null ? 0 : wholeSeconds(lesson.durationS);
    if (duration < 1) {
      throw new AppException('LESSON_NOT_TRACKABLE', 'The video has no known duration', { durationS: null });
    }
    return duration;
  }

  private lessonDto(course: PublishedLessons, lesson: PublishedLesson, row?: ProgressRow): LessonProgressDto {
    const duration = lesson.durationS === null ? 0 : wholeSeconds(lesson.durationS);
    const watchedS = row?.watched_s ?? 0;
    return {
      lessonId: lesson.id,
      courseId: course.courseId,
      status: row?.status ?? 'not_started',
      positionS: row?.position_s ?? 0,
      watchedS,
      durationS: lesson.durationS,
      watchedPct: duration > 0 ? Math.min(100, Math.floor((100 * watchedS) / duration)) : 0,
      watched: row ? parseMultirange(row.watched) : [],
      completedAt: iso(row?.completed_at),
      updatedAt: iso(row?.updated_at),
    };
  }

  /**
   * The course progress DTO from an enrolment row (none yet: not started). An enrolment not started yet
   * (made by an assignment or self-enrolment) has never been counted, so it shows the current version's
   * number of required lessons.
   */
  courseDto(course: PublishedLessons, row?: EnrolmentRow): CourseProgressDto {
    const counted = row?.course_status === 'in_progress' || row?.course_status === 'completed';
    return {
      courseId: course.courseId,
      status: row?.course_status ?? 'not_started',
      progressPct: row?.progress_pct ?? 0,
      completedLessons: row?.completed_lessons ?? 0,
      requiredLessons: counted
        ? (row.required_lessons ?? course.requiredIds.length)
        : course.requiredIds.length,
      completedAt: iso(row?.course_completed_at),
    };
  }
}
