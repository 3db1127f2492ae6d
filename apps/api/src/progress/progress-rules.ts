import { DEFAULT_COMPLETION_THRESHOLD } from '@academy/contracts';

// Pure rules around the upsert (no Nest, no database), so benchmarks and tests can use them as the service does.

/** The video's length in whole seconds, the unit of the watched multirange. */
export function wholeSeconds(durationS: number): number {
  return Math.round(durationS);
}

/** Watched seconds a lesson needs for completion. */
export function secondsToComplete(completionThreshold: number | null, duration: number): number {
  const threshold = completionThreshold ?? DEFAULT_COMPLETION_THRESHOLD;
  // The epsilon keeps float noise (0.55 × 100 = 55.00000000000001) from asking for a 56th second.
  return Math.max(1, Math.ceil(threshold * duration - 1e-9));
}

/**
 * Reported [from, to] seconds → whole seconds [round(from), round(to)) clipped to [0, duration]: the
 * starts and the ends, as the upsert takes them. Rounding both ends (half up, Math.round) keeps adjacent
 * reports adjacent ([0, 10.4] and [10.4, 20] give [0, 10) and [10, 20)) and neither over- nor
 * under-counts on average, where floor(from)/ceil(to) would add up to a second per range. Done here, not
 * in SQL: PostgreSQL's float8 → numeric cast keeps 15 digits, so round(0.4999999999999995) gives 1 there.
 */
export function wholeSecondRanges(watched: [number, number][], duration: number): [number[], number[]] {
  const clip = (seconds: number) => Math.round(Math.min(seconds, duration));
  return [watched.map(([from]) => clip(from)), watched.map(([, to]) => clip(to))];
}

/**
 * wholeSecondRanges' starts and ends as an int4multirange literal, the upsert's `ranges`: PostgreSQL
 * merges overlapping ranges and drops empty ones ([5,5)) when it reads it. Whole seconds only.
 */
export function multirangeLiteral([starts, ends]: [number[], number[]]): string {
  return `{${starts.map((from, i) => `[${from},${ends[i]})`).join(',')}}`;
}

/** '{[0,5),[10,20)}' → [[0, 5], [10, 20]]. */
export function parseMultirange(text: string): [number, number][] {
  return [...text.matchAll(/\[(-?\d+),(-?\d+)\)/g)].map((m) => [Number(m[1]), Number(m[2])]);
}
