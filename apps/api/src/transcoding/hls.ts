import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { RenditionVariant } from '../media/media-renditions.js';
import { errorSummary, runTool, TranscodeError, type FfmpegTools, type VideoProbe } from './ffmpeg.js';

/** Seconds per HLS segment: short enough to start fast and switch quality, long enough to stay efficient. */
export const SEGMENT_S = 4;

/** One HLS rendition to make. Sizes refer to the short side (360p portrait is 360 wide). */
export interface RenditionPlan {
  name: string;
  width: number;
  height: number;
  maxrateK: number;
  audioK: number;
  profile: 'main' | 'high';
  level: string;
  /** RFC 6381 codec of the video, as in the master playlist's CODECS. */
  videoCodec: string;
}

const LADDER = [
  { short: 360, maxrateK: 900, audioK: 96, profile: 'main', level: '3.1', videoCodec: 'avc1.4d401f' },
  { short: 720, maxrateK: 2800, audioK: 128, profile: 'high', level: '4.0', videoCodec: 'avc1.640028' },
] as const;
const AUDIO_CODEC = 'mp4a.40.2';

const even = (n: number) => Math.max(2, Math.round(n / 2) * 2);

/**
 * 360p always (the source's own size when it is smaller: never upscaled), 720p when the source's short
 * side is at least 720.
 */
export function planRenditions(probe: Pick<VideoProbe, 'width' | 'height'>): RenditionPlan[] {
  const sourceShort = Math.min(probe.width, probe.height);
  const sourceLong = Math.max(probe.width, probe.height);
  const landscape = probe.width >= probe.height;
  return LADDER.filter((step, i) => i === 0 || sourceShort >= step.short).map((step) => {
    const short = even(Math.min(step.short, sourceShort));
    const long = even((sourceLong * short) / sourceShort);
    return {
      name: `${step.short}p`,
      width: landscape ? long : short,
      height: landscape ? short : long,
      maxrateK: step.maxrateK,
      audioK: step.audioK,
      profile: step.profile,
      level: step.level,
      videoCodec: step.videoCodec,
    };
  });
}

/** One ffmpeg run: the source is decoded once and scaled to every rendition, each an HLS VOD playlist. */
export function hlsArgs(input: string, outDir: string, plans: RenditionPlan[]): string[] {
  const split =
    plans.length === 1
      ? `[0:v:0]scale=${plans[0].width}:${plans[0].height},setsar=1[v0]`
      : `[0:v:0]split=${plans.length}${plans.map((_, i) => `[s${i}]`).join('')};` +
        plans.map((p, i) => `[s${i}]scale=${p.width}:${p.height},setsar=1[v${i}]`).join(';');
  const args = [
    '-hide_banner',
    '-nostdin',
    '-y',
    '-loglevel',
    'error',
    '-i',
    input,
    '-filter_complex',
    split,
  ];
  plans.forEach((plan, i) => {
    args.push(
      ...['-map', `[v${i}]`, '-map', '0:a:0?'],
      ...['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', '-pix_fmt', 'yuv420p'],
      ...['-profile:v', plan.profile, '-level:v', plan.level],
      ...['-maxrate', `${plan.maxrateK}k`, '-bufsize', `${plan.maxrateK * 2}k`],
      // A keyframe every SEGMENT_S seconds exactly, so segments are cut at the same instants in every rendition.
      ...['-force_key_frames', `expr:gte(t,n_forced*${SEGMENT_S})`, '-sc_threshold', '0'],
      ...['-c:a', 'aac', '-b:a', `${plan.audioK}k`, '-ac', '2', '-ar', '48000'],
      ...['-max_muxing_queue_size', '4096'],
      ...['-f', 'hls', '-hls_time', String(SEGMENT_S), '-hls_playlist_type', 'vod', '-hls_list_size', '0'],
      ...['-hls_segment_type', 'mpegts', '-hls_flags', 'independent_segments'],
      ...[
        '-hls_segment_filename',
        path.join(outDir, `${plan.name}_%04d.ts`),
        path.join(outDir, `${plan.name}.m3u8`),
      ],
    );
  });
  return args;
}

export interface Segment {
  uri: string;
  durationS: number;
}

/** The segments of a media playlist we wrote (EXTINF duration, then the URI). */
export function parseMediaPlaylist(text: string): Segment[] {
  const segments: Segment[] = [];
  let duration: number | null = null;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    const extinf = /^#EXTINF:([\d.]+)/.exec(line);
    if (extinf) duration = Number(extinf[1]);
    else if (line && !line.startsWith('#') && duration !== null) {
      segments.push({ uri: line, durationS: duration });
      duration = null;
    }
  }
  return segments;
}

