import { Module } from '@nestjs/common';
import { ProgressModule } from '../progress/progress.module.js';
import { AssignmentsController } from './assignments.controller.js';
import { AssignmentsService } from './assignments.service.js';

/**
 * Coordinators' course assignments (by officer, unit or CSV), due dates and withdrawals. Officers who
 * join a unit later are enrolled by a database trigger (migration AssignmentRules), whoever moves them.
 */
@Module({
  // The shared Clock (tests move time through it).
  imports: [ProgressModule],
  controllers: [AssignmentsController],
  providers: [AssignmentsService],
})
export class AssignmentsModule {}
