import { Module } from '@nestjs/common';
import { JobQueue } from './job-queue.js';

/** The background job queue (pg-boss on the app's PostgreSQL). */
@Module({
  providers: [JobQueue],
  exports: [JobQueue],
})
export class JobsModule {}
