import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Most entries kept per process (a page is ~20 kB, a media answer a few bytes; least recently used go first). */
const MAX_ENTRIES = 1000;

/**
 * Catalogue pages cached per process and per catalogue generation. Database triggers bump the
 * generation in the same transaction as any change to what the catalogue shows or to who may see it
 * (migration CatalogueGeneration), so the cache is never stale after a commit in any API process: each
 * request reads the one-row generation (a primary-key lookup) before using or filling the cache.
 * Cached values are shared between requests and must not be mutated.
 */
@Injectable()
export class CatalogueCache {
  private generation = 0n;
  private readonly entries = new Map<string, unknown>();

  constructor(private readonly dataSource: DataSource) {}

  async through<T>(key: string, compute: () => Promise<T>): Promise<T> {
    // Read before computing: a change committed meanwhile leaves the result under an older generation.
    const [{ value }] = (await this.dataSource.query(`SELECT value FROM catalogue_generation`)) as {
      value: string;
    }[];
    const generation = BigInt(value);
    if (generation > this.generation) {
      this.entries.clear();
      this.generation = generation;
    }
    if (generation === this.generation) {
      const hit = this.entries.get(key);
      if (hit !== undefined) {
        this.entries.delete(key); // most recently used goes last
        this.entries.set(key, hit);
        return hit as T;
      }
    }
    const result = await compute();
    if (generation === this.generation) {
      this.entries.set(key, result);
      if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    }
    return result;
  }
}
