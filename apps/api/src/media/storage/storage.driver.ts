import type { Readable } from 'node:stream';

/** Inclusive byte range, as in HTTP: `{ start: 0, end: 99 }` is the first 100 bytes. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Where media bytes live. Keys are sha256 hex digests (see storageKeyFor), or a digest and a file name of
 * our own for files made from that original (renditionKeyFor); never user input, so identical files share
 * one object and a key cannot point outside the store.
 */
export interface StorageDriver {
  readonly name: 'local' | 's3';
  /** Stores `size` bytes from a file path or a stream under `key`; atomic (readers see all or nothing). */
  put(key: string, source: string | Readable, size: number): Promise<void>;
  /** The object's bytes, or a range of them. Rejects with StorageNotFoundError when missing. */
  get(key: string, range?: ByteRange): Promise<Readable>;
  /** Size in bytes, or null when the object does not exist. */
  stat(key: string): Promise<number | null>;
  exists(key: string): Promise<boolean>;
  close?(): Promise<void> | void;
  /** A path on this machine's disk holding the object, when the driver has one (ffmpeg reads it in place). */
  localPath?(key: string): string;
}

export const STORAGE = Symbol('STORAGE');

export class StorageNotFoundError extends Error {
  constructor(readonly key: string) {
    super(`Stored object ${key} not found`);
  }
}

const SHA256_HEX = /^[0-9a-f]{64}$/;
/** Names of derived files (playlists, segments, posters): ours, lower-case, one extension, no dots before. */
export const RENDITION_FILE = /^[a-z0-9][a-z0-9_-]{0,62}\.(m3u8|ts|m4s|jpg)$/;

/** The storage key of a file: its sha256 hex digest. */
export function storageKeyFor(sha256: string): string {
  return assertKey(sha256);
}

/** The key of a file made from the original with this sha256 (HLS playlist or segment, poster). */
export function renditionKeyFor(sha256: string, file: string): string {
  return assertKey(`${sha256}/${file}`);
}

export function assertKey(key: string): string {
  const slash = key.indexOf('/');
  const valid =
    slash === -1
      ? SHA256_HEX.test(key)
      : SHA256_HEX.test(key.slice(0, slash)) && RENDITION_FILE.test(key.slice(slash + 1));
  if (!valid) throw new Error(`Invalid storage key "${key}"`);
  return key;
}

/**
 * `ab/abcdef…`: two hex characters of fan-out so no directory or prefix grows too large. Derived files go
 * under `renditions/ab/abcdef…/<file>`.
 */
export function shardedPath(key: string): string {
  assertKey(key);
  const [sha256, file] = key.split('/');
  return file ? `renditions/${sha256.slice(0, 2)}/${sha256}/${file}` : `${key.slice(0, 2)}/${key}`;
}
