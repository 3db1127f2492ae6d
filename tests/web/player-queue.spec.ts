import { PROGRESS_MAX_RANGES } from '@academy/contracts';
import {
  ProgressQueue,
  SeqCounter,
  type StorageLike,
} from '../../apps/web/src/features/player/progress-queue.js';

/** localStorage as a plain object; a "reload" is a new ProgressQueue over the same store. */
class MemoryStorage implements StorageLike {
  readonly data = new Map<string, string>();
  getItem(key: string): string | null {
    return this.data.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.data.set(key, value);
  }
  removeItem(key: string): void {
    this.data.delete(key);
  }
}

const USER = 'user-1';

describe('ProgressQueue', () => {
  it('merges reports for one lesson: intervals join, position and seq from the newest', () => {
    const storage = new MemoryStorage();
    const queue = new ProgressQueue(storage, USER, { now: () => 1000 });
    queue.add('L1', { positionS: 10, watched: [[0, 10]], seq: 5 }, { failed: true });
    queue.add('L1', { positionS: 25, watched: [[8, 25]], seq: 7 }, { failed: true });
    // An older report arriving late keeps the newer position.
    queue.add('L1', { positionS: 3, watched: [[40, 41]], seq: 6 }, { failed: true });
    expect(queue.list()).toEqual([
      {
        lessonId: 'L1',
        positionS: 25,
        watched: [
          [0, 25],
          [40, 41],
        ],
        seq: 7,
        queuedAt: 1000,
        failed: true,
      },
    ]);
  });

  it('keeps lessons and users apart', () => {
    const storage = new MemoryStorage();
    const mine = new ProgressQueue(storage, USER);
    const theirs = new ProgressQueue(storage, 'user-2');
    mine.add('L1', { positionS: 1, watched: [[0, 1]], seq: 1 }, { failed: true });
    mine.add('L2', { positionS: 2, watched: [[0, 2]], seq: 2 }, { failed: true });
    theirs.add('L1', { positionS: 9, watched: [[0, 9]], seq: 3 }, { failed: true });
    expect(mine.list().map((e) => e.lessonId)).toEqual(['L1', 'L2']);
    expect(theirs.list().map((e) => [e.lessonId, e.positionS])).toEqual([['L1', 9]]);
  });

  it('survives a reload: a new instance over the same storage sees everything', () => {
    const storage = new MemoryStorage();
    const before = new ProgressQueue(storage, USER);
    before.add('L1', { positionS: 12, watched: [[2, 12]], seq: 100 }, { failed: true });
    before.add('L2', { positionS: 4, watched: [], seq: 101 }, { failed: false });

    const after = new ProgressQueue(storage, USER);
    expect(after.size).toBe(2);
    expect(after.get('L1')).toMatchObject({ positionS: 12, watched: [[2, 12]], seq: 100, failed: true });
    expect(after.hasFailed()).toBe(true);
    after.settle('L1', 100);
    expect(after.hasFailed()).toBe(false);
    expect(new ProgressQueue(storage, USER).list().map((e) => e.lessonId)).toEqual(['L2']);
  });

  it('settles only what was sent: a newer report merged meanwhile stays queued', () => {
    const storage = new MemoryStorage();
    const queue = new ProgressQueue(storage, USER);
    queue.add('L1', { positionS: 5, watched: [[0, 5]], seq: 10 }, { failed: true });
    queue.add('L1', { positionS: 9, watched: [[5, 9]], seq: 11 }, { failed: true });
    queue.settle('L1', 10);
    expect(queue.get('L1')?.seq).toBe(11);
    queue.settle('L1', 11);
    expect(queue.get('L1')).toBeNull();
    expect(storage.data.size).toBe(0);
  });

  it('marks an entry failed without touching its data, and a failed entry stays failed when merged', () => {
    const queue = new ProgressQueue(new MemoryStorage(), USER);
    queue.add('L1', { positionS: 5, watched: [[0, 5]], seq: 10 }, { failed: false });
    expect(queue.hasFailed()).toBe(false);
    queue.markFailed('L1');
    queue.add('L1', { positionS: 6, watched: [[5, 6]], seq: 11 }, { failed: false });
    expect(queue.get('L1')).toMatchObject({ failed: true, watched: [[0, 6]], positionS: 6 });
  });

  it('is bounded: at most maxEntries lessons (the oldest go) and maxRanges intervals (the shortest go)', () => {
    let clock = 0;
    const queue = new ProgressQueue(new MemoryStorage(), USER, { maxEntries: 3, now: () => ++clock });
    for (let i = 1; i <= 5; i++) queue.add(`L${i}`, { positionS: i, watched: [], seq: i }, { failed: true });
    expect(queue.list().map((e) => e.lessonId)).toEqual(['L3', 'L4', 'L5']);

    const big = new ProgressQueue(new MemoryStorage(), USER);
    const many: [number, number][] = [];
    // 50 short intervals among long ones; with one more added, 51 must go: the short ones and one long.
    for (let i = 0; i < PROGRESS_MAX_RANGES + 50; i++) many.push([i * 10, i * 10 + (i % 11 === 0 ? 0.5 : 2)]);
    big.add('L1', { positionS: 0, watched: many, seq: 1 }, { failed: true });
    big.add('L1', { positionS: 0, watched: [[100_000, 100_009]], seq: 2 }, { failed: true });
    const watched = big.get('L1')!.watched;
    expect(watched).toHaveLength(PROGRESS_MAX_RANGES);
    expect(watched).toContainEqual([100_000, 100_009]);
    expect(watched.filter(([from, to]) => to - from < 1)).toEqual([]);
  });

  it('reads corrupt or foreign storage as empty and recovers on the next write', () => {
    const storage = new MemoryStorage();
    storage.setItem(`academy.progressQueue.${USER}`, '{not json');
    const queue = new ProgressQueue(storage, USER);
    expect(queue.list()).toEqual([]);
    storage.setItem(
      `academy.progressQueue.${USER}`,
      JSON.stringify({ L1: { positionS: 'x' }, L2: { positionS: 3, seq: 1, watched: [[0, 3], 'bad'] } }),
    );
    expect(queue.list().map((e) => [e.lessonId, e.watched])).toEqual([['L2', [[0, 3]]]]);
    queue.add('L3', { positionS: 1, watched: [[0, 1]], seq: 2 }, { failed: true });
    expect(new ProgressQueue(storage, USER).size).toBe(2);
  });

  it('keeps working (as a no-op) when storage throws', () => {
    const broken: StorageLike = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('quota');
      },
      removeItem: () => undefined,
    };
    const queue = new ProgressQueue(broken, USER);
    expect(() => queue.add('L1', { positionS: 1, watched: [], seq: 1 }, { failed: true })).not.toThrow();
    expect(queue.list()).toEqual([]);
  });

  it('tells its listener about every change', () => {
    let changes = 0;
    const queue = new ProgressQueue(new MemoryStorage(), USER, { onChange: () => changes++ });
    queue.add('L1', { positionS: 1, watched: [], seq: 1 }, { failed: false });
    queue.markFailed('L1');
    queue.settle('L1', 1);
    expect(changes).toBe(3);
  });
});

describe('SeqCounter', () => {
  it('is strictly increasing, across "reloads" and even when the clock goes back', () => {
    const storage = new MemoryStorage();
    let now = 1_000;
    const first = new SeqCounter(storage, () => now);
    const a = first.next();
    const b = first.next();
    expect(a).toBe(1_000);
    expect(b).toBe(1_001);
    now = 500; // clock set back
    const reloaded = new SeqCounter(storage, () => now);
    expect(reloaded.next()).toBe(1_002);
    now = 5_000;
    expect(reloaded.next()).toBe(5_000);
  });
});
