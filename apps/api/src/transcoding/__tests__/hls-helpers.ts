import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
// m3u8-parser ships no types; the part used here is typed below.
// @ts-expect-error -- no declaration file
import m3u8 from 'm3u8-parser';

export interface Manifest {
  playlists?: {
    uri: string;
    attributes: { BANDWIDTH: number; RESOLUTION?: { width: number; height: number }; CODECS?: string };
  }[];
  segments: { uri: string; duration: number }[];
  targetDuration?: number;
  endList?: boolean;
  playlistType?: string;
}

/** Parses a playlist as video.js does (m3u8-parser is the parser inside its HLS engine). */
export function parsePlaylist(text: string): Manifest {
  const parser = new (
    m3u8 as { Parser: new () => { push(t: string): void; end(): void; manifest: Manifest } }
  ).Parser();
  parser.push(text);
  parser.end();
  return parser.manifest;
}

export const demoVideo = (name: 'kyoto' | 'hs-basics' | 'ecommerce') =>
  fileURLToPath(new URL(`../../seed/demo-media/${name}.mp4`, import.meta.url));

const run = promisify(execFile);

/** ffprobe's view of some bytes (codec, size and duration of each stream). */
export async function probeBytes(bytes: Buffer, ext = 'ts') {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'academy-probe-'));
  try {
    const file = path.join(dir, `probe.${ext}`);
    await writeFile(file, bytes);
    const { stdout } = await run('ffprobe', [
      '-v',
      'error',
      '-print_format',
      'json',
      '-show_streams',
      '-show_format',
      file,
    ]);
    return JSON.parse(stdout) as {
      streams: { codec_type: string; codec_name: string; width?: number; height?: number }[];
      format: { duration?: string };
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A 1280x720 test clip with sound (generated: the demo videos are 360p). */
export async function makeHdClip(file: string, seconds = 6): Promise<void> {
  await run('ffmpeg', [
    ...['-hide_banner', '-nostdin', '-y', '-loglevel', 'error'],
    ...[
      '-f',
      'lavfi',
      '-i',
      'testsrc=size=1280x720:rate=25',
      '-f',
      'lavfi',
      '-i',
      'sine=frequency=440:sample_rate=44100',
    ],
    ...[
      '-t',
      String(seconds),
      '-c:v',
      'libx264',
      '-preset',
      'ultrafast',
      '-crf',
      '30',
      '-pix_fmt',
      'yuv420p',
    ],
    ...['-c:a', 'aac', '-shortest', '-movflags', '+faststart', file],
  ]);
}

/** Polls `check` until it returns something truthy (or fails after `timeoutMs`). */
export async function until<T>(
  check: () => Promise<T>,
  timeoutMs = 20_000,
  what = 'condition',
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
