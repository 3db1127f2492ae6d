import { Module } from '@nestjs/common';
import { ProgressModule } from '../../progress/progress.module.js';
import { ReportExportController } from './report-export.controller.js';
import { ReportExportService } from './report-export.service.js';

/** GET /api/reports/:kind/export (imported by ReportsModule). */
@Module({
  // The shared Clock: the report's "now" (overdue) and the file name's date.
  imports: [ProgressModule],
  controllers: [ReportExportController],
  providers: [ReportExportService],
})
export class ReportExportModule {}
