import { Module } from '@nestjs/common';

/** Coordinators' course assignments (by officer, unit or CSV), due dates and withdrawals. */
@Module({})
export class AssignmentsModule {}
