import type { Locale } from '@academy/contracts';
import { AppException } from '../common/app.exception.js';
import {
  col,
  courseTitle,
  Params,
  SOURCE_LABELS,
  STATUS_LABELS,
  statusLabel,
  versionJoin,
  type CountedReportTable,
  type ReportContext,
  type ReportFilters,
} from './report-sql.js';
import type { Queryable, ReportScope } from './report-scope.js';

/**
 * The learner must belong to an organisation in the caller's scope; anyone else (or nobody) is
 * USER_NOT_FOUND, so a coordinator cannot tell whether an id outside their subtree exists.
 */
export async function assertLearnerInScope(db: Queryable, scope: ReportScope, userId: string | undefined) {
  if (!userId) throw new AppException('VALIDATION_FAILED', 'userId is required', { userId: 'REQUIRED' });
  const rows = (await db.query(
    `SELECT o.path FROM users u JOIN organisations o ON o.id = u.organisation_id WHERE u.id = $1`,
    [userId],
  )) as { path: string }[];
  if (rows.length === 0 || !scope.roots.some((root) => rows[0].path.startsWith(root.path)))
    throw new AppException('USER_NOT_FOUND', 'No such learner');
}

/** One learner's courses, lessons or quiz attempts (drill-down), optionally one course. */
export async function learnerTable(
  ctx: ReportContext,
  scope: ReportScope,
  kind: 'learner-courses' | 'learner-lessons' | 'learner-attempts',
  filters: ReportFilters,
  locale: Locale,
): Promise<CountedReportTable> {
  await assertLearnerInScope(ctx.db, scope, filters.userId);
  const p = new Params();
  const user = p.add(filters.userId, 'uuid');
  const course = filters.courseId ? ` AND e.course_id = ${p.add(filters.courseId, 'uuid')}` : '';
  const loc = p.add(locale);
  const title = courseTitle('c', 'v', loc);
  // A lesson's status as the learner left it; a quiz attempted but not passed yet is in progress.
  const lessonStatus = `coalesce(lp.status, CASE WHEN qa.last_at IS NOT NULL THEN 'in_progress' ELSE 'not_started' END)`;
  if (kind === 'learner-courses') {
    const now = p.add(ctx.now, 'timestamptz');
    return {
      name: 'learner-courses',
      locale,
      columns: [
        col('course_code', 'Course code', 'Код курса', 'text'),
        col('course_title', 'Course', 'Курс', 'text'),
        col('source_label', 'Source', 'Источник', 'text'),
        col('status_label', 'Status', 'Статус', 'text'),
        col('progress_pct', 'Progress, %', 'Прогресс, %', 'percent'),
        col('completed_lessons', 'Lessons completed', 'Уроков пройдено', 'integer'),
        col('required_lessons', 'Lessons required', 'Уроков обязательных', 'integer'),
        col('enrolled_at', 'Enrolled', 'Записан', 'datetime'),
        col('due_at', 'Due', 'Срок', 'datetime'),
        col('started_at', 'Started', 'Начат', 'datetime'),
        col('completed_at', 'Completed', 'Завершён', 'datetime'),
        col('last_activity_at', 'Last activity', 'Последняя активность', 'datetime'),
      ],
      sql: `
SELECT e.id AS enrolment_id, e.course_id, c.code AS course_code, ${title} AS course_title,
       e.source, ${statusLabel('e.source', locale, SOURCE_LABELS)} AS source_label,
       e.status, ${statusLabel('e.status', locale, STATUS_LABELS)} AS status_label,
       e.progress_pct, e.completed_lessons, e.required_lessons, e.created_at AS enrolled_at, e.due_at,
       (e.due_at < ${now} AND e.status <> 'completed') AS overdue,
       e.started_at, e.completed_at, e.last_activity_at
  FROM enrolments e JOIN courses c ON c.id = e.course_id ${versionJoin('c', 'v')}
 WHERE e.user_id = ${user}${course}
 ORDER BY e.created_at DESC, e.id`,
      params: p.values,
    };
  }
  if (kind === 'learner-lessons') {
    const lessonText = (field: string) =>
      `coalesce(${field}->>${loc}, ${field}->>v.base_locale, ${field}->>'en', ${field}->>'ru')`;
    return {
      name: 'learner-lessons',
      locale,
      columns: [
        col('course_code', 'Course code', 'Код курса', 'text'),
        col('course_title', 'Course', 'Курс', 'text'),
        col('module_title', 'Module', 'Модуль', 'text'),
        col('lesson_title', 'Lesson', 'Урок', 'text'),
        col('kind', 'Kind', 'Тип', 'text'),
        col('status_label', 'Status', 'Статус', 'text'),
        col('watched_pct', 'Watched, %', 'Просмотрено, %', 'percent'),
        col('completed_at', 'Completed', 'Завершён', 'datetime'),
        col('updated_at', 'Last activity', 'Последняя активность', 'datetime'),
      ],
      sql: `
SELECT e.course_id, c.code AS course_code, ${title} AS course_title, (l.lesson->>'id')::uuid AS lesson_id,
       ${lessonText("m.module->'title'")} AS module_title, ${lessonText("l.lesson->'title'")} AS lesson_title,
       l.lesson->>'kind' AS kind, coalesce((l.lesson->>'required')::boolean, true) AS required,
       ${lessonStatus} AS status,
       ${statusLabel(lessonStatus, locale, STATUS_LABELS)} AS status_label,
       CASE WHEN l.lesson->>'kind' = 'video' AND (l.lesson->>'durationS')::numeric > 0
            THEN least(100, floor(coalesce(lp.watched_s, 0) * 100.0 / (l.lesson->>'durationS')::numeric))::int END
         AS watched_pct,
       coalesce(lp.watched_s, 0) AS watched_s, lp.completed_at, greatest(lp.updated_at, qa.last_at) AS updated_at
  FROM enrolments e
  JOIN courses c ON c.id = e.course_id
  JOIN course_versions v ON v.course_id = c.id AND v.version = c.version
 CROSS JOIN LATERAL jsonb_array_elements(v.content->'modules') WITH ORDINALITY AS m(module, pos)
 CROSS JOIN LATERAL jsonb_array_elements(m.module->'lessons') WITH ORDINALITY AS l(lesson, pos)
  LEFT JOIN lesson_progress lp ON lp.user_id = e.user_id AND lp.lesson_id = (l.lesson->>'id')::uuid
  -- Quizzes: attempted but not passed (no lesson_progress row yet) is in progress; by quiz_attempts_number.
  LEFT JOIN LATERAL (SELECT max(coalesce(a.submitted_at, a.started_at)) AS last_at FROM quiz_attempts a
                      WHERE a.user_id = e.user_id AND a.lesson_id = (l.lesson->>'id')::uuid) qa
         ON l.lesson->>'kind' = 'quiz'
 WHERE e.user_id = ${user}${course}
 ORDER BY e.created_at DESC, e.id, m.pos, l.pos`,
      params: p.values,
    };
  }
  return {
    name: 'learner-attempts',
    locale,
    columns: [
      col('course_code', 'Course code', 'Код курса', 'text'),
      col('course_title', 'Course', 'Курс', 'text'),
      col('lesson_title', 'Lesson', 'Урок', 'text'),
      col('number', 'Attempt', 'Попытка', 'integer'),
      col('score_pct', 'Score, %', 'Результат, %', 'percent'),
      col('passed_label', 'Passed', 'Сдан', 'text'),
      col('pass_mark_pct', 'Pass mark, %', 'Проходной балл, %', 'percent'),
      col('started_at', 'Started', 'Начата', 'datetime'),
      col('submitted_at', 'Submitted', 'Отправлена', 'datetime'),
    ],
    // Never reads quiz_attempts.questions or answers (kilobytes per row).
    sql: `
SELECT e.course_id, c.code AS course_code, ${title} AS course_title, a.lesson_id, coalesce((
         SELECT coalesce(l->'title'->>${loc}, l->'title'->>v.base_locale, l->'title'->>'en', l->'title'->>'ru')
           FROM jsonb_array_elements(v.content->'modules') AS m, jsonb_array_elements(m->'lessons') AS l
          WHERE l->>'id' = a.lesson_id::text LIMIT 1), '') AS lesson_title,
       a.number, round(a.score_points * 100.0 / nullif(a.max_points, 0), 1)::float8 AS score_pct, a.passed,
       CASE WHEN a.passed THEN ${p.add(locale === 'ru' ? 'да' : 'yes')}
            WHEN NOT a.passed THEN ${p.add(locale === 'ru' ? 'нет' : 'no')} ELSE '' END AS passed_label,
       a.pass_mark_pct, a.started_at, a.submitted_at
  FROM enrolments e
  JOIN quiz_attempts a ON a.user_id = e.user_id AND a.course_id = e.course_id
  JOIN courses c ON c.id = e.course_id ${versionJoin('c', 'v')}
 WHERE e.user_id = ${user}${course}
 ORDER BY e.created_at DESC, e.id, lesson_title, a.lesson_id, a.number`,
    params: p.values,
  };
}
