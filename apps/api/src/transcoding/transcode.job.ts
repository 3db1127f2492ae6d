import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, type QueryRunner } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { hasRenditions, type RenditionsRecord } from '../media/media-renditions.js';
import { renditionKeyFor, STORAGE, type StorageDriver } from '../media/storage/storage.driver.js';
import { probeVideo, resolveFfmpegTools, TranscodeError, type FfmpegTools } from './ffmpeg.js';
import { makeHls, makePoster } from './hls.js';

/** Advisory lock class for "this original (by sha256) is being transcoded"; the second key is hashtext(sha256). */
export const TRANSCODE_LOCK = 7261100;

/** Thrown into a running job when its process shuts down: the job is queued again, not failed. */
export class JobInterrupted extends Error {
  constructor() {
    super('The process is shutting down');
  }
}

export type TranscodeOutcome =
  | {
      outcome: 'transcoded';
      assetId: string;
      variants: number;
      seconds: number;
      tools: FfmpegTools['source'];
    }
  | { outcome: 'reused'; assetId: string; from: string }
  | { outcome: 'skipped'; assetId: string; reason: 'missing' | 'not-processing' | 'locked' };

interface ClaimedAsset {
  sha256: string;
  storage_key: string;
}

/**
 * One transcoding attempt: probe, poster, HLS renditions, all stored next to the original (keys derived
 * from its sha256), then `ready`. Only one process works on an original at a time: it holds a PostgreSQL
 * advisory lock on a connection of its own for the whole attempt (released by PostgreSQL if the process
 * dies), and every write to the asset is conditional on `status = 'processing'` and made on that connection.
 */
@Injectable()
export class TranscodeJob {
  private readonly logger = new Logger('Transcode');
  private tools: Promise<FfmpegTools> | null = null;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(STORAGE) private readonly storage: StorageDriver,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** ffmpeg and ffprobe, found once per process. */
  ffmpegTools(): Promise<FfmpegTools> {
    this.tools ??= resolveFfmpegTools({ ...this.config.transcode, dataDir: this.config.dataDir });
    this.tools.catch(() => (this.tools = null));
    return this.tools;
  }

  /**
   * Runs one attempt. `final`: the last one allowed, so a failure marks the asset `failed` with the reason
   * (earlier failures leave it `processing`: the job is retried).
   */
  async run(assetId: string, options: { final: boolean; signal: AbortSignal }): Promise<TranscodeOutcome> {
    options.signal.throwIfAborted();
    const [asset] = (await this.dataSource.query(
      `SELECT sha256, status FROM media_assets WHERE id = $1 AND kind = 'video'`,
      [assetId],
    )) as { sha256: string | null; status: string }[];
    if (!asset?.sha256) return { outcome: 'skipped', assetId, reason: 'missing' };
    if (asset.status !== 'processing') return { outcome: 'skipped', assetId, reason: 'not-processing' };

    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    let locked = false;
    try {
      [{ locked }] = (await runner.query(`SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked`, [
        TRANSCODE_LOCK,
        asset.sha256,
      ])) as { locked: boolean }[];
      // Another worker is on this original (this asset, or another with the same bytes); its job or the
      // runner's recovery takes care of this asset afterwards.
      if (!locked) return { outcome: 'skipped', assetId, reason: 'locked' };
      const [claimed] = (await runner.query(
        `UPDATE media_assets SET updated_at = now() WHERE id = $1 AND status = 'processing'
          RETURNING sha256, storage_key`,
        [assetId],
      )) as [ClaimedAsset[], number];
      const row = claimed[0];
      if (!row) return { outcome: 'skipped', assetId, reason: 'not-processing' };
      try {
        return (
          (await this.reuse(runner, assetId, row)) ??
          (await this.transcode(runner, assetId, row, options.signal))
        );
      } catch (error) {
        if (error instanceof JobInterrupted || options.signal.reason instanceof JobInterrupted) throw error;
        const reason = failureReason(error);
        if (options.final) {
          await runner.query(
            `UPDATE media_assets SET status = 'failed', failure_reason = $2 WHERE id = $1 AND status = 'processing'`,
            [assetId, reason],
          );
          this.logger.warn({ assetId, reason }, 'transcoding failed');
        } else {
          this.logger.warn({ assetId, reason }, 'transcoding attempt failed; it will be retried');
        }
        throw new Error(reason, { cause: error });
      }
    } finally {
      if (locked)
        await runner
          .query(`SELECT pg_advisory_unlock($1, hashtext($2))`, [TRANSCODE_LOCK, asset.sha256])
          .catch(() => undefined);
      await runner.release();
    }
  }

