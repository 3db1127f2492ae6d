import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { JobQueue, type QueueSpec } from '../jobs/job-queue.js';

export const TRANSCODE_QUEUE = 'media-transcode';

export interface TranscodeJobData {
  assetId: string;
}

/** Queues video transcoding. Used by uploads and the demo seed; the runner does the work. */
@Injectable()
export class TranscodeQueue {
  readonly spec: QueueSpec;

  constructor(
    private readonly jobs: JobQueue,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    const { retries, retryDelayS, timeoutS } = config.transcode;
    this.spec = {
      name: TRANSCODE_QUEUE,
      // One waiting job per asset: queuing it again while it waits adds nothing.
      policy: 'short',
      retryLimit: retries,
      retryDelay: retryDelayS,
      retryBackoff: retryDelayS > 0,
      // The job stops itself at timeoutS; pg-boss's own expiry is the backstop for a worker gone quiet.
      expireInSeconds: timeoutS + 300,
    };
  }

  /**
   * Queues the transcoding of a video asset whose status is 'processing', keyed by the asset id. With
   * `manager` the job is part of that transaction (it exists if and only if the asset row commits).
   */
  enqueue(assetId: string, manager?: EntityManager, startAfterS?: number): Promise<string | null> {
    return this.jobs.send<TranscodeJobData>(
      this.spec,
      { assetId },
      { singletonKey: assetId, startAfter: startAfterS },
      manager,
    );
  }

  /** Lets this process's runner (if any) pick new jobs up now rather than at its next poll. */
  wake(): void {
    this.jobs.wake(TRANSCODE_QUEUE);
  }
}
