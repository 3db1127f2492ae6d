import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import type { MediaKind } from '@academy/contracts';
import { fileTypeFromFile } from 'file-type';

export interface SniffedType {
  kind: MediaKind;
  mime: string;
  ext: string;
}

const WEBVTT: SniffedType = { kind: 'captions', mime: 'text/vtt; charset=utf-8', ext: 'vtt' };

/** The file types we accept, keyed by file-type's extension. Everything else is refused. */
const ALLOWED: Record<string, SniffedType> = {
  mp4: { kind: 'video', mime: 'video/mp4', ext: 'mp4' },
  webm: { kind: 'video', mime: 'video/webm', ext: 'webm' },
  pdf: { kind: 'document', mime: 'application/pdf', ext: 'pdf' },
  png: { kind: 'image', mime: 'image/png', ext: 'png' },
  jpg: { kind: 'image', mime: 'image/jpeg', ext: 'jpg' },
  webp: { kind: 'image', mime: 'image/webp', ext: 'webp' },
  vtt: WEBVTT,
};

/**
 * Decides the type of a file from its bytes only (never its name or declared type). Returns null for
 * anything not allowed. WebVTT is text: recent file-type versions know it, and we also recognise its
 * mandatory "WEBVTT" signature (after an optional BOM), followed by a space, tab, line break or the end.
 */
export async function sniffFile(file: string): Promise<SniffedType | null> {
  const detected = await fileTypeFromFile(file);
  if (detected) return ALLOWED[detected.ext] ?? null;
  const head = await readHead(file, 10);
  const text = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? head.subarray(3) : head;
  if (text.subarray(0, 6).toString('latin1') !== 'WEBVTT') return null;
  return text.length === 6 || [0x20, 0x09, 0x0a, 0x0d].includes(text[6]) ? WEBVTT : null;
}

async function readHead(file: string, length: number): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** sha256 hex of a file, streamed (memory stays flat whatever the size). */
export async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file, { highWaterMark: 1024 * 1024 }), hash);
  return hash.digest('hex');
}

const MAX_FILENAME = 200;
// C0 and C1 controls, and bidirectional overrides that make "gpj.exe" read as "exe.jpg".
// eslint-disable-next-line no-control-regex
const UNSAFE_CHARS = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * A display name from what the uploader sent: the last path part only (`../../etc/passwd` → `passwd`),
 * no control characters, at most 200 characters. Never used as a storage path.
 */
export function cleanFilename(raw: string | null | undefined, fallbackExt: string): string {
  const withoutControls = (raw ?? '').normalize('NFC').replace(UNSAFE_CHARS, '');
  const base = (withoutControls.split(/[/\\]/).pop() ?? '').trim();
  const name = base.replace(/^\.+/, '').trim();
  const chars = Array.from(name || `file.${fallbackExt}`);
  if (chars.length <= MAX_FILENAME) return chars.join('');
  // Keep the extension when shortening.
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 && name.length - dot <= 10 ? name.slice(dot) : '';
  return chars.slice(0, MAX_FILENAME - ext.length).join('') + ext;
}

/** `inline; filename="ascii"; filename*=UTF-8''…` (RFC 6266 / RFC 5987) so non-ASCII names survive. */
export function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `inline; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

const execFileAsync = promisify(execFile);
let ffprobeMissing = false;

/**
 * A video's duration in seconds with ffprobe when it is installed (PATH), else null: the transcoding job
 * fills it in later.
 */
export async function probeDurationS(file: string): Promise<number | null> {
  if (ffprobeMissing) return null;
  try {
    const { stdout } = await execFileAsync(
      'ffprobe',
      ['-v', 'error', '-show_entries', 'format=duration', '-of', 'default=noprint_wrappers=1:nokey=1', file],
      { timeout: 30_000 },
    );
    const value = Number.parseFloat(stdout.trim());
    return Number.isFinite(value) && value > 0 ? value : null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') ffprobeMissing = true;
    return null;
  }
}
