import { constants } from 'node:fs';
import { access, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { isRenditionFile, type RenditionsRecord } from '../../media/media-renditions.js';
import {
  bundledFfmpeg,
  parseFfmpegInfo,
  parseFfprobe,
  probeVideo,
  resolveFfmpegTools,
  TranscodeError,
  type FfmpegTools,
} from '../ffmpeg.js';
import { makeHls, makePoster, masterPlaylist, planRenditions } from '../hls.js';
import { demoVideo, parsePlaylist, probeBytes } from './hls-helpers.js';

const executable = (file: string) =>
  access(file, constants.X_OK).then(
    () => true,
    () => false,
  );

describe('finding ffmpeg', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'academy-ffmpeg-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const base = () => ({ ffmpegPath: null, ffprobePath: null, dataDir: path.join(dir, 'data') });

  it('takes the system ffmpeg and ffprobe from PATH', async () => {
    const tools = await resolveFfmpegTools({ ...base(), searchPath: `${dir}:/usr/bin` });
    expect(tools).toEqual({ ffmpeg: '/usr/bin/ffmpeg', ffprobe: '/usr/bin/ffprobe', source: 'system' });
  });

  it('falls back to the bundled static ffmpeg (no ffprobe) when PATH has none', async () => {
    const tools = await resolveFfmpegTools({ ...base(), searchPath: dir });
    expect(tools.source).toBe('bundled');
    expect(tools.ffprobe).toBeNull();
    expect(tools.ffmpeg).toBe(bundledFfmpeg());
    expect(await executable(tools.ffmpeg)).toBe(true);
  });

  it('makes an executable copy under DATA_DIR/bin when the bundled binary lost its executable bit', async () => {
    const packaged = path.join(dir, 'node_modules', 'ffmpeg');
    await mkdir(path.dirname(packaged), { recursive: true });
    await writeFile(packaged, '#!/bin/sh\necho fake\n', { mode: 0o644 });
    const tools = await resolveFfmpegTools({ ...base(), searchPath: dir, bundled: () => packaged });
    expect(tools.ffmpeg.startsWith(path.join(dir, 'data', 'bin'))).toBe(true);
    expect(await executable(tools.ffmpeg)).toBe(true);
    expect(await readFile(tools.ffmpeg, 'utf8')).toContain('echo fake');
    // The package's file is left alone; a second call reuses the copy.
    expect(((await stat(packaged)).mode & 0o111) === 0).toBe(true);
    expect((await resolveFfmpegTools({ ...base(), searchPath: dir, bundled: () => packaged })).ffmpeg).toBe(
      tools.ffmpeg,
    );
  });

  it('refuses an FFMPEG_PATH that is not executable, and says when there is no ffmpeg at all', async () => {
    await expect(resolveFfmpegTools({ ...base(), ffmpegPath: path.join(dir, 'nope') })).rejects.toThrow(
      'FFMPEG_PATH',
    );
    await expect(resolveFfmpegTools({ ...base(), searchPath: dir, bundled: () => null })).rejects.toThrow(
      'No ffmpeg',
    );
  });
});

