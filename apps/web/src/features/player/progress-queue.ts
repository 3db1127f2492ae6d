/**
 * Progress reports that have not reached the server yet, kept in localStorage so that a reload, a crash
 * or a closed laptop loses nothing. Pure logic over a Storage-like object: every call reads and writes
 * storage, so a new instance (a reload, another tab) sees the same queue.
 *
 * One storage key per user holds at most one entry per lesson. Reports for the same lesson merge: the
 * watched intervals join (the server merges idempotently, so resending is harmless) and the position is
 * the one of the newest report (highest seq).
 */
import { PROGRESS_MAX_RANGES, type ProgressReportDto } from '@academy/contracts';
// `.js`: the unit tests (tests/web) compile this pure module with the API's NodeNext settings.
import { capIntervals, mergeIntervals, type Interval } from './progress-intervals.js';

/** The subset of `Storage` the queue uses (localStorage in the browser, a Map in tests). */
export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface QueuedReport {
  lessonId: string;
  positionS: number;
  watched: Interval[];
  seq: number;
  /** When this entry was first queued (ms since epoch). */
  queuedAt: number;
  /**
   * Sending failed at least once (offline, server error). Entries written just before a keep-alive send at
   * page hide are not failed yet: they are a safety copy in case the page dies before the answer.
   */
  failed: boolean;
}

export interface ProgressQueueOptions {
  /** Most lessons kept per user; the oldest entries go first. */
  maxEntries?: number;
  /** Most intervals kept per lesson; the shortest go first. */
  maxRanges?: number;
  now?: () => number;
  /** Called after every change this instance writes. */
  onChange?: () => void;
}

export const QUEUE_KEY_PREFIX = 'academy.progressQueue.';

function isInterval(value: unknown): value is Interval {
  return (
    Array.isArray(value) &&
    value.length === 2 &&
    typeof value[0] === 'number' &&
    typeof value[1] === 'number' &&
    Number.isFinite(value[0]) &&
    Number.isFinite(value[1])
  );
}

function parseEntry(lessonId: string, value: unknown): QueuedReport | null {
  if (!value || typeof value !== 'object') return null;
  const v = value as Record<string, unknown>;
  if (typeof v.positionS !== 'number' || !Number.isFinite(v.positionS)) return null;
  if (typeof v.seq !== 'number' || !Number.isFinite(v.seq)) return null;
  if (!Array.isArray(v.watched)) return null;
  return {
    lessonId,
    positionS: v.positionS,
    watched: mergeIntervals(v.watched.filter(isInterval)),
    seq: v.seq,
    queuedAt: typeof v.queuedAt === 'number' ? v.queuedAt : 0,
    failed: v.failed === true,
  };
}

export class ProgressQueue {
  readonly key: string;
  private readonly maxEntries: number;
  private readonly maxRanges: number;
  private readonly now: () => number;
  private readonly onChange: () => void;

  constructor(
    private readonly storage: StorageLike | null,
    userId: string,
    { maxEntries = 50, maxRanges = PROGRESS_MAX_RANGES, now = Date.now, onChange }: ProgressQueueOptions = {},
  ) {
    this.key = QUEUE_KEY_PREFIX + userId;
    this.maxEntries = maxEntries;
    this.maxRanges = maxRanges;
    this.now = now;
    this.onChange = onChange ?? (() => undefined);
  }

  /** All queued entries, oldest first. Unreadable storage reads as empty. */
  list(): QueuedReport[] {
    return [...this.read().values()].sort((a, b) => a.queuedAt - b.queuedAt);
  }

  get(lessonId: string): QueuedReport | null {
    return this.read().get(lessonId) ?? null;
  }

  get size(): number {
    return this.read().size;
  }

  /** True when some entry could not be sent (what the "back online" notice is about). */
  hasFailed(): boolean {
    return this.list().some((e) => e.failed);
  }

