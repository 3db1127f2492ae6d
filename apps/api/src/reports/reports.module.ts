import { Module } from '@nestjs/common';
import { ProgressModule } from '../progress/progress.module.js';
import { ReportExportModule } from './export/report-export.module.js';
import { ReportsController } from './reports.controller.js';
import { ReportsService } from './reports.service.js';

/**
 * Coordinator and regional office reports, and their CSV/XLSX exports. ReportsService.table() builds the
 * scoped query of any report kind (report-tables.ts) for the exporter too.
 */
@Module({
  // The shared Clock (tests move time through it).
  imports: [ProgressModule, ReportExportModule],
  controllers: [ReportsController],
  providers: [ReportsService],
  exports: [ReportsService],
})
export class ReportsModule {}