/** Bandwidth from the real segment sizes; checks the segments are named as expected. */
export async function describeVariant(
  outDir: string,
  plan: RenditionPlan,
  hasAudio: boolean,
): Promise<RenditionVariant> {
  const playlist = `${plan.name}.m3u8`;
  const segments = parseMediaPlaylist(await readFile(path.join(outDir, playlist), 'utf8'));
  if (segments.length === 0) throw new TranscodeError(`ffmpeg made no segments for ${plan.name}`);
  let peak = 0;
  let bits = 0;
  let seconds = 0;
  for (const [i, segment] of segments.entries()) {
    if (segment.uri !== segmentName(plan.name, i)) {
      throw new Error(`Unexpected segment ${segment.uri} in ${playlist}`);
    }
    const size = (await stat(path.join(outDir, segment.uri))).size * 8;
    bits += size;
    seconds += segment.durationS;
    // A very short last segment would inflate the peak with its fixed overhead.
    if (segment.durationS >= 1 || segments.length === 1)
      peak = Math.max(peak, size / Math.max(segment.durationS, 0.1));
  }
  return {
    name: plan.name,
    playlist,
    width: plan.width,
    height: plan.height,
    bandwidth: Math.ceil(Math.max(peak, bits / Math.max(seconds, 0.1))),
    averageBandwidth: Math.ceil(bits / Math.max(seconds, 0.1)),
    codecs: hasAudio ? `${plan.videoCodec},${AUDIO_CODEC}` : plan.videoCodec,
    segments: segments.length,
  };
}

export function segmentName(variant: string, index: number): string {
  return `${variant}_${String(index).padStart(4, '0')}.ts`;
}

/** The master playlist: every variant with BANDWIDTH, AVERAGE-BANDWIDTH, RESOLUTION and CODECS. */
export function masterPlaylist(variants: RenditionVariant[]): string {
  const lines = ['#EXTM3U', '#EXT-X-VERSION:6', '#EXT-X-INDEPENDENT-SEGMENTS'];
  for (const v of [...variants].sort((a, b) => a.bandwidth - b.bandwidth)) {
    lines.push(
      `#EXT-X-STREAM-INF:BANDWIDTH=${v.bandwidth},AVERAGE-BANDWIDTH=${v.averageBandwidth},` +
        `RESOLUTION=${v.width}x${v.height},CODECS="${v.codecs}"`,
      v.playlist,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** A JPEG poster at about 10% of the video (1 s when the duration is unknown), at the largest rendition's size. */
export async function makePoster(
  tools: FfmpegTools,
  input: string,
  output: string,
  probe: VideoProbe,
  size: { width: number; height: number },
  signal?: AbortSignal,
): Promise<void> {
  const at = probe.durationS ? Math.min(probe.durationS * 0.1, Math.max(probe.durationS - 0.5, 0)) : 1;
  for (const seek of [at, 0]) {
    await runTool(
      tools.ffmpeg,
      ['-hide_banner', '-nostdin', '-y', '-loglevel', 'error', '-ss', seek.toFixed(2), '-i', input]
        .concat(['-frames:v', '1', '-vf', `scale=${size.width}:${size.height},setsar=1`, '-q:v', '3'])
        .concat(['-f', 'image2', output]),
      { signal },
    ).catch((error: unknown) => {
      if (signal?.aborted) throw error;
      throw new TranscodeError(
        `ffmpeg could not make a poster: ${errorSummary((error as { stderr?: string }).stderr ?? String(error), { [input]: 'input' })}`,
      );
    });
    // Seeking past the last frame writes nothing: try the first frame then.
    if ((await stat(output).catch(() => null))?.size) return;
  }
  throw new TranscodeError('ffmpeg could not make a poster: no frame could be decoded');
}

export interface HlsResult {
  variants: RenditionVariant[];
  /** Every file made in outDir, the master playlist last. */
  files: string[];
}

/** Transcodes to the planned HLS renditions in outDir and writes the master playlist. */
export async function makeHls(
  tools: FfmpegTools,
  input: string,
  outDir: string,
  probe: VideoProbe,
  signal?: AbortSignal,
): Promise<HlsResult> {
  const plans = planRenditions(probe);
  try {
    await runTool(tools.ffmpeg, hlsArgs(input, outDir, plans), { signal });
  } catch (error) {
    if (signal?.aborted) throw error;
    const stderr = (error as { stderr?: string }).stderr ?? String(error);
    throw new TranscodeError(
      `ffmpeg could not transcode the video: ${errorSummary(stderr, { [input]: 'input', [outDir]: '' })}`,
    );
  }
  const variants = await Promise.all(plans.map((plan) => describeVariant(outDir, plan, probe.hasAudio)));
  await writeFile(path.join(outDir, 'master.m3u8'), masterPlaylist(variants));
  const made = new Set(await readdir(outDir));
  const files = variants.flatMap((v) => [
    ...Array.from({ length: v.segments }, (_, i) => segmentName(v.name, i)),
    v.playlist,
  ]);
  for (const file of files) if (!made.has(file)) throw new Error(`ffmpeg did not write ${file}`);
  return { variants, files: [...files, 'master.m3u8'] };
}
