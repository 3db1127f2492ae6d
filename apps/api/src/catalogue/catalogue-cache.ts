import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DatabaseNotifications } from '../database/notifications.js';

/** Most entries kept per process (a page is ~20 kB, a media answer a few bytes; least recently used go first). */
const MAX_ENTRIES = 1000;

/**
 * Catalogue answers cached per process and per catalogue generation. Database triggers bump the
 * generation in the same transaction as any change to what the catalogue shows or to who may see it, and
 * notify `academy_catalogue` at commit (migrations CatalogueGeneration, AuthAndCatalogueNotifications).
 * While this process is listening, a notification moves the local generation on and empties the cache;
 * while it is not, every request reads the one-row generation from the database first. Either way no
 * process answers from a page older than the last commit it could know of.
 * Cached values are shared between requests and must not be mutated.
 */
@Injectable()
export class CatalogueCache {
  /** From the database (not listening), or counted locally (listening). */
  private generation = 0n;
  private local = 0n;
  private readonly entries = new Map<string, unknown>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly notifications: DatabaseNotifications,
  ) {
    notifications.on('academy_catalogue', () => this.bump());
    notifications.onReset(() => this.bump());
  }

  private bump(): void {
    this.local += 1n;
    this.entries.clear();
  }

  async through<T>(key: string, compute: () => Promise<T>): Promise<T> {
    if (this.notifications.listening) {
      const local = this.local;
      const hit = this.entries.get(key);
      if (hit !== undefined) return this.touch(key, hit) as T;
      const result = await compute();
      // A notification during compute() means the result may predate a commit: use it, do not keep it.
      if (local === this.local && this.notifications.listening) this.keep(key, result);
      return result;
    }
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
      if (hit !== undefined) return this.touch(key, hit) as T;
    }
    const result = await compute();
    if (generation === this.generation && !this.notifications.listening) this.keep(key, result);
    return result;
  }

  private touch(key: string, hit: unknown): unknown {
    this.entries.delete(key); // most recently used goes last
    this.entries.set(key, hit);
    return hit;
  }

  private keep(key: string, value: unknown): void {
    this.entries.set(key, value);
    if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
  }
}
