import { Module } from '@nestjs/common';
import { Clock, SystemClock } from '../common/clock.js';
import { ProgressController } from './progress.controller.js';
import { ProgressService } from './progress.service.js';
import { PublishedLessonsService } from './published-lessons.js';

@Module({
  controllers: [ProgressController],
  providers: [ProgressService, PublishedLessonsService, { provide: Clock, useClass: SystemClock }],
  exports: [ProgressService],
})
export class ProgressModule {}
