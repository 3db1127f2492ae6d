/**
 * Watched intervals of one page view, in seconds of the video. Pure logic: no DOM, no timers.
 *
 * The player feeds `tick()` with the playback position on every `timeupdate` while it plays and calls
 * `cut()` on seeking, pause, waiting and ended. A span is only ever extended by small forward steps, so a
 * jump (a seek, or a gap the events did not announce) never counts the seconds skipped.
 */
export type Interval = [number, number];

/** Two decimals are plenty: the server stores whole seconds. */
function round(s: number): number {
  return Math.round(s * 100) / 100;
}

function isValid(i: readonly [number, number]): boolean {
  return Number.isFinite(i[0]) && Number.isFinite(i[1]) && i[0] >= 0 && i[1] > i[0];
}

/** The union as sorted, disjoint intervals; overlapping and touching ones join; empty or invalid ones go. */
export function mergeIntervals(list: readonly (readonly [number, number])[]): Interval[] {
  const sorted = list.filter(isValid).map((i): Interval => [i[0], i[1]]);
  sorted.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: Interval[] = [];
  for (const [from, to] of sorted) {
    const last = out[out.length - 1];
    if (last && from <= last[1]) {
      if (to > last[1]) last[1] = to;
    } else {
      out.push([from, to]);
    }
  }
  return out;
}

/** Seconds covered by a merged list. */
export function measure(list: readonly (readonly [number, number])[]): number {
  return mergeIntervals(list).reduce((sum, [from, to]) => sum + (to - from), 0);
}

/**
 * At most `max` intervals: when there are more, the shortest are left out (never bridged: a gap that was
 * not watched must not be claimed). Sorted by start.
 */
export function capIntervals(list: Interval[], max: number): Interval[] {
  if (list.length <= max) return list;
  return [...list]
    .sort((a, b) => b[1] - b[0] - (a[1] - a[0]))
    .slice(0, Math.max(0, max))
    .sort((a, b) => a[0] - b[0]);
}

export interface WatchTrackerOptions {
  /**
   * Largest forward step between two ticks that still counts as continuous playback. `timeupdate` fires
   * every 15–250 ms, so even at 2× a step is well under a second; anything longer is treated as a jump.
   */
  maxStepS?: number;
  /** Most intervals `watched()` returns. */
  maxRanges?: number;
}

export class WatchTracker {
  private closed: Interval[] = [];
  private start: number | null = null;
  private last = 0;
  private readonly maxStepS: number;
  private readonly maxRanges: number;

  constructor({ maxStepS = 3, maxRanges = Number.POSITIVE_INFINITY }: WatchTrackerOptions = {}) {
    this.maxStepS = maxStepS;
    this.maxRanges = maxRanges;
  }

  /** The position while playing (a `timeupdate` that is not part of a seek). */
  tick(positionS: number): void {
    if (!Number.isFinite(positionS) || positionS < 0) return;
    if (this.start === null) {
      this.start = positionS;
      this.last = positionS;
      return;
    }
    const step = positionS - this.last;
    if (step < 0 || step > this.maxStepS) {
      // Backwards or a leap: close what was watched and start again from here.
      this.cut();
      this.start = positionS;
      this.last = positionS;
      return;
    }
    this.last = positionS;
  }

  /** Seeking, pause, waiting, ended: the open span ends at the last tick. */
  cut(): void {
    if (this.start !== null && this.last > this.start) {
      this.closed = mergeIntervals([...this.closed, [this.start, this.last]]);
    }
    this.start = null;
  }

  /** Everything watched in this page view, merged, rounded to hundredths, at most `maxRanges` intervals. */
  watched(): Interval[] {
    const open: Interval[] = this.start !== null && this.last > this.start ? [[this.start, this.last]] : [];
    const merged = mergeIntervals([...this.closed, ...open]).map(([from, to]): Interval => [
      round(from),
      round(to),
    ]);
    return capIntervals(mergeIntervals(merged), this.maxRanges);
  }

  /** Seconds watched in this page view. */
  watchedS(): number {
    return measure(this.watched());
  }
}

/** "04:12", or "1:04:12" from an hour on. Negative and non-finite values read as 0. */
export function formatClock(seconds: number): string {
  const total = Number.isFinite(seconds) && seconds > 0 ? Math.floor(seconds) : 0;
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = String(m).padStart(2, '0');
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

/** Resume is offered after a few seconds and until close to the end (where starting over makes more sense). */
export const RESUME_MIN_S = 5;

export function shouldOfferResume(positionS: number, durationS: number | null | undefined): boolean {
  if (!Number.isFinite(positionS) || positionS <= RESUME_MIN_S) return false;
  if (!durationS || !Number.isFinite(durationS) || durationS <= 0) return true;
  const tail = Math.max(3, durationS * 0.05);
  return positionS < durationS - tail;
}
