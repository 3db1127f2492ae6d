import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CatalogueCache } from '../catalogue/catalogue-cache.js';
import { Clock, SystemClock } from '../common/clock.js';
import { DatabaseNotifications } from '../database/notifications.js';
import { IdentityModule } from '../identity/identity.module.js';
import { ProgressBatcher } from './progress-batcher.js';
import { ProgressController } from './progress.controller.js';
import { ProgressHttp } from './progress-http.js';
import { ProgressService } from './progress.service.js';
import { LESSON_VISIBILITY_CACHE, PublishedLessonsService } from './published-lessons.js';

@Module({
  imports: [IdentityModule],
  controllers: [ProgressController],
  providers: [
    ProgressService,
    ProgressHttp,
    ProgressBatcher,
    PublishedLessonsService,
    {
      provide: LESSON_VISIBILITY_CACHE,
      useFactory: (dataSource: DataSource, notifications: DatabaseNotifications) =>
        new CatalogueCache(dataSource, notifications),
      inject: [DataSource, DatabaseNotifications],
    },
    { provide: Clock, useClass: SystemClock },
  ],
  // Quizzes share the published lessons, the clock and the enrolment recount (lesson-completion.ts).
  exports: [ProgressService, PublishedLessonsService, Clock],
})
export class ProgressModule {}
