import { readdir, readFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { TestContext } from '@academy/testing';
// s3rver ships no types; the few calls used here are typed below.
// @ts-expect-error -- no declaration file
import S3rver from 's3rver';
import type TestAgent from 'supertest/lib/agent.js';
import { createDataSource } from '../../database/data-source.js';
import { JobQueue } from '../../jobs/job-queue.js';
import { binary, upload } from '../../media/__tests__/media-fixtures.js';
import { TRANSCODE_LOCK } from '../transcode.job.js';
import { TranscodeQueue } from '../transcode.queue.js';
import { TranscodeRunner } from '../transcode.runner.js';
import { startWorker } from '../worker.js';
import { demoVideo, makeHdClip, probeBytes, until } from './hls-helpers.js';

interface S3rverInstance {
  run(): Promise<{ port: number }>;
  close(): Promise<void>;
}
type S3rverClass = new (options: Record<string, unknown>) => S3rverInstance;

interface JobRow {
  id: string;
  state: string;
  retry_count: number;
  output: { outcome?: string; reason?: string } | null;
}

/**
 * Separate worker processes (WORKER=true: startWorker with its own database connections) on S3 storage:
 * restarts mid-job, a worker that died, and two workers at once.
 */
describe('transcoding workers', () => {
  let s3Dir: string;
  let s3: S3rverInstance;
  let ctx: TestContext;
  let author: TestAgent;
  const workers: INestApplicationContext[] = [];

  /** A worker like `WORKER=true node main.js`, on the same database and storage. */
  async function startRunner(): Promise<INestApplicationContext> {
    const dataSource = createDataSource((ctx.db.options as { url: string }).url, { extra: { max: 4 } });
    await dataSource.initialize();
    const worker = await startWorker({ ...ctx.config, worker: true, jobs: true }, dataSource);
    workers.push(worker);
    return worker;
  }
  async function stopRunner(worker: INestApplicationContext): Promise<void> {
    workers.splice(workers.indexOf(worker), 1);
    await worker.close();
  }
  const jobsOf = async (assetId: string) =>
    (await ctx.db.query(
      `SELECT id, state, retry_count, output FROM pgboss.job
        WHERE name = 'media-transcode' AND data->>'assetId' = $1 ORDER BY created_on, id`,
      [assetId],
    )) as JobRow[];
  /** The asset's jobs once none is waiting or running (the job is completed just after the asset is ready). */
  const settledJobs = (assetId: string) =>
    until(
      async () => {
        const rows = await jobsOf(assetId);
        return rows.every((j) => j.state === 'completed' || j.state === 'failed') ? rows : null;
      },
      10_000,
      'the jobs to settle',
    );
  const statusOf = async (assetId: string) =>
    (
      (await ctx.db.query(`SELECT status FROM media_assets WHERE id = $1`, [assetId])) as { status: string }[]
    )[0].status;
  const ready = (assetId: string, timeoutMs = 30_000) =>
    until(async () => (await statusOf(assetId)) === 'ready', timeoutMs, `asset ${assetId} to be ready`);
  const uploadVideo = async (file: string, name: string) =>
    (await upload(author, await readFile(file), { filename: name, kind: 'video' })).body.id as string;

  beforeAll(async () => {
    s3Dir = await mkdtemp(path.join(os.tmpdir(), 'academy-s3-'));
    s3 = new (S3rver as S3rverClass)({
      address: '127.0.0.1',
      port: 0,
      silent: true,
      directory: s3Dir,
      configureBuckets: [{ name: 'academy-media' }],
    });
    const { port } = await s3.run();
    // The API queues jobs only (JOBS=false); workers run them.
    ctx = await TestContext.create({
      STORAGE_DRIVER: 's3',
      S3_ENDPOINT: `http://127.0.0.1:${port}`,
      S3_BUCKET: 'academy-media',
      S3_ACCESS_KEY: 'S3RVER',
      S3_SECRET_KEY: 'S3RVER',
      S3_FORCE_PATH_STYLE: 'true',
      TRANSCODE_RETRY_DELAY_S: '0',
    });
    author = await ctx.login(await ctx.newUser({ roles: ['author'] }));
  });
  afterEach(async () => {
    for (const worker of [...workers]) await stopRunner(worker);
  });
  afterAll(async () => {
    await ctx.close();
    await s3.close();
    await rm(s3Dir, { recursive: true, force: true });
  });

  it('picks up a job whose worker was killed mid-job, and stores the renditions in S3', async () => {
    const id = await uploadVideo(demoVideo('kyoto'), 'kyoto.mp4');
    // A worker fetched the job five minutes ago and died with it: active, and nobody holds its lock.
    await ctx.db.query(
      `UPDATE pgboss.job SET state = 'active', started_on = now() - interval '5 minutes'
        WHERE name = 'media-transcode' AND data->>'assetId' = $1`,
      [id],
    );
    await startRunner();
    await ready(id);
    const [job] = await settledJobs(id);
    // Failed as orphaned, retried once (within TRANSCODE_RETRIES), done.
    expect(job).toMatchObject({ state: 'completed', retry_count: 1, output: { outcome: 'transcoded' } });

    // The renditions came back from S3 through the API.
    const objects = await readdir(path.join(s3Dir, 'academy-media', 'media', 'renditions'), {
      recursive: true,
    });
    expect(objects.some((name) => name.endsWith('master.m3u8._S3rver_object'))).toBe(true);
    const segment = await author
      .get(`/api/media/${id}/hls/360p_0000.ts`)
      .buffer(true)
      .parse(binary)
      .expect(200);
    const probe = await probeBytes(segment.body as Buffer);
    expect(probe.streams.map((s) => s.codec_name)).toEqual(['h264', 'aac']);
    await author.get(`/api/media/${id}/poster`).expect(200).expect('Content-Type', 'image/jpeg');
  });

  it('queues an interrupted job again when its worker stops, and another worker finishes it', async () => {
    const clip = path.join(s3Dir, 'hd.mp4');
    await makeHdClip(clip, 6);
    const id = await uploadVideo(clip, 'hd.mp4');
    const first = await startRunner();
    // Wait until ffmpeg is at work (its work directory exists), then stop the worker.
    const workRoot = path.join(ctx.config.dataDir, 'tmp', 'transcode');
    await until(
      async () => (await readdir(workRoot).catch(() => [])).some((name) => name.startsWith(id)),
      20_000,
      'the job to start',
    );
    await stopRunner(first);
    expect(await statusOf(id)).toBe('processing');
    const afterStop = await jobsOf(id);
    expect(afterStop).toEqual([
      expect.objectContaining({
        state: 'completed',
        output: expect.objectContaining({ outcome: 'interrupted' }),
      }),
      expect.objectContaining({ state: 'created', retry_count: 0 }),
    ]);
    expect(await readdir(workRoot)).toEqual([]);

    await startRunner();
    await ready(id, 40_000);
    const jobs = await settledJobs(id);
    expect(jobs.map((j) => [j.state, j.output?.outcome])).toEqual([
      ['completed', 'interrupted'],
      ['completed', 'transcoded'],
    ]);
    // A restart is not the video's fault: no retry was spent.
    expect(jobs[1].retry_count).toBe(0);
  });

  it('never lets two workers transcode the same video', async () => {
    const names = ['hs-basics', 'ecommerce'] as const;
    const ids = [];
    for (const name of names) ids.push(await uploadVideo(demoVideo(name), `${name}.mp4`));
    // A second job for each video (as a duplicate send or a recovery race would make), next to the first.
    const jobs = ctx.app.get(JobQueue);
    const spec = ctx.app.get(TranscodeQueue).spec;
    for (const id of ids) await jobs.send(spec, { assetId: id }, { singletonKey: `${id}:again` });

    await Promise.all([startRunner(), startRunner()]);
    for (const id of ids) await ready(id);
    for (const id of ids) {
      const done = await settledJobs(id);
      expect(done).toHaveLength(2);
      // Exactly one transcoded; the other found the video taken (lock held) or already done.
      expect(done.map((j) => j.output?.outcome).sort()).toEqual(['skipped', 'transcoded']);
    }
  });

  it('holds an original for whoever has its lock; the job waits for recovery rather than duplicate work', async () => {
    const id = await uploadVideo(demoVideo('kyoto'), 'kyoto-copy.mp4');
    const [{ sha256 }] = (await ctx.db.query(`SELECT sha256 FROM media_assets WHERE id = $1`, [id])) as {
      sha256: string;
    }[];
    // Another session "is transcoding" these bytes.
    const holder = ctx.db.createQueryRunner();
    await holder.connect();
    await holder.query(`SELECT pg_advisory_lock($1, hashtext($2))`, [TRANSCODE_LOCK, sha256]);
    try {
      const worker = await startRunner();
      const [job] = await until(
        async () => ((await jobsOf(id))[0]?.state === 'completed' ? jobsOf(id) : null),
        10_000,
        'the job to run',
      );
      expect(job.output).toEqual({ outcome: 'skipped', assetId: id, reason: 'locked' });
      expect(await statusOf(id)).toBe('processing');
      await holder.query(`SELECT pg_advisory_unlock($1, hashtext($2))`, [TRANSCODE_LOCK, sha256]);
      // Recovery finds a processing video without a job and queues it: the twin's renditions are reused.
      const report = await worker.get(TranscodeRunner).recover();
      expect(report).toMatchObject({ requeued: 1, orphanedJobs: 0, failed: 0 });
      await ready(id);
      const jobs = await settledJobs(id);
      expect(jobs.map((j) => j.output?.outcome)).toEqual(['skipped', 'reused']);
    } finally {
      await holder.release();
    }
  });
});
