import {
  capIntervals,
  formatClock,
  measure,
  mergeIntervals,
  shouldOfferResume,
  WatchTracker,
} from '../../apps/web/src/features/player/progress-intervals.js';

/** Ticks like `timeupdate` every 0.25 s from `from` to `to` (inclusive). */
function play(tracker: WatchTracker, from: number, to: number, step = 0.25): void {
  for (let t = from; t <= to + 1e-9; t += step) tracker.tick(Math.round(t * 1000) / 1000);
}

describe('mergeIntervals', () => {
  it('sorts, joins overlapping and touching intervals and drops empty or invalid ones', () => {
    expect(
      mergeIntervals([
        [10, 12],
        [0, 3],
        [2, 5],
        [5, 6],
        [8, 8],
        [9, 7],
        [-1, 2],
        [Number.NaN, 4],
        [11, 11.5],
      ]),
    ).toEqual([
      [0, 6],
      [10, 12],
    ]);
  });

  it('does not change its input', () => {
    const input: [number, number][] = [
      [3, 4],
      [1, 3.5],
    ];
    mergeIntervals(input);
    expect(input).toEqual([
      [3, 4],
      [1, 3.5],
    ]);
  });

  it('measures the union, not the sum', () => {
    expect(
      measure([
        [0, 10],
        [5, 15],
        [20, 21],
      ]),
    ).toBe(16);
  });

  it('caps by leaving out the shortest intervals, never bridging a gap', () => {
    const capped = capIntervals(
      [
        [0, 1],
        [2, 10],
        [11, 11.5],
        [20, 25],
      ],
      2,
    );
    expect(capped).toEqual([
      [2, 10],
      [20, 25],
    ]);
  });
});

describe('WatchTracker', () => {
  it('records continuous playback as one interval, the open one included', () => {
    const tracker = new WatchTracker();
    play(tracker, 0, 6);
    expect(tracker.watched()).toEqual([[0, 6]]);
    expect(tracker.watchedS()).toBe(6);
  });

  it('splits on a seek: the skipped span is never counted', () => {
    const tracker = new WatchTracker();
    play(tracker, 0, 4);
    tracker.cut(); // seeking
    play(tracker, 30, 33);
    expect(tracker.watched()).toEqual([
      [0, 4],
      [30, 33],
    ]);
    expect(tracker.watchedS()).toBe(7);
  });

  it('treats an unannounced jump (no seeking event) as a seek too', () => {
    const tracker = new WatchTracker({ maxStepS: 3 });
    play(tracker, 0, 2);
    tracker.tick(50);
    tracker.tick(50.25);
    tracker.tick(50.5);
    expect(tracker.watched()).toEqual([
      [0, 2],
      [50, 50.5],
    ]);
  });

  it('splits on a backward jump and merges the rewatched part', () => {
    const tracker = new WatchTracker();
    play(tracker, 0, 10);
    play(tracker, 4, 12);
    expect(tracker.watched()).toEqual([[0, 12]]);
  });

  it('counts nothing for a seek to the end followed by `ended`', () => {
    const tracker = new WatchTracker();
    tracker.cut(); // seeking to 599
    tracker.tick(599);
    tracker.tick(600); // ended
    tracker.cut();
    expect(tracker.watchedS()).toBe(1);
  });

  it('is cumulative over the page view: pauses and later plays add up', () => {
    const tracker = new WatchTracker();
    play(tracker, 0, 5);
    tracker.cut(); // pause
    const first = tracker.watched();
    play(tracker, 5, 8); // play again from where it paused
    expect(first).toEqual([[0, 5]]);
    expect(tracker.watched()).toEqual([[0, 8]]);
    tracker.cut();
    tracker.cut(); // repeated cuts change nothing
    expect(tracker.watched()).toEqual([[0, 8]]);
  });

  it('ignores nonsense positions', () => {
    const tracker = new WatchTracker();
    tracker.tick(Number.NaN);
    tracker.tick(-3);
    play(tracker, 1, 2);
    expect(tracker.watched()).toEqual([[1, 2]]);
  });

  it('rounds to hundredths and keeps at most maxRanges intervals', () => {
    const tracker = new WatchTracker({ maxRanges: 3 });
    tracker.tick(0.123456);
    tracker.tick(1.987654);
    tracker.cut();
    for (let i = 0; i < 5; i++) {
      tracker.tick(10 * (i + 1));
      tracker.tick(10 * (i + 1) + 2 + i * 0.1);
      tracker.cut();
    }
    const watched = tracker.watched();
    expect(watched).toHaveLength(3);
    expect(watched).toEqual([
      [30, 32.2],
      [40, 42.3],
      [50, 52.4],
    ]);
    const small = new WatchTracker();
    small.tick(0.123456);
    small.tick(1.987654);
    expect(small.watched()).toEqual([[0.12, 1.99]]);
  });
});

describe('formatClock and resume', () => {
  it('formats mm:ss and h:mm:ss', () => {
    expect(formatClock(252)).toBe('04:12');
    expect(formatClock(6.9)).toBe('00:06');
    expect(formatClock(3600 + 62)).toBe('1:01:02');
    expect(formatClock(Number.NaN)).toBe('00:00');
    expect(formatClock(-5)).toBe('00:00');
  });

  it('offers resume after 5 s and not near the end', () => {
    expect(shouldOfferResume(4, 600)).toBe(false);
    expect(shouldOfferResume(5, 600)).toBe(false);
    expect(shouldOfferResume(252, 600)).toBe(true);
    expect(shouldOfferResume(580, 600)).toBe(false); // the last 5%
    expect(shouldOfferResume(6.2, 12)).toBe(true);
    expect(shouldOfferResume(9.5, 12)).toBe(false); // the last 3 s
    expect(shouldOfferResume(100, null)).toBe(true);
  });
});
