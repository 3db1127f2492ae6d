import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type pg from 'pg';
import PgBoss from 'pg-boss';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';

/** A queue and the rules its jobs follow (retries, expiry, how duplicates are refused). */
export interface QueueSpec {
  name: string;
  /** `short`: at most one waiting job per singletonKey (a second send while one waits is dropped). */
  policy: 'standard' | 'short' | 'singleton' | 'stately';
  retryLimit: number;
  /** Seconds before the first retry; with retryBackoff each further retry waits about twice as long. */
  retryDelay: number;
  retryBackoff: boolean;
  /** An active job older than this is failed by pg-boss's supervision (and retried if it may). */
  expireInSeconds: number;
}

export type Job<T> = PgBoss.JobWithMetadata<T>;

/** pg-boss runs its SQL through our pool (one set of connections per process; closed with the app). */
function poolDb(dataSource: DataSource): PgBoss.Db {
  const pool = (dataSource.driver as unknown as { master: pg.Pool }).master;
  return { executeSql: (text, values) => pool.query(text, values) };
}

/** …or through the connection of an open transaction, so a job is queued if and only if it commits. */
function transactionDb(manager: EntityManager): PgBoss.Db {
  const runner = manager.queryRunner;
  if (!runner) throw new Error('JobQueue.send needs an EntityManager from dataSource.transaction()');
  return {
    executeSql: async (text, values) => {
      const result = (await runner.query(text, values, true)) as { records?: unknown[] };
      return { rows: result.records ?? [] };
    },
  };
}

/**
 * Background jobs on PostgreSQL (pg-boss 10, schema `pgboss`). Every process may queue jobs; pg-boss is
 * started on first use, creating its schema and the queue if needed. Processes that run jobs
 * (AppConfig.jobs) also supervise: pg-boss then expires jobs whose worker went quiet and archives old ones.
 */
@Injectable()
export class JobQueue implements OnApplicationShutdown {
  private readonly logger = new Logger('Jobs');
  private boss: PgBoss | null = null;
  private starting: Promise<PgBoss> | null = null;
  private stopping: Promise<void> | null = null;
  private readonly queues = new Map<string, Promise<void>>();
  private readonly workers = new Map<string, string[]>();

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The pg-boss schema, for the few read-only queries pg-boss has no API for. */
  readonly schema = 'pgboss';

  private start(): Promise<PgBoss> {
    if (this.stopping) return Promise.reject(new Error('The job queue is stopped'));
    this.starting ??= (async () => {
      const boss = new PgBoss({
        db: poolDb(this.dataSource),
        schema: this.schema,
        supervise: this.config.jobs,
        schedule: false,
        migrate: true,
        maintenanceIntervalSeconds: 60,
      });
      boss.on('error', (error: Error) => this.logger.warn({ err: error }, 'job queue error'));
      await boss.start();
      this.boss = boss;
      return boss;
    })();
    this.starting.catch(() => (this.starting = null));
    return this.starting;
  }

  /** Creates the queue once per process (and brings its rules up to date). */
  private async queue(spec: QueueSpec): Promise<PgBoss> {
    const boss = await this.start();
    let ready = this.queues.get(spec.name);
    if (!ready) {
      ready = boss.createQueue(spec.name, spec).then(() => boss.updateQueue(spec.name, spec));
      this.queues.set(spec.name, ready);
      ready.catch(() => this.queues.delete(spec.name));
    }
    await ready;
    return boss;
  }

  /** Starts pg-boss and creates the queue if needed (its tables exist afterwards). */
  async prepare(spec: QueueSpec): Promise<void> {
    await this.queue(spec);
  }

  /**
   * Queues a job; with `manager` (inside dataSource.transaction) it is part of that transaction. Returns the
   * job id, or null when the queue's policy refused a duplicate (same singletonKey already waiting).
   */
  async send<T extends object>(
    spec: QueueSpec,
    data: T,
    options: { singletonKey?: string; startAfter?: number } = {},
    manager?: EntityManager,
  ): Promise<string | null> {
    const boss = await this.queue(spec);
    return boss.send(spec.name, data, {
      ...options,
      ...(manager ? { db: transactionDb(manager) } : {}),
    });
  }

  /** Wakes this process's workers of a queue (after a commit that queued work for them). */
  wake(name: string): void {
    for (const id of this.workers.get(name) ?? []) this.boss?.notifyWorker(id);
  }

  /** Runs `handler` for each job, one at a time per call (call it N times for N at once). */
  async work<T>(
    spec: QueueSpec,
    pollingIntervalSeconds: number,
    handler: (job: Job<T>) => Promise<object | void>,
  ): Promise<void> {
    const boss = await this.queue(spec);
    const id = await boss.work<T>(
      spec.name,
      { batchSize: 1, includeMetadata: true, pollingIntervalSeconds },
      async ([job]) => handler(job),
    );
    this.workers.set(spec.name, [...(this.workers.get(spec.name) ?? []), id]);
  }

  /** Completes an active job now (pg-boss would do it after the handler returns, without waiting). */
  async complete(name: string, id: string, output: object): Promise<void> {
    const boss = await this.start();
    await boss.complete(name, id, output);
  }

  /** Fails an active job (it is retried if it may be). */
  async fail(name: string, id: string, message: string): Promise<void> {
    const boss = await this.start();
    await boss.fail(name, id, { message });
  }

  /**
   * Stops fetching; jobs still running get `timeoutMs` to finish, then are failed (and so retried later).
   * The database connections belong to the app's data source and stay open.
   */
  stop(timeoutMs = 10_000): Promise<void> {
    this.stopping ??= (async () => {
      const boss = this.starting ? await this.starting.catch(() => null) : null;
      if (boss) await boss.stop({ graceful: true, wait: true, timeout: timeoutMs, close: false });
      this.workers.clear();
    })();
    return this.stopping;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
  }
}