  /** Queues a report, merging it into the lesson's entry. Returns the entry as stored. */
  add(lessonId: string, report: ProgressReportDto, { failed }: { failed: boolean }): QueuedReport {
    const entries = this.read();
    const prev = entries.get(lessonId);
    const newer = !prev || report.seq >= prev.seq;
    const entry: QueuedReport = {
      lessonId,
      positionS: newer ? report.positionS : prev.positionS,
      watched: capIntervals(mergeIntervals([...(prev?.watched ?? []), ...report.watched]), this.maxRanges),
      seq: newer ? report.seq : prev.seq,
      queuedAt: prev?.queuedAt ?? this.now(),
      failed: failed || (prev?.failed ?? false),
    };
    entries.delete(lessonId);
    entries.set(lessonId, entry);
    // Bounded: the oldest entries go first when there are too many lessons.
    const ordered = [...entries.values()].sort((a, b) => a.queuedAt - b.queuedAt);
    while (ordered.length > this.maxEntries) {
      const dropped = ordered.shift()!;
      entries.delete(dropped.lessonId);
    }
    this.write(entries);
    return entries.get(lessonId) ?? entry;
  }

  /** Marks the lesson's entry as failed (it stays queued). */
  markFailed(lessonId: string): void {
    const entries = this.read();
    const entry = entries.get(lessonId);
    if (!entry || entry.failed) return;
    entries.set(lessonId, { ...entry, failed: true });
    this.write(entries);
  }

  /**
   * A report with this seq reached the server: the entry goes, unless a newer report was merged into it in
   * the meantime (then it stays, to be sent again; resending what the server has is harmless).
   */
  settle(lessonId: string, seq: number): void {
    const entries = this.read();
    const entry = entries.get(lessonId);
    if (!entry || entry.seq > seq) return;
    entries.delete(lessonId);
    this.write(entries);
  }

  remove(lessonId: string): void {
    const entries = this.read();
    if (!entries.delete(lessonId)) return;
    this.write(entries);
  }

  private read(): Map<string, QueuedReport> {
    const out = new Map<string, QueuedReport>();
    let raw: string | null = null;
    try {
      raw = this.storage?.getItem(this.key) ?? null;
    } catch {
      return out;
    }
    if (!raw) return out;
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      return out;
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return out;
    for (const [lessonId, value] of Object.entries(parsed as Record<string, unknown>)) {
      const entry = parseEntry(lessonId, value);
      if (entry) out.set(lessonId, entry);
    }
    return out;
  }

  private write(entries: Map<string, QueuedReport>): void {
    try {
      if (entries.size === 0) {
        this.storage?.removeItem(this.key);
      } else {
        const body: Record<string, Omit<QueuedReport, 'lessonId'>> = {};
        for (const { lessonId, ...rest } of entries.values()) body[lessonId] = rest;
        this.storage?.setItem(this.key, JSON.stringify(body));
      }
    } catch {
      // Storage full or unavailable: the report is lost for this browser, as it would be without a queue.
    }
    this.onChange();
  }
}

export const SEQ_KEY = 'academy.progressSeq';

/**
 * Report numbers that only go up, across reloads and tabs: max(now, last + 1), the last one kept in
 * storage. Date-based, so even a browser whose storage was cleared starts above what it sent before.
 */
export class SeqCounter {
  private last = 0;

  constructor(
    private readonly storage: StorageLike | null,
    private readonly now: () => number = Date.now,
  ) {}

  next(): number {
    let stored = 0;
    try {
      stored = Number(this.storage?.getItem(SEQ_KEY) ?? 0) || 0;
    } catch {
      stored = 0;
    }
    const seq = Math.max(Math.floor(this.now()), this.last + 1, stored + 1);
    this.last = seq;
    try {
      this.storage?.setItem(SEQ_KEY, String(seq));
    } catch {
      // in-memory counter still increases
    }
    return seq;
  }
}
