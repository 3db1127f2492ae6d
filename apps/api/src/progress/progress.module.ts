import { Module } from '@nestjs/common';
import { Clock, SystemClock } from '../common/clock.js';
import { ProgressController } from './progress.controller.js';
import { ProgressService } from './progress.service.js';
import { PublishedLessonsService } from './published-lessons.js';

@Module({
  controllers: [ProgressController],
  providers: [ProgressService, PublishedLessonsService, { provide: Clock, useClass: SystemClock }],
  // Quizzes share the published lessons, the clock and the enrolment recount (lesson-completion.ts).
  exports: [ProgressService, PublishedLessonsService, Clock],
})
export class ProgressModule {}
