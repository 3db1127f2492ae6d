import { Module } from '@nestjs/common';
import { ProgressModule } from '../progress/progress.module.js';
import { QuizzesController } from './quizzes.controller.js';
import { QuizzesService } from './quizzes.service.js';

/** Quiz attempts and scoring; completion goes through progress (lesson-completion.ts). */
@Module({
  imports: [ProgressModule],
  controllers: [QuizzesController],
  providers: [QuizzesService],
})
export class QuizzesModule {}
