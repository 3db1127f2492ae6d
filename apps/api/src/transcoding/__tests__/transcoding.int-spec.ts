import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { TestContext, type TestOrganisation } from '@academy/testing';
import type { Response } from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import type { RenditionsRecord } from '../../media/media-renditions.js';
import { binary, fixtures, upload } from '../../media/__tests__/media-fixtures.js';
import { demoVideo, makeHdClip, parsePlaylist, probeBytes, until } from './hls-helpers.js';

interface AssetRow {
  status: string;
  failure_reason: string | null;
  duration_s: number | null;
  width: number | null;
  height: number | null;
  renditions: RenditionsRecord;
}

describe('video transcoding (runner inside the API process)', () => {
  let ctx: TestContext;
  let author: TestAgent;
  let tmp: string;
  const ids: Record<string, string> = {};

  const row = async (id: string) =>
    (
      (await ctx.db.query(
        `SELECT status, failure_reason, duration_s, width, height, renditions FROM media_assets WHERE id = $1`,
        [id],
      )) as AssetRow[]
    )[0];
  const settled = (id: string, timeoutMs = 30_000) =>
    until(
      async () => {
        const asset = await row(id);
        return asset.status === 'processing' ? null : asset;
      },
      timeoutMs,
      `asset ${id} to leave processing`,
    );
  const bytes = (agent: TestAgent, url: string) => agent.get(url).buffer(true).parse(binary);
  const text = (response: Response) => (response.body as Buffer).toString('utf8');

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'academy-transcode-'));
    ctx = await TestContext.create({ TRANSCODE_RETRY_DELAY_S: '0' }, { jobs: true });
    author = await ctx.login(await ctx.newUser({ roles: ['author'] }));
    for (const name of ['kyoto', 'hs-basics', 'ecommerce'] as const) {
      const response = await upload(author, await readFile(demoVideo(name)), {
        filename: `${name}.mp4`,
        kind: 'video',
      });
      expect(response.body).toMatchObject({ status: 'processing', renditions: null });
      ids[name] = response.body.id;
    }
  });
  afterAll(async () => {
    await ctx.close();
    await rm(tmp, { recursive: true, force: true });
  });

  it('turns each demo video into playable 360p HLS with a poster, and the library shows it', async () => {
    for (const id of Object.values(ids)) {
      const asset = await settled(id);
      expect(asset).toMatchObject({
        status: 'ready',
        failure_reason: null,
        duration_s: 12,
        width: 640,
        height: 360,
      });
      expect(asset.renditions).toMatchObject({
        poster: 'poster.jpg',
        master: 'master.m3u8',
        variants: [{ name: '360p', playlist: '360p.m3u8', width: 640, height: 360, segments: 3 }],
      });

      const master = await bytes(author, `/api/media/${id}/hls/master.m3u8`).expect(200);
      expect(master.headers['content-type']).toBe('application/vnd.apple.mpegurl');
      const [variant] = parsePlaylist(text(master)).playlists ?? [];
      expect(variant.uri).toBe('360p.m3u8');
      expect(variant.attributes.RESOLUTION).toEqual({ width: 640, height: 360 });
      expect(variant.attributes.CODECS).toBe('avc1.4d401f,mp4a.40.2');
      expect(variant.attributes.BANDWIDTH).toBeGreaterThan(50_000);

      // Relative URIs resolve against the playlist's own URL, as a player does.
      const media = parsePlaylist(
        text(await bytes(author, `/api/media/${id}/hls/${variant.uri}`).expect(200)),
      );
      expect(media.endList).toBe(true);
      expect(media.segments.map((s) => s.uri)).toEqual(['360p_0000.ts', '360p_0001.ts', '360p_0002.ts']);
      expect(media.segments.reduce((sum, s) => sum + s.duration, 0)).toBeCloseTo(12, 0);
      const segment = await bytes(author, `/api/media/${id}/hls/${media.segments[1].uri}`).expect(200);
      expect(segment.headers['content-type']).toBe('video/mp2t');
      const probe = await probeBytes(segment.body as Buffer);
      expect(probe.streams.map((s) => [s.codec_type, s.codec_name, s.height])).toEqual([
        ['video', 'h264', 360],
        ['audio', 'aac', undefined],
      ]);

      const poster = await bytes(author, `/api/media/${id}/poster`).expect(200);
      expect(poster.headers['content-type']).toBe('image/jpeg');
      expect((poster.body as Buffer).subarray(0, 3).toString('hex')).toBe('ffd8ff');
    }

    const library = await author.get('/api/media').query({ kind: 'video' }).expect(200);
    const kyoto = library.body.items.find((item: { id: string }) => item.id === ids.kyoto);
    expect(kyoto).toMatchObject({
      status: 'ready',
      failureReason: null,
      durationS: 12,
      width: 640,
      height: 360,
      renditions: {
        hlsUrl: `/api/media/${ids.kyoto}/hls/master.m3u8`,
        posterUrl: `/api/media/${ids.kyoto}/poster`,
        heights: [360],
      },
    });
  });

  it('serves segments with validators and ranges', async () => {
    const url = `/api/media/${ids.kyoto}/hls/360p_0000.ts`;
    const whole = await bytes(author, url).expect(200);
    const etag = whole.headers.etag as string;
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(whole.headers['cache-control']).toBe('private, max-age=300');
    await bytes(author, url).set('If-None-Match', etag).expect(304);
    const part = await bytes(author, url).set('Range', 'bytes=188-375').expect(206);
    expect(part.headers['content-range']).toBe(`bytes 188-375/${(whole.body as Buffer).length}`);
    // MPEG-TS packets are 188 bytes and start with the sync byte 0x47.
    expect((part.body as Buffer).length).toBe(188);
    expect((part.body as Buffer)[0]).toBe(0x47);
    // Another asset's playlist has another validator.
    const other = await bytes(author, `/api/media/${ids['hs-basics']}/hls/360p_0000.ts`).expect(200);
    expect(other.headers.etag).not.toBe(etag);
  });

  it('adds a 720p rendition when the source is HD', async () => {
    const clip = path.join(tmp, 'hd.mp4');
    await makeHdClip(clip, 4);
    const response = await upload(author, await readFile(clip), { filename: 'hd.mp4', kind: 'video' });
    const asset = await settled(response.body.id);
    expect(asset).toMatchObject({ status: 'ready', width: 1280, height: 720 });
    const master = parsePlaylist(
      text(await bytes(author, `/api/media/${response.body.id}/hls/master.m3u8`).expect(200)),
    );
    expect(master.playlists?.map((p) => [p.uri, p.attributes.RESOLUTION, p.attributes.CODECS])).toEqual([
      ['360p.m3u8', { width: 640, height: 360 }, 'avc1.4d401f,mp4a.40.2'],
      ['720p.m3u8', { width: 1280, height: 720 }, 'avc1.640028,mp4a.40.2'],
    ]);
    const [low, high] = master.playlists!;
    expect(high.attributes.BANDWIDTH).toBeGreaterThan(low.attributes.BANDWIDTH);
    const hd = parsePlaylist(
      text(await bytes(author, `/api/media/${response.body.id}/hls/720p.m3u8`).expect(200)),
    );
    const segment = await bytes(author, `/api/media/${response.body.id}/hls/${hd.segments[0].uri}`).expect(
      200,
    );
    const probe = await probeBytes(segment.body as Buffer);
    expect(probe.streams.find((s) => s.codec_type === 'video')).toMatchObject({
      codec_name: 'h264',
      height: 720,
    });
  });

  it('gives up on a corrupt video after its retries: failed, with a reason the author can read', async () => {
    // Sniffed as MP4 (the header is right), but nothing after it is a video.
    const response = await upload(author, fixtures.mp4(40_000), { filename: 'broken.mp4', kind: 'video' });
    const id = response.body.id as string;
    const asset = await settled(id);
    expect(asset.status).toBe('failed');
    expect(asset.failure_reason).toMatch(
      /^The video could not be read: .*(Invalid data|moov atom not found)/,
    );
    expect(asset.renditions).toEqual({});
    // Three attempts: the first and TRANSCODE_RETRIES (2) retries. The asset is marked failed inside the
    // last attempt, just before pg-boss records the job itself as failed: wait for that too.
    const jobs = await until(
      async () => {
        const rows = (await ctx.db.query(
          `SELECT state, retry_count, retry_limit FROM pgboss.job WHERE name = 'media-transcode' AND data->>'assetId' = $1`,
          [id],
        )) as { state: string; retry_count: number; retry_limit: number }[];
        return rows.every((job) => job.state !== 'active' && job.state !== 'retry') ? rows : null;
      },
      10_000,
      'the transcoding job to settle',
    );
    expect(jobs).toEqual([{ state: 'failed', retry_count: 2, retry_limit: 2 }]);
    const dto = await author.get(`/api/media/${id}`).expect(200);
    expect(dto.body).toMatchObject({
      status: 'failed',
      failureReason: asset.failure_reason,
      renditions: null,
    });
    // Nothing to stream, and the work directory is gone.
    await author.get(`/api/media/${id}/hls/master.m3u8`).expect(404);
    expect(await readdirSafe(path.join(ctx.config.dataDir, 'tmp', 'transcode'))).toEqual([]);
  });

  describe('access to renditions: the rules of GET /api/media/:id/content', () => {
    let admin: TestAgent;
    let inside: TestAgent;
    let outside: TestAgent;
    let lessonId: string;
    let adminA: TestOrganisation;

    /** A course with one video lesson using `videoId`, open to administration A; published or not. */
    async function course(code: string, videoId: string, publish: boolean): Promise<string> {
      const created = await author
        .post('/api/studio/courses')
        .send({
          code,
          baseLocale: 'en',
          title: { en: `Course ${code}` },
          summary: { en: 'About it' },
          topics: ['valuation'],
          audience: 'administrations',
          audienceOrganisationIds: [adminA.id],
        })
        .expect(201);
      const withModule = await author
        .post(`/api/studio/courses/${created.body.id}/modules`)
        .send({ title: { en: 'Basics' } })
        .expect(201);
      const lesson = await author
        .post(`/api/studio/modules/${withModule.body.modules[0].id}/lessons`)
        .send({ kind: 'video', title: { en: 'Watch' }, variants: { en: { mediaAssetId: videoId } } })
        .expect(201);
      if (publish) await author.post(`/api/studio/courses/${created.body.id}/publish`).expect(200);
      return lesson.body.modules[0].lessons[0].id as string;
    }

    beforeAll(async () => {
      await Promise.all(Object.values(ids).map((id) => settled(id)));
      const region = await ctx.newOrganisation({ kind: 'region' });
      adminA = await ctx.newOrganisation({ parent: region, kind: 'administration' });
      const adminB = await ctx.newOrganisation({ parent: region, kind: 'administration' });
      const unitA = await ctx.newOrganisation({ parent: adminA });
      admin = await ctx.login(await ctx.newUser({ roles: ['admin'] }));
      inside = await ctx.login(await ctx.newUser({ organisation: unitA }));
      outside = await ctx.login(await ctx.newUser({ organisation: adminB }));
      lessonId = await course('HLS-PUBLISHED', ids.kyoto, true);
      await course('HLS-DRAFT', ids['hs-basics'], false);
    });

    const files = (id: string) => [
      `/api/media/${id}/hls/master.m3u8`,
      `/api/media/${id}/hls/360p.m3u8`,
      `/api/media/${id}/hls/360p_0002.ts`,
      `/api/media/${id}/poster`,
    ];

    it('refuses anonymous callers with 401', async () => {
      for (const url of files(ids.kyoto)) {
        const response = await ctx.http().get(url).expect(401);
        expect(response.body.error.code).toBe('UNAUTHENTICATED');
      }
    });

    it('serves learners in the audience of a published course, and no one outside it', async () => {
      for (const url of files(ids.kyoto)) {
        await bytes(inside, url).expect(200);
        const refused = await bytes(outside, url).expect(404);
        expect(JSON.parse(text(refused)).error.code).toBe('MEDIA_NOT_FOUND');
      }
      const lesson = await inside.get(`/api/lessons/${lessonId}`).expect(200);
      expect(lesson.body.media).toMatchObject({
        url: `/api/media/${ids.kyoto}/content`,
        hlsUrl: `/api/media/${ids.kyoto}/hls/master.m3u8`,
        posterUrl: `/api/media/${ids.kyoto}/poster`,
        durationS: 12,
      });
    });

    it('keeps the media of draft courses to authors and admins', async () => {
      for (const url of files(ids['hs-basics'])) {
        await bytes(inside, url).expect(404);
        await bytes(author, url).expect(200);
        await bytes(admin, url).expect(200);
      }
    });

    it('answers 404 for any file name its renditions do not list', async () => {
      for (const file of [
        '360p_0003.ts',
        '360p_003.ts',
        '720p.m3u8',
        'input',
        'master.m3u8.bak',
        '..%2F..%2F..%2Fetc%2Fpasswd',
        '%2e%2e',
        '..',
        'poster.JPG',
      ]) {
        const response = await bytes(author, `/api/media/${ids.kyoto}/hls/${file}`);
        expect([file, response.status]).toEqual([file, 404]);
      }
      // Not a video with renditions (and a malformed id).
      await bytes(author, `/api/media/00000000-0000-4000-8000-000000000000/hls/master.m3u8`).expect(404);
      await author.get(`/api/media/not-a-uuid/hls/master.m3u8`).expect(400);
    });

    it('still plays the original while a video is processing; its lesson offers no HLS until ready', async () => {
      await ctx.db.query(`UPDATE media_assets SET status = 'processing' WHERE id = $1`, [ids.kyoto]);
      try {
        await bytes(inside, `/api/media/${ids.kyoto}/content`).set('Range', 'bytes=0-99').expect(206);
        await bytes(inside, `/api/media/${ids.kyoto}/hls/master.m3u8`).expect(404);
        const lesson = await inside.get(`/api/lessons/${lessonId}`).expect(200);
        expect(lesson.body.media).toMatchObject({
          url: `/api/media/${ids.kyoto}/content`,
          hlsUrl: null,
          posterUrl: null,
        });
      } finally {
        await ctx.db.query(`UPDATE media_assets SET status = 'ready' WHERE id = $1`, [ids.kyoto]);
      }
    });
  });
});

async function readdirSafe(dir: string): Promise<string[]> {
  const { readdir } = await import('node:fs/promises');
  return readdir(dir).catch(() => []);
}
