import { Module } from '@nestjs/common';
import { JobsModule } from '../jobs/jobs.module.js';
import { StorageModule } from '../media/storage/storage.module.js';
import { TranscodeJob } from './transcode.job.js';
import { TranscodeQueue } from './transcode.queue.js';
import { TranscodeRunner } from './transcode.runner.js';

/**
 * Video transcoding: TranscodeQueue queues (any process), TranscodeRunner runs the jobs where
 * AppConfig.jobs says so, TranscodeJob is one attempt.
 */
@Module({
  imports: [JobsModule, StorageModule],
  providers: [TranscodeQueue, TranscodeJob, TranscodeRunner],
  exports: [TranscodeQueue, TranscodeRunner],
})
export class TranscodingModule {}