describe('probing', () => {
  it('reads duration, displayed size and audio with ffprobe, or from `ffmpeg -i` without it', async () => {
    const withProbe = await probeVideo(
      { ffmpeg: '/usr/bin/ffmpeg', ffprobe: '/usr/bin/ffprobe', source: 'system' },
      demoVideo('kyoto'),
    );
    const bundled = bundledFfmpeg()!;
    const withoutProbe = await probeVideo(
      { ffmpeg: bundled, ffprobe: null, source: 'bundled' },
      demoVideo('kyoto'),
    );
    for (const probe of [withProbe, withoutProbe]) {
      expect(probe).toEqual({ durationS: 12, width: 640, height: 360, hasAudio: true });
    }
  });

  it('turns the size of rotated videos into the displayed one', () => {
    const stderr = `Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'input':
  Duration: 00:01:02.50, start: 0.000000, bitrate: 88 kb/s
  Stream #0:0[0x1](und): Video: h264 (High) (avc1 / 0x31637661), yuv420p(tv, bt709, progressive), 1920x1080 [SAR 1:1 DAR 16:9], 32 kb/s, 30 fps (default)
    Side data:
      displaymatrix: rotation of -90.00 degrees
`;
    expect(parseFfmpegInfo(stderr)).toEqual({ durationS: 62.5, width: 1080, height: 1920, hasAudio: false });
    expect(
      parseFfprobe(
        JSON.stringify({
          streams: [{ codec_type: 'video', width: 1920, height: 1080, side_data_list: [{ rotation: 90 }] }],
          format: { duration: '3.5' },
        }),
      ),
    ).toEqual({ durationS: 3.5, width: 1080, height: 1920, hasAudio: false });
  });

  it('explains unreadable files without server paths', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'academy-corrupt-'));
    try {
      const file = path.join(dir, 'broken.mp4');
      await writeFile(
        file,
        Buffer.concat([
          Buffer.from('000000186674797069736f6d0000020069736f6d69736f32', 'hex'),
          Buffer.alloc(5000, 7),
        ]),
      );
      for (const tools of [
        { ffmpeg: '/usr/bin/ffmpeg', ffprobe: '/usr/bin/ffprobe', source: 'system' },
        { ffmpeg: bundledFfmpeg()!, ffprobe: null, source: 'bundled' },
      ] as FfmpegTools[]) {
        const error = await probeVideo(tools, file).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(TranscodeError);
        expect((error as Error).message).toMatch(/^The video could not be read: .*(Invalid data|moov atom)/);
        expect((error as Error).message).not.toContain(dir);
      }
      expect(() => parseFfprobe(JSON.stringify({ streams: [{ codec_type: 'audio' }] }))).toThrow(
        'no video stream',
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('rendition plan and playlists', () => {
  it('makes 360p always, 720p from 720p sources up, never upscales, and keeps portrait videos upright', () => {
    const sizes = (w: number, h: number) =>
      planRenditions({ width: w, height: h }).map((p) => [p.name, p.width, p.height]);
    expect(sizes(640, 360)).toEqual([['360p', 640, 360]]);
    expect(sizes(1920, 1080)).toEqual([
      ['360p', 640, 360],
      ['720p', 1280, 720],
    ]);
    expect(sizes(1280, 720)).toEqual([
      ['360p', 640, 360],
      ['720p', 1280, 720],
    ]);
    expect(sizes(1080, 1920)).toEqual([
      ['360p', 360, 640],
      ['720p', 720, 1280],
    ]);
    expect(sizes(320, 240)).toEqual([['360p', 320, 240]]);
    expect(sizes(1000, 700)).toEqual([['360p', 514, 360]]);
  });

  it('writes a master playlist with bandwidth, resolution and codecs, lowest first', () => {
    const variant = (name: string, height: number, bandwidth: number) => ({
      name,
      playlist: `${name}.m3u8`,
      width: (height * 16) / 9,
      height,
      bandwidth,
      averageBandwidth: bandwidth - 1000,
      codecs: 'avc1.4d401f,mp4a.40.2',
      segments: 3,
    });
    const manifest = parsePlaylist(
      masterPlaylist([variant('720p', 720, 2_000_000), variant('360p', 360, 600_000)]),
    );
    expect(
      manifest.playlists?.map((p) => [
        p.uri,
        p.attributes.BANDWIDTH,
        p.attributes.RESOLUTION,
        p.attributes.CODECS,
      ]),
    ).toEqual([
      ['360p.m3u8', 600_000, { width: 640, height: 360 }, 'avc1.4d401f,mp4a.40.2'],
      ['720p.m3u8', 2_000_000, { width: 1280, height: 720 }, 'avc1.4d401f,mp4a.40.2'],
    ]);
  });

  it('accepts only the file names a renditions record lists', () => {
    const record: RenditionsRecord = {
      version: 1,
      createdAt: new Date().toISOString(),
      poster: 'poster.jpg',
      master: 'master.m3u8',
      variants: [
        {
          name: '360p',
          playlist: '360p.m3u8',
          width: 640,
          height: 360,
          bandwidth: 1,
          averageBandwidth: 1,
          codecs: '',
          segments: 3,
        },
      ],
    };
    for (const ok of ['master.m3u8', 'poster.jpg', '360p.m3u8', '360p_0000.ts', '360p_0002.ts']) {
      expect(isRenditionFile(record, ok)).toBe(true);
    }
    for (const bad of [
      '360p_0003.ts',
      '360p_003.ts',
      '360p_00002.ts',
      '720p.m3u8',
      '720p_0000.ts',
      '../master.m3u8',
      '..%2fmaster.m3u8',
      'master.m3u8/',
      'MASTER.m3u8',
      'input',
      '',
    ]) {
      expect(isRenditionFile(record, bad)).toBe(false);
    }
  });
});

describe('HLS with the bundled ffmpeg 4.1 (no ffprobe)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'academy-hls-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('makes a playable 360p rendition and a poster', async () => {
    const tools: FfmpegTools = { ffmpeg: bundledFfmpeg()!, ffprobe: null, source: 'bundled' };
    const input = demoVideo('hs-basics');
    const probe = await probeVideo(tools, input);
    const result = await makeHls(tools, input, dir, probe);
    expect(result.variants).toEqual([
      expect.objectContaining({
        name: '360p',
        width: 640,
        height: 360,
        codecs: 'avc1.4d401f,mp4a.40.2',
        segments: 3,
      }),
    ]);
    expect(result.files).toEqual([
      '360p_0000.ts',
      '360p_0001.ts',
      '360p_0002.ts',
      '360p.m3u8',
      'master.m3u8',
    ]);
    const variant = parsePlaylist(await readFile(path.join(dir, '360p.m3u8'), 'utf8'));
    expect(variant.endList).toBe(true);
    expect(variant.segments.reduce((sum, s) => sum + s.duration, 0)).toBeCloseTo(12, 0);
    for (const segment of variant.segments) expect(segment.duration).toBeLessThanOrEqual(6);
    const streams = (await probeBytes(await readFile(path.join(dir, '360p_0001.ts')))).streams;
    expect(streams.map((s) => [s.codec_type, s.codec_name, s.height])).toEqual([
      ['video', 'h264', 360],
      ['audio', 'aac', undefined],
    ]);
    await makePoster(tools, input, path.join(dir, 'poster.jpg'), probe, { width: 640, height: 360 });
    const poster = await readFile(path.join(dir, 'poster.jpg'));
    expect(poster.subarray(0, 3).toString('hex')).toBe('ffd8ff');
  });
});
