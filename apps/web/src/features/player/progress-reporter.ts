/**
 * Sends progress reports and keeps the ones that fail. Pure logic: the transport (fetch), the queue's
 * storage and the result handler are passed in, so tests run it without a browser.
 *
 * - A report that fails because of the network, a server error (5xx), throttling (429) or a session that
 *   could not be refreshed (401) is queued (merged per lesson) and retried later.
 * - Any other 4xx means the server refuses it for good (not a learner, bad input): it is dropped.
 * - A successful report is followed by a flush of the queue ("next successful contact").
 * - A keep-alive report (page hide) is queued first and removed once answered, so that a page that dies
 *   before the answer leaves it for the next page load.
 */
import type { ProgressReportDto, ProgressReportResultDto } from '@academy/contracts';
// `.js`: the unit tests (tests/web) compile this pure module with the API's NodeNext settings.
import type { ProgressQueue } from './progress-queue.js';

export type SendOutcome =
  { ok: true; result: ProgressReportResultDto } | { ok: false; retry: boolean; status: number };

export interface ProgressTransport {
  /** PUT /api/lessons/:id/progress. Never throws: failures are outcomes. */
  put(lessonId: string, body: ProgressReportDto, options: { keepalive: boolean }): Promise<SendOutcome>;
}

/** Whether a failed report may succeed later: network (0), 401 (session), 408, 429 and 5xx. */
export function isRetryableStatus(status: number): boolean {
  return status === 0 || status === 401 || status === 408 || status === 429 || status >= 500;
}

export type ResultListener = (result: ProgressReportResultDto) => void;

export class ProgressReporter {
  private flushing: Promise<void> | null = null;
  private readonly listeners = new Set<ResultListener>();

  constructor(
    readonly queue: ProgressQueue,
    private readonly transport: ProgressTransport,
  ) {}

  /** Called with every accepted report (sent now or from the queue). Returns an unsubscribe function. */
  onResult(listener: ResultListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Sends one report; queues it when it fails in a way that may pass later. */
  async report(
    lessonId: string,
    body: ProgressReportDto,
    { keepalive = false }: { keepalive?: boolean } = {},
  ): Promise<SendOutcome> {
    if (keepalive) this.queue.add(lessonId, body, { failed: false });
    const outcome = await this.transport.put(lessonId, body, { keepalive });
    if (outcome.ok) {
      if (keepalive) this.queue.settle(lessonId, body.seq);
      this.emit(outcome.result);
      if (this.queue.size > 0) void this.flush();
    } else if (!outcome.retry) {
      // Refused for good: nothing to keep.
      if (keepalive) this.queue.settle(lessonId, body.seq);
    } else if (keepalive) {
      // Still queued. If the page lives on, a normal flush (which can refresh a session) sends it.
      void this.flush();
    } else {
      this.queue.add(lessonId, body, { failed: true });
    }
    return outcome;
  }

  /**
   * Sends every queued entry, oldest first; stops at the first that fails in a retryable way (still
   * offline). One flush at a time: a second call while one runs shares it.
   */
  flush(): Promise<void> {
    this.flushing ??= this.runFlush().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private async runFlush(): Promise<void> {
    for (const entry of this.queue.list()) {
      const body: ProgressReportDto = { positionS: entry.positionS, watched: entry.watched, seq: entry.seq };
      const outcome = await this.transport.put(entry.lessonId, body, { keepalive: false });
      if (outcome.ok) {
        this.queue.settle(entry.lessonId, entry.seq);
        this.emit(outcome.result);
      } else if (outcome.retry) {
        this.queue.markFailed(entry.lessonId);
        return;
      } else {
        this.queue.settle(entry.lessonId, entry.seq);
      }
    }
  }

  private emit(result: ProgressReportResultDto): void {
    for (const listener of this.listeners) {
      try {
        listener(result);
      } catch {
        // a listener's failure must not lose the report's bookkeeping
      }
    }
  }
}
