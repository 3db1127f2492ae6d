import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { DataSource } from 'typeorm';

type Handler = (payload: string) => void;

const RECONNECT_MS = 1000;
/** Our own channel for barrier(). */
const SYNC_CHANNEL = 'academy_sync';
/** A barrier that takes longer than this gives up and empties the caches instead. */
const BARRIER_TIMEOUT_MS = 2000;

/**
 * One `LISTEN` connection per process for the notifications the database's triggers send at commit
 * (see migration AuthAndCatalogueNotifications). Caches built on them must check `listening`: while the
 * connection is down, notifications can be missed, so they must not answer from memory; every reconnect
 * and every loss calls the reset handlers, which drop everything cached.
 */
@Injectable()
export class DatabaseNotifications implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DatabaseNotifications.name);
  private readonly handlers = new Map<string, Handler[]>();
  private readonly resets: (() => void)[] = [];
  private client: pg.Client | null = null;
  private live = false;
  private stopped = false;
  private retry: NodeJS.Timeout | null = null;

  private readonly waiting = new Map<string, () => void>();

  constructor(private readonly dataSource: DataSource) {
    this.on(SYNC_CHANNEL, (token) => {
      const arrived = this.waiting.get(token);
      this.waiting.delete(token);
      arrived?.();
    });
  }

  /**
   * Returns once every notification committed before the call has been handled in this process:
   * PostgreSQL delivers notifications in commit order, so our own, sent now, arrives after them. A
   * request that changed something calls this before answering, so the same client's next request
   * never meets a cache entry the change made stale (other processes catch up within milliseconds).
   */
  async barrier(): Promise<void> {
    if (!this.live) return;
    const token = randomUUID();
    let timer: NodeJS.Timeout | undefined;
    const arrived = new Promise<boolean>((resolve) => {
      this.waiting.set(token, () => resolve(true));
      timer = setTimeout(() => resolve(false), BARRIER_TIMEOUT_MS);
    });
    try {
      await this.dataSource.query(`SELECT pg_notify($1, $2)`, [SYNC_CHANNEL, token]);
      if (!(await arrived)) for (const reset of this.resets) reset();
    } finally {
      clearTimeout(timer);
      this.waiting.delete(token);
    }
  }

  /** True while notifications are being received. */
  get listening(): boolean {
    return this.live;
  }

  /** Registers a handler; call from a constructor, before the application has started. */
  on(channel: string, handler: Handler): void {
    this.handlers.set(channel, [...(this.handlers.get(channel) ?? []), handler]);
  }

  /** Called when listening starts or stops: whatever was cached may have missed a notification. */
  onReset(handler: () => void): void {
    this.resets.push(handler);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.connect().catch((error: unknown) => this.lost(null, error));
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    const client = this.client;
    this.setLive(false, null);
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const url = (this.dataSource.options as { url?: string }).url;
    const client = new pg.Client({ connectionString: url, application_name: 'customs-academy-listen' });
    client.on('notification', (message) => {
      for (const handler of this.handlers.get(message.channel) ?? []) handler(message.payload ?? '');
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, null));
    await client.connect();
    for (const channel of this.handlers.keys())
      await client.query(`LISTEN ${client.escapeIdentifier(channel)}`);
    if (this.stopped) {
      await client.end();
      return;
    }
    this.setLive(true, client);
  }

  private lost(client: pg.Client | null, error: unknown): void {
    if (client !== this.client && client !== null) return;
    this.setLive(false, null);
    if (this.stopped) return;
    if (error) this.logger.warn(`notifications connection lost, retrying: ${String(error)}`);
    this.retry = setTimeout(() => {
      this.retry = null;
      this.connect().catch((e: unknown) => this.lost(null, e));
    }, RECONNECT_MS);
    this.retry.unref();
  }

  private setLive(live: boolean, client: pg.Client | null): void {
    this.client = client;
    this.live = live;
    for (const reset of this.resets) reset();
  }
}
