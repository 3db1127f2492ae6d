import { Injectable, Logger } from '@nestjs/common';
import type { LessonStatus } from '@academy/contracts';
import { DataSource } from 'typeorm';
import type { EnrolmentCounts } from './lesson-completion.js';
import { RECORD_REPORTS_SQL } from './progress-sql.js';

/** One report as the upsert takes it (see RECORD_REPORTS_SQL for each field's meaning). */
export interface ReportInput {
  userId: string;
  lessonId: string;
  courseId: string;
  /** int4multirange literal of the reported whole seconds (multirangeLiteral). */
  ranges: string;
  positionS: number;
  seq: number;
  now: Date;
  durationS: number;
  neededS: number;
}

/** What the upsert returns for one report. */
export type ReportRow = EnrolmentCounts & {
  watched: string;
  watched_s: number;
  position_s: number;
  status: LessonStatus;
  completed_at: Date | null;
  updated_at: Date | null;
  just_completed: boolean;
  clipped_s: number;
  course_updated_at: Date | null;
};

/** Reports per statement at most. */
export const MAX_BATCH = 64;
/** Statements this process runs at once (each holds one pooled connection). */
export const MAX_IN_FLIGHT = 2;

interface Pending {
  input: ReportInput;
  key: string;
  resolve: (row: ReportRow) => void;
  reject: (error: unknown) => void;
}

/**
 * Writes progress reports in batches: every report is one row of RECORD_REPORTS_SQL, and the reports
 * that arrive while this process's statements are running go together in the next one (at most
 * MAX_BATCH per statement, MAX_IN_FLIGHT statements at once). Nothing waits on a timer: a report that
 * finds a statement slot free is sent at the next turn of the event loop, alone or with whatever arrived
 * in the same turn, so batches grow only with the load. Under load one commit (and WAL flush) serves
 * many reports; each caller still gets its own row, exactly as a statement of its own would return it.
 *
 * - Two reports of the same learner and lesson never share a statement (ON CONFLICT cannot update a row
 *   twice in one): the later one waits for the next batch, so each is merged, rate rule included, from
 *   the row as the one before left it, as with separate requests.
 * - A statement that fails (one bad row fails them all: a learner or course deleted meanwhile, a lost
 *   connection) is retried one report per statement, so only the bad report's caller gets the error.
 *   Replaying a report is harmless even if the failed statement had in fact committed: seconds already
 *   watched add nothing and spend no credit.
 */
@Injectable()
export class ProgressBatcher {
  private readonly logger = new Logger(ProgressBatcher.name);
  private queue: Pending[] = [];
  /** (learner, lesson) keys of the reports in running statements. */
  private readonly running = new Set<string>();
  private inFlight = 0;
  private scheduled = false;
  /** Statements run and reports written, for tests and diagnostics. */
  readonly stats = { statements: 0, reports: 0, largest: 0, retried: 0 };

  constructor(private readonly dataSource: DataSource) {}

  record(input: ReportInput): Promise<ReportRow> {
    return new Promise((resolve, reject) => {
      this.queue.push({ input, key: `${input.userId} ${input.lessonId}`, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= MAX_IN_FLIGHT || this.queue.length === 0) return;
    this.scheduled = true;
    // The next turn of the event loop: reports arriving in this one go in the same statement.
    setImmediate(() => {
      this.scheduled = false;
      while (this.inFlight < MAX_IN_FLIGHT) {
        const batch = this.take();
        if (batch.length === 0) break;
        this.inFlight++;
        for (const pending of batch) this.running.add(pending.key);
        void this.run(batch).finally(() => {
          for (const pending of batch) this.running.delete(pending.key);
          this.inFlight--;
          this.schedule();
        });
      }
    });
  }

  /**
   * The oldest reports, at most MAX_BATCH and one per (learner, lesson), leaving out the pairs that a
   * running statement is writing; the rest stay queued, in order. So the reports of one pair are written
   * one after the other, in the order they arrived.
   */
  private take(): Pending[] {
    const batch: Pending[] = [];
    const keys = new Set<string>();
    const rest: Pending[] = [];
    for (const pending of this.queue) {
      const free = !keys.has(pending.key) && !this.running.has(pending.key);
      // A pair held back keeps its later reports behind it.
      keys.add(pending.key);
      if (batch.length < MAX_BATCH && free) {
        batch.push(pending);
      } else {
        rest.push(pending);
      }
    }
    this.queue = rest;
    return batch;
  }

  private async run(batch: Pending[]): Promise<void> {
    let rows: ReportRow[];
    try {
      rows = await this.write(batch.map((pending) => pending.input));
    } catch (error) {
      if (batch.length === 1) return batch[0].reject(error);
      this.stats.retried += batch.length;
      this.logger.warn(
        `a batch of ${batch.length} progress reports failed, retrying one by one: ${String(error)}`,
      );
      await Promise.all(
        batch.map((pending) =>
          this.write([pending.input]).then(([row]) => pending.resolve(row), pending.reject),
        ),
      );
      return;
    }
    batch.forEach((pending, i) => pending.resolve(rows[i]));
  }

  /** Runs the statement; the rows come back in the order of `inputs`. */
  private async write(inputs: ReportInput[]): Promise<ReportRow[]> {
    this.stats.statements++;
    this.stats.reports += inputs.length;
    this.stats.largest = Math.max(this.stats.largest, inputs.length);
    const rows = (await this.dataSource.query(RECORD_REPORTS_SQL, [
      inputs.map((r) => r.userId),
      inputs.map((r) => r.lessonId),
      inputs.map((r) => r.courseId),
      inputs.map((r) => r.ranges),
      inputs.map((r) => r.positionS),
      inputs.map((r) => r.seq),
      inputs.map((r) => r.now),
      inputs.map((r) => r.durationS),
      inputs.map((r) => r.neededS),
    ])) as (ReportRow & { n: string })[];
    const ordered = inputs.map((): ReportRow | undefined => undefined);
    for (const { n, ...row } of rows) ordered[Number(n) - 1] = row;
    if (rows.length !== inputs.length || ordered.some((row) => row === undefined)) {
      throw new Error(`the progress upsert returned ${rows.length} rows for ${inputs.length} reports`);
    }
    return ordered as ReportRow[];
  }
}
