import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, chmod, copyFile, mkdir, rename, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

/** The ffmpeg (and, when there is one, ffprobe) a job runs, and where they came from. */
export interface FfmpegTools {
  ffmpeg: string;
  /** null: durations and sizes are read from `ffmpeg -i` instead. */
  ffprobe: string | null;
  source: 'configured' | 'system' | 'bundled';
}

/** A failure worth showing to an author: what went wrong in a sentence, no server paths. */
export class TranscodeError extends Error {}

export interface ToolOptions {
  /** FFMPEG_PATH / FFPROBE_PATH. */
  ffmpegPath: string | null;
  ffprobePath: string | null;
  /** DATA_DIR: where a bundled ffmpeg that is not executable is copied (bin/) and made executable. */
  dataDir: string;
  /** Directories searched for the system binaries; PATH by default. */
  searchPath?: string;
  /** The bundled binary (@ffmpeg-installer/ffmpeg); a function so tests can pass another. */
  bundled?: () => string | null;
}

async function isExecutable(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK);
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

async function onPath(name: string, searchPath: string): Promise<string | null> {
  for (const dir of searchPath.split(path.delimiter)) {
    if (dir && (await isExecutable(path.join(dir, name)))) return path.join(dir, name);
  }
  return null;
}

/** The static ffmpeg that @ffmpeg-installer/ffmpeg brings for this platform, if installed. */
export function bundledFfmpeg(): string | null {
  try {
    const require = createRequire(import.meta.url);
    return (require('@ffmpeg-installer/ffmpeg') as { path: string }).path;
  } catch {
    return null;
  }
}

/**
 * npm 11 runs no install scripts by default, so the bundled binary may lack its executable bit (and
 * node_modules may be read-only): then a copy under DATA_DIR/bin is made executable, once, atomically.
 */
async function executableCopy(file: string, dataDir: string): Promise<string> {
  if (await isExecutable(file)) return file;
  const { size } = await stat(file);
  const target = path.join(dataDir, 'bin', `ffmpeg-bundled-${size}`);
  if (await isExecutable(target)) return target;
  await mkdir(path.dirname(target), { recursive: true });
  const temp = `${target}.${process.pid}.tmp`;
  await copyFile(file, temp);
  await chmod(temp, 0o755);
  await rename(temp, target);
  return target;
}

/**
 * Finds ffmpeg: FFMPEG_PATH, else `ffmpeg` on PATH (Debian's, with ffprobe beside it), else the static
 * build from @ffmpeg-installer/ffmpeg (no ffprobe). Nothing is downloaded.
 */
export async function resolveFfmpegTools(options: ToolOptions): Promise<FfmpegTools> {
  const searchPath = options.searchPath ?? process.env.PATH ?? '';
  const ffprobeFor = async (ffmpeg: string | null) =>
    options.ffprobePath ??
    (ffmpeg && (await isExecutable(path.join(path.dirname(ffmpeg), 'ffprobe')))
      ? path.join(path.dirname(ffmpeg), 'ffprobe')
      : await onPath('ffprobe', searchPath));

  if (options.ffmpegPath) {
    if (!(await isExecutable(options.ffmpegPath))) {
      throw new Error(`FFMPEG_PATH ${options.ffmpegPath} is not an executable file`);
    }
    return {
      ffmpeg: options.ffmpegPath,
      ffprobe: await ffprobeFor(options.ffmpegPath),
      source: 'configured',
    };
  }
  const system = await onPath('ffmpeg', searchPath);
  if (system) return { ffmpeg: system, ffprobe: await ffprobeFor(system), source: 'system' };
  const bundled = (options.bundled ?? bundledFfmpeg)();
  if (!bundled) {
    throw new Error(
      'No ffmpeg: install one (apt-get install ffmpeg), set FFMPEG_PATH or keep @ffmpeg-installer/ffmpeg',
    );
  }
  return {
    ffmpeg: await executableCopy(bundled, options.dataDir),
    ffprobe: await ffprobeFor(null),
    source: 'bundled',
  };
}

export interface RunResult {
  stdout: string;
  stderr: string;
}

/** The last lines an ffmpeg error ends with, minus progress noise, with server paths replaced. */
export function errorSummary(stderr: string, replacements: Record<string, string> = {}): string {
  let text = stderr;
  for (const [from, to] of Object.entries(replacements)) if (from) text = text.split(from).join(to);
  const lines = text
    .split(/\r?\n|\r/)
    .map((line) => line.trim())
    .filter((line) => line && !/^(frame|size)=/.test(line) && !/^Press \[q\]/.test(line));
  return (lines.slice(-2).join(' ') || 'no error message').slice(0, 300);
}

/**
 * Runs a tool, collecting stdout and the tail of stderr. Rejects when it exits with an error (or is
 * killed because `signal` was aborted: then with the signal's reason).
 */
