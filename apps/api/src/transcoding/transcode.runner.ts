import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { JobQueue, type Job } from '../jobs/job-queue.js';
import { TranscodeError } from './ffmpeg.js';
import { JobInterrupted, TRANSCODE_LOCK, TranscodeJob } from './transcode.job.js';
import { TRANSCODE_QUEUE, TranscodeQueue, type TranscodeJobData } from './transcode.queue.js';

/** An active job older than this whose original nobody holds the lock on has lost its worker. */
const ORPHAN_AFTER_S = 30;

export interface RecoveryReport {
  /** Active jobs whose worker died (process killed): failed, so pg-boss retries them. */
  orphanedJobs: number;
  /** `processing` videos without a live job: queued again. */
  requeued: number;
  /** `processing` videos whose last job failed without the worker recording it: now `failed`. */
  failed: number;
  /** `ready` videos from before transcoding existed (no renditions): queued. */
  backfilled: number;
}

/**
 * Runs transcoding jobs in this process when AppConfig.jobs is set (API processes by default, workers
 * always). On start, and then every minute, it repairs what crashes leave behind (see recover()).
 * On shutdown, running ffmpeg processes are stopped and their jobs queued again.
 */
@Injectable()
export class TranscodeRunner implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('TranscodeRunner');
  private readonly running = new Map<string, { controller: AbortController; done: Promise<unknown> }>();
  private timer: NodeJS.Timeout | null = null;
  private recovering: Promise<void> | null = null;
  private started = false;
  private stopping: Promise<void> | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly jobs: JobQueue,
    private readonly queue: TranscodeQueue,
    private readonly transcoder: TranscodeJob,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.jobs) await this.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.stop();
  }

  /** Starts the workers (TRANSCODE_CONCURRENCY of them) and the periodic recovery. */
  async start(options: { pollingIntervalSeconds?: number; recoverEveryMs?: number } = {}): Promise<void> {
    if (this.started || this.stopping) return;
    this.started = true;
    await this.removeStaleWorkDirs();
    const tools = await this.transcoder.ffmpegTools().catch((error: Error) => {
      this.logger.error({ err: error }, 'no ffmpeg found: videos will fail to transcode');
      return null;
    });
    if (tools)
      this.logger.log(
        { ffmpeg: tools.ffmpeg, ffprobe: tools.ffprobe, source: tools.source },
        'transcoding runs here',
      );
    // Repair first (jobs of a killed predecessor), then fetch.
    await this.jobs.prepare(this.queue.spec);
    await this.recoverSafely();
    for (let i = 0; i < this.config.transcode.concurrency; i++) {
      await this.jobs.work<TranscodeJobData>(this.queue.spec, options.pollingIntervalSeconds ?? 1, (job) =>
        this.handle(job),
      );
    }
    this.timer = setInterval(() => void this.recoverSafely(), options.recoverEveryMs ?? 60_000);
    this.timer.unref();
  }

  /** Stops ffmpeg at once; the interrupted jobs are queued again (a restart is not the video's fault). */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      if (this.timer) clearInterval(this.timer);
      await this.recovering;
      for (const { controller } of this.running.values()) controller.abort(new JobInterrupted());
      await Promise.allSettled([...this.running.values()].map((r) => r.done));
      await this.jobs.stop();
    })();
    return this.stopping;
  }

  private async handle(job: Job<TranscodeJobData>): Promise<object> {
    const controller = new AbortController();
    // Fetched while this process is stopping: hand it back at once.
    if (this.stopping) controller.abort(new JobInterrupted());
    const timeoutS = this.config.transcode.timeoutS;
    const timer = setTimeout(
      () =>
        controller.abort(new TranscodeError(`Transcoding took longer than ${timeoutS} s and was stopped`)),
      timeoutS * 1000,
    );
    const done = (async () => {
      try {
        return await this.transcoder.run(job.data.assetId, {
          final: job.retryCount >= job.retryLimit,
          signal: controller.signal,
        });
      } catch (error) {
        if (controller.signal.reason instanceof JobInterrupted) {
          // Queue it again, and record this one as done before the process goes (pg-boss's own
          // completion after the handler returns is not awaited by its shutdown).
          const output = { outcome: 'interrupted', assetId: job.data.assetId };
          await this.queue.enqueue(job.data.assetId);
          await this.jobs.complete(TRANSCODE_QUEUE, job.id, output);
          this.logger.log({ assetId: job.data.assetId }, 'transcoding interrupted by shutdown; queued again');
          return output;
        }
        throw error;
      } finally {
        clearTimeout(timer);
      }
    })();
    this.running.set(job.id, { controller, done });
    try {
      return await done;
    } finally {
      this.running.delete(job.id);
    }
  }

  private recoverSafely(): Promise<void> {
    this.recovering ??= this.recover()
      .then((report) => {
        if (Object.values(report).some(Boolean)) this.logger.log(report, 'transcoding recovery');
      })
      .catch((error: unknown) => this.logger.warn({ err: error }, 'transcoding recovery failed'))
      .finally(() => (this.recovering = null));
    return this.recovering;
  }

  /**
   * Repairs what crashes leave behind; safe to run in several processes at once:
   * - an active job older than 30 s whose original no live worker holds the lock on lost its worker (the
   *   process was killed): it is failed, so pg-boss retries it (within the retry limit);
   * - a `processing` video with no waiting or active job is queued again, or, when its last job failed
   *   without the worker recording it (killed on its last attempt), marked `failed`;
   * - a `ready` video without renditions (uploaded before transcoding existed) is queued.
   */
  async recover(): Promise<RecoveryReport> {
    const report: RecoveryReport = { orphanedJobs: 0, requeued: 0, failed: 0, backfilled: 0 };
    const schema = this.jobs.schema;
    const active = (await this.dataSource.query(
      `SELECT j.id, a.sha256 FROM ${schema}.job j JOIN media_assets a ON a.id::text = j.data->>'assetId'
        WHERE j.name = $1 AND j.state = 'active' AND j.started_on < now() - make_interval(secs => $2)`,
      [TRANSCODE_QUEUE, ORPHAN_AFTER_S],
    )) as { id: string; sha256: string }[];
    for (const job of active) {
      if (this.running.has(job.id) || (await this.isLocked(job.sha256))) continue;
      await this.jobs.fail(TRANSCODE_QUEUE, job.id, 'The worker stopped while transcoding');
      report.orphanedJobs++;
    }

    const stranded = (await this.dataSource.query(
      `SELECT a.id,
              (SELECT COALESCE(j.output->>'message', 'Transcoding failed') FROM ${schema}.job j
                WHERE j.name = $1 AND j.data->>'assetId' = a.id::text AND j.state = 'failed'
                  AND j.completed_on >= a.updated_at
                ORDER BY j.completed_on DESC LIMIT 1) AS failure
         FROM media_assets a
        WHERE a.kind = 'video' AND a.status = 'processing'
          AND NOT EXISTS (SELECT 1 FROM ${schema}.job j
                           WHERE j.name = $1 AND j.data->>'assetId' = a.id::text AND j.state < 'completed')`,
      [TRANSCODE_QUEUE],
    )) as { id: string; failure: string | null }[];
    for (const asset of stranded) {
      if (asset.failure) {
        await this.dataSource.query(
          `UPDATE media_assets SET status = 'failed', failure_reason = $2 WHERE id = $1 AND status = 'processing'`,
          [asset.id, asset.failure],
        );
        report.failed++;
      } else {
        await this.queue.enqueue(asset.id);
        report.requeued++;
      }
    }

    report.backfilled = await this.dataSource.transaction(async (manager) => {
      const [rows] = (await manager.query(
        `UPDATE media_assets SET status = 'processing'
          WHERE kind = 'video' AND status = 'ready' AND NOT renditions ? 'master' RETURNING id`,
      )) as [{ id: string }[], number];
      for (const row of rows) await this.queue.enqueue(row.id, manager);
      return rows.length;
    });
    if (report.requeued || report.backfilled || report.orphanedJobs) this.queue.wake();
    return report;
  }

  /** Whether some live session holds the transcoding lock of this original. */
  private async isLocked(sha256: string): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const [{ free }] = (await manager.query(`SELECT pg_try_advisory_xact_lock($1, hashtext($2)) AS free`, [
        TRANSCODE_LOCK,
        sha256,
      ])) as { free: boolean }[];
      return !free;
    });
  }

  /** Work directories left by a killed process (older than any attempt may last). */
  private async removeStaleWorkDirs(): Promise<void> {
    const root = path.join(this.config.dataDir, 'tmp', 'transcode');
    const limit = Date.now() - (this.config.transcode.timeoutS + 3600) * 1000;
    for (const name of await readdir(root).catch(() => [] as string[])) {
      const dir = path.join(root, name);
      const info = await stat(dir).catch(() => null);
      if (info && info.mtimeMs < limit) await rm(dir, { recursive: true, force: true });
    }
  }
}
