import type { Readable } from 'node:stream';

/** Inclusive byte range, as in HTTP: `{ start: 0, end: 99 }` is the first 100 bytes. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Where media bytes live. Keys are sha256 hex digests (see storageKeyFor), never user input, so identical
 * files share one object and a key cannot point outside the store.
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
}

export const STORAGE = Symbol('STORAGE');

export class StorageNotFoundError extends Error {
  constructor(readonly key: string) {
    super(`Stored object ${key} not found`);
  }
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** The storage key of a file: its sha256 hex digest. */
export function storageKeyFor(sha256: string): string {
  return assertKey(sha256);
}

export function assertKey(key: string): string {
  if (!SHA256_HEX.test(key)) throw new Error(`Invalid storage key "${key}"`);
  return key;
}

/** `ab/abcdef…`: two hex characters of fan-out so no directory or prefix grows too large. */
export function shardedPath(key: string): string {
  assertKey(key);
  return `${key.slice(0, 2)}/${key}`;
}