  /** Another asset with the same bytes is already transcoded: share its files. */
  private async reuse(
    runner: QueryRunner,
    assetId: string,
    asset: ClaimedAsset,
  ): Promise<TranscodeOutcome | null> {
    const [twin] = (await runner.query(
      `SELECT id, renditions FROM media_assets
        WHERE sha256 = $1 AND id <> $2 AND status = 'ready' AND renditions ? 'master' LIMIT 1`,
      [asset.sha256, assetId],
    )) as { id: string; renditions: unknown }[];
    if (!twin || !hasRenditions(twin.renditions)) return null;
    if (!(await this.storage.exists(renditionKeyFor(asset.sha256, twin.renditions.master)))) return null;
    await runner.query(
      `UPDATE media_assets a SET status = 'ready', renditions = t.renditions, failure_reason = NULL,
              duration_s = COALESCE(t.duration_s, a.duration_s), width = t.width, height = t.height
         FROM media_assets t WHERE a.id = $1 AND t.id = $2 AND a.status = 'processing'`,
      [assetId, twin.id],
    );
    return { outcome: 'reused', assetId, from: twin.id };
  }

  private async transcode(
    runner: QueryRunner,
    assetId: string,
    asset: ClaimedAsset,
    signal: AbortSignal,
  ): Promise<TranscodeOutcome> {
    const started = Date.now();
    const tools = await this.ffmpegTools();
    const workDir = path.join(
      this.config.dataDir,
      'tmp',
      'transcode',
      `${assetId}-${randomBytes(4).toString('hex')}`,
    );
    await mkdir(workDir, { recursive: true });
    try {
      const input = await this.localCopy(asset.storage_key, workDir, signal);
      const probe = await probeVideo(tools, input, signal);
      const outDir = path.join(workDir, 'out');
      await mkdir(outDir);
      const hls = await makeHls(tools, input, outDir, probe, signal);
      const largest = hls.variants[hls.variants.length - 1];
      await makePoster(tools, input, path.join(outDir, 'poster.jpg'), probe, largest, signal);

      // The master playlist goes last: when it exists, everything it points to does.
      const files = ['poster.jpg', ...hls.files];
      await storeAll(this.storage, asset.sha256, outDir, files.slice(0, -1), signal);
      await storeAll(this.storage, asset.sha256, outDir, files.slice(-1), signal);

      const record: RenditionsRecord = {
        version: 1,
        createdAt: new Date().toISOString(),
        poster: 'poster.jpg',
        master: 'master.m3u8',
        variants: hls.variants,
      };
      await runner.query(
        `UPDATE media_assets SET status = 'ready', renditions = $2, failure_reason = NULL,
                duration_s = COALESCE($3, duration_s), width = $4, height = $5
          WHERE id = $1 AND status = 'processing'`,
        [assetId, JSON.stringify(record), probe.durationS, probe.width, probe.height],
      );
      const seconds = (Date.now() - started) / 1000;
      this.logger.log(
        { assetId, seconds, variants: hls.variants.map((v) => v.name), tools: tools.source },
        'video transcoded',
      );
      return { outcome: 'transcoded', assetId, variants: hls.variants.length, seconds, tools: tools.source };
    } finally {
      await rm(workDir, { recursive: true, force: true });
    }
  }

  /** The original as a local file: in place on local storage, else downloaded into workDir. */
  private async localCopy(key: string, workDir: string, signal: AbortSignal): Promise<string> {
    const local = this.storage.localPath?.(key);
    if (local && (await stat(local).catch(() => null))) return local;
    const file = path.join(workDir, 'input');
    await pipeline(await this.storage.get(key), createWriteStream(file), { signal });
    return file;
  }
}

async function storeAll(
  storage: StorageDriver,
  sha256: string,
  dir: string,
  files: string[],
  signal: AbortSignal,
): Promise<void> {
  const queue = [...files];
  const worker = async () => {
    for (let file = queue.shift(); file; file = queue.shift()) {
      signal.throwIfAborted();
      const source = path.join(dir, file);
      await storage.put(renditionKeyFor(sha256, file), source, (await stat(source)).size);
    }
  };
  await Promise.all(Array.from({ length: Math.min(4, files.length) }, worker));
}

/** What an author reads in the media library: our own messages as they are, anything else summarised. */
function failureReason(error: unknown): string {
  if (error instanceof TranscodeError) return error.message;
  const message = error instanceof Error ? error.message : String(error);
  return `Transcoding failed: ${message}`.slice(0, 500);
}