export function runTool(
  command: string,
  args: string[],
  options: { signal?: AbortSignal; allowExitCodes?: number[] } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(options.signal.reason as Error);
      return;
    }
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      if (stdout.length < 4 * 1024 * 1024) stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-64 * 1024);
    });
    const onAbort = () => child.kill('SIGKILL');
    options.signal?.addEventListener('abort', onAbort, { once: true });
    child.on('error', (error) => {
      options.signal?.removeEventListener('abort', onAbort);
      reject(error);
    });
    child.on('close', (code, signal) => {
      options.signal?.removeEventListener('abort', onAbort);
      if (options.signal?.aborted) reject(options.signal.reason as Error);
      else if (code === 0 || (code !== null && options.allowExitCodes?.includes(code)))
        resolve({ stdout, stderr });
      else {
        const error = Object.assign(new Error(`${path.basename(command)} exited with ${code ?? signal}`), {
          stderr,
          code,
        });
        reject(error);
      }
    });
  });
}

/** What the job needs to know about a video. Width and height are as displayed (rotation applied). */
export interface VideoProbe {
  durationS: number | null;
  width: number;
  height: number;
  hasAudio: boolean;
}

interface FfprobeOutput {
  streams?: {
    codec_type?: string;
    width?: number;
    height?: number;
    duration?: string;
    disposition?: { attached_pic?: number };
    tags?: { rotate?: string };
    side_data_list?: { rotation?: number }[];
  }[];
  format?: { duration?: string };
}

function positive(value: string | number | undefined): number | null {
  const n = typeof value === 'number' ? value : Number.parseFloat(value ?? '');
  return Number.isFinite(n) && n > 0 ? n : null;
}

function displayed(width: number, height: number, rotation: number): { width: number; height: number } {
  return Math.abs(Math.round(rotation / 90)) % 2 === 1 ? { width: height, height: width } : { width, height };
}

/** Reads ffprobe's JSON. */
export function parseFfprobe(json: string): VideoProbe {
  const output = JSON.parse(json) as FfprobeOutput;
  const streams = output.streams ?? [];
  const video = streams.find((s) => s.codec_type === 'video' && !s.disposition?.attached_pic);
  if (!video?.width || !video.height) throw new TranscodeError('The file has no video stream');
  const rotation =
    video.side_data_list?.find((d) => typeof d.rotation === 'number')?.rotation ??
    Number(video.tags?.rotate ?? 0);
  return {
    durationS: positive(output.format?.duration) ?? positive(video.duration),
    ...displayed(video.width, video.height, rotation || 0),
    hasAudio: streams.some((s) => s.codec_type === 'audio'),
  };
}

/**
 * Reads what `ffmpeg -i file` prints about its input (for when there is no ffprobe): the Duration line,
 * the first video stream's size, audio streams, and a rotation from the metadata or display matrix.
 */
export function parseFfmpegInfo(stderr: string): VideoProbe {
  if (!/^Input #0/m.test(stderr))
    throw new TranscodeError(`The video could not be read: ${errorSummary(stderr)}`);
  const duration = /Duration:\s*(\d+):(\d{2}):(\d{2}(?:\.\d+)?)/.exec(stderr);
  const durationS = duration
    ? Number(duration[1]) * 3600 + Number(duration[2]) * 60 + Number(duration[3])
    : null;
  const videoLine = stderr
    .split('\n')
    .find((line) => /Stream #0:\d+.*: Video: /.test(line) && !/\(attached pic\)/.test(line));
  const size = videoLine ? /, (\d{2,5})x(\d{2,5})[\s,]/.exec(`${videoLine} `) : null;
  if (!videoLine || !size) throw new TranscodeError('The file has no video stream');
  const rotate =
    /^\s*rotate\s*:\s*(-?\d+(?:\.\d+)?)/m.exec(stderr) ??
    /rotation of (-?\d+(?:\.\d+)?) degrees/.exec(stderr);
  return {
    durationS: positive(durationS ?? undefined),
    ...displayed(Number(size[1]), Number(size[2]), rotate ? Number(rotate[1]) : 0),
    hasAudio: /Stream #0:\d+.*: Audio: /.test(stderr),
  };
}

/** Probes a video with ffprobe, or with `ffmpeg -i` when there is no ffprobe. */
export async function probeVideo(
  tools: FfmpegTools,
  file: string,
  signal?: AbortSignal,
): Promise<VideoProbe> {
  const hide = { [file]: 'input' };
  if (tools.ffprobe) {
    let result: RunResult;
    try {
      result = await runTool(
        tools.ffprobe,
        ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', file],
        { signal },
      );
    } catch (error) {
      if (signal?.aborted) throw error;
      const stderr = (error as { stderr?: string }).stderr ?? String(error);
      throw new TranscodeError(`The video could not be read: ${errorSummary(stderr, hide)}`);
    }
    return parseFfprobe(result.stdout);
  }
  // Without an output file ffmpeg exits with 1 after describing the input.
  const { stderr } = await runTool(tools.ffmpeg, ['-hide_banner', '-nostdin', '-i', file], {
    signal,
    allowExitCodes: [1],
  });
  return parseFfmpegInfo(stderr.split(file).join('input'));
}
