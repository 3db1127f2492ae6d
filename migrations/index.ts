import { Initial1795427114436 } from './1795427114436-Initial.js';
import { CatalogueAndMedia1795430549333 } from './1795430549333-CatalogueAndMedia.js';
import { CatalogueListColumns1795433383335 } from './1795433383335-CatalogueListColumns.js';
import { CatalogueGeneration1795436696252 } from './1795436696252-CatalogueGeneration.js';
import { LessonProgress1795437237012 } from './1795437237012-LessonProgress.js';
import { Quizzes1795440636426 } from './1795440636426-Quizzes.js';
import { AuthAndCatalogueNotifications1795441692817 } from './1795441692817-AuthAndCatalogueNotifications.js';
import { LearningAssignmentsCertificatesMail1795446685117 } from './1795446685117-LearningAssignmentsCertificatesMail.js';
import { AssignmentRules1795447025458 } from './1795447025458-AssignmentRules.js';
import { SelfEnrolmentGeneration1795449000000 } from './1795449000000-SelfEnrolmentGeneration.js';
import { ReportEnrolments1795450000000 } from './1795450000000-ReportEnrolments.js';
import { ReportCounts1795450100000 } from './1795450100000-ReportCounts.js';
import { ReportLearnerLanguages1795450200000 } from './1795450200000-ReportLearnerLanguages.js';
import { PeopleNameOrder1795450300000 } from './1795450300000-PeopleNameOrder.js';
import { ReportInsertSetBased1795450400000 } from './1795450400000-ReportInsertSetBased.js';

/** Every migration, in order. `npm run migration:generate -- Name` writes a new file; add it here. */
export const MIGRATIONS: (new () => unknown)[] = [
  Initial1795427114436,
  CatalogueAndMedia1795430549333,
  CatalogueListColumns1795433383335,
  CatalogueGeneration1795436696252,
  LessonProgress1795437237012,
  Quizzes1795440636426,
  AuthAndCatalogueNotifications1795441692817,
  LearningAssignmentsCertificatesMail1795446685117,
  AssignmentRules1795447025458,
  SelfEnrolmentGeneration1795449000000,
  ReportEnrolments1795450000000,
  ReportCounts1795450100000,
  ReportLearnerLanguages1795450200000,
  PeopleNameOrder1795450300000,
  ReportInsertSetBased1795450400000,
];
