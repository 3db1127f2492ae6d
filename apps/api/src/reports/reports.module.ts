import { Module } from '@nestjs/common';

/** Coordinator and regional office reports, and their CSV/XLSX exports. */
@Module({})
export class ReportsModule {}
