import { RENDITION_FILE } from './storage/storage.driver.js';

/** One HLS variant in media_assets.renditions. Its segments are `<name>_0000.ts`, `<name>_0001.ts`, … */
export interface RenditionVariant {
  name: string;
  playlist: string;
  width: number;
  height: number;
  /** Peak bits per second of a segment (HLS BANDWIDTH). */
  bandwidth: number;
  averageBandwidth: number;
  codecs: string;
  segments: number;
}

/**
 * media_assets.renditions once the transcoding job is done (`{}` before). The files are stored under the
 * original's sha256 (renditionKeyFor), so assets with identical bytes share them.
 */
export interface RenditionsRecord {
  version: 1;
  createdAt: string;
  poster: string;
  master: string;
  variants: RenditionVariant[];
}

export function hasRenditions(value: unknown): value is RenditionsRecord {
  const record = value as Partial<RenditionsRecord> | null;
  return !!record && typeof record.master === 'string' && Array.isArray(record.variants);
}

export const RENDITION_MIME: Record<string, string> = {
  m3u8: 'application/vnd.apple.mpegurl',
  ts: 'video/mp2t',
  m4s: 'video/iso.segment',
  jpg: 'image/jpeg',
};

/**
 * Whether `file` is one of the files this record lists: the master or poster, a variant playlist, or a
 * segment number below the variant's count. Anything else (other names, `..`, encoded slashes) is not.
 */
export function isRenditionFile(record: RenditionsRecord, file: string): boolean {
  if (!RENDITION_FILE.test(file)) return false;
  if (file === record.master || file === record.poster) return true;
  return record.variants.some((variant) => {
    if (file === variant.playlist) return true;
    const segment = /^(.+)_(\d{4,6})\.ts$/.exec(file);
    if (!segment || segment[1] !== variant.name) return false;
    const index = Number(segment[2]);
    return index < variant.segments && file === `${variant.name}_${String(index).padStart(4, '0')}.ts`;
  });
}
