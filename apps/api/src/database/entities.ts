import { CourseAssignment } from '../assignments/course-assignment.entity.js';
import { AuditEvent } from '../audit/audit-event.entity.js';
import { Certificate } from '../certificates/certificate.entity.js';
import { CourseAudienceEntry } from '../catalogue/course-audience.entity.js';
import { CourseModule } from '../catalogue/course-module.entity.js';
import { CourseVersion } from '../catalogue/course-version.entity.js';
import { Course } from '../catalogue/course.entity.js';
import { LessonVariant } from '../catalogue/lesson-variant.entity.js';
import { Lesson } from '../catalogue/lesson.entity.js';
import { LoginFailure } from '../identity/login-failure.entity.js';
import { PasswordToken } from '../identity/password-token.entity.js';
import { RefreshToken } from '../identity/refresh-token.entity.js';
import { RoleGrant } from '../identity/role-grant.entity.js';
import { Session } from '../identity/session.entity.js';
import { User } from '../identity/user.entity.js';
import { OutboxMessage } from '../mail/outbox-message.entity.js';
import { MediaAsset } from '../media/media-asset.entity.js';
import { Organisation } from '../organisations/organisation.entity.js';
import { Enrolment } from '../progress/enrolment.entity.js';
import { LessonProgress } from '../progress/lesson-progress.entity.js';
import { QuizAttempt } from '../quizzes/quiz-attempt.entity.js';
import { AppMeta } from '../seed/app-meta.entity.js';

export const ENTITIES = [
  Organisation,
  User,
  RoleGrant,
  Session,
  RefreshToken,
  PasswordToken,
  LoginFailure,
  AuditEvent,
  AppMeta,
  MediaAsset,
  Course,
  CourseAudienceEntry,
  CourseModule,
  Lesson,
  LessonVariant,
  CourseVersion,
  LessonProgress,
  Enrolment,
  QuizAttempt,
  CourseAssignment,
  Certificate,
  OutboxMessage,
];
