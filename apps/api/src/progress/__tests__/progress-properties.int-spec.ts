import { MAX_PLAYBACK_RATE, PROGRESS_SLACK_S } from '@academy/contracts';
import { TestContext } from '@academy/testing';
import fc from 'fast-check';
import type TestAgent from 'supertest/lib/agent.js';
import { buildCourse, controlClock, expectedWatched, measure } from './progress-fixtures.js';

type Ranges = [number, number][];

/** Whole-second ranges `a` minus `b` (both sorted, disjoint, half-open). */
function subtract(a: Ranges, b: Ranges): Ranges {
  const out: Ranges = [];
  for (const [from, to] of a) {
    let start = from;
    for (const [bFrom, bTo] of b) {
      if (bTo <= start || bFrom >= to) continue;
      if (bFrom > start) out.push([start, bFrom]);
      start = Math.max(start, bTo);
    }
    if (start < to) out.push([start, to]);
  }
  return out;
}

/** The first `n` seconds of `ranges`. */
function earliest(ranges: Ranges, n: number): Ranges {
  const out: Ranges = [];
  let left = n;
  for (const [from, to] of ranges) {
    if (left <= 0) break;
    out.push([from, Math.min(to, from + left)]);
    left -= Math.min(to - from, left);
  }
  return out;
}

const DURATION = 100;
const NEEDED = 90; // DEFAULT_COMPLETION_THRESHOLD × DURATION

/** Any seconds, including some past the end of the video (clipped by the server). */
const interval = fc
  .tuple(fc.double({ min: 0, max: 130, noNaN: true }), fc.double({ min: 0, max: 130, noNaN: true }))
  .map(([a, b]): [number, number] => (a <= b ? [a, b] : [b, a]));

describe('lesson progress: properties', () => {
  let ctx: TestContext;
  let learner: TestAgent;
  let learnerId: string;
  let lessonId: string;
  let clock: ReturnType<typeof controlClock>;
  let seq = 0;

  beforeAll(async () => {
    ctx = await TestContext.create();
    const author = await ctx.login(await ctx.newUser({ roles: ['author'] }));
    const user = await ctx.newUser();
    learnerId = user.id;
    learner = await ctx.login(user);
    ({
      lessonIds: [lessonId],
    } = await buildCourse(ctx, author, [{ durationS: DURATION }]));
    clock = controlClock(ctx);
  });
  afterAll(() => ctx.close());

  const send = async (watched: Ranges) => {
    const response = await learner
      .put(`/api/lessons/${lessonId}/progress`)
      .send({ positionS: 0, watched, seq: ++seq });
    expect(response.status).toBe(200);
    return response.body as { watched: Ranges; watchedS: number; status: string; clippedS: number };
  };
  /** Each run starts from nothing: no progress row, then the player's first (empty) report. */
  const restart = async () => {
    await ctx.db.query(`DELETE FROM lesson_progress WHERE user_id = $1 AND lesson_id = $2`, [
      learnerId,
      lessonId,
    ]);
    clock.advance(86_400);
    await send([]);
  };

  it('stores the union of any reports, in any order, batches and repetitions; completion never regresses', async () => {
    const scenario = fc.array(interval, { minLength: 1, maxLength: 10 }).chain((intervals) =>
      fc.record({
        intervals: fc.constant(intervals),
        // Every interval at least once, some again, in any order.
        order: fc.array(fc.nat({ max: intervals.length - 1 }), { maxLength: 6 }).chain((repeats) =>
          fc.shuffledSubarray([...intervals.keys(), ...repeats], {
            minLength: intervals.length + repeats.length,
          }),
        ),
        batchSizes: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 8 }),
      }),
    );
    await fc.assert(
      fc.asyncProperty(scenario, async ({ intervals, order, batchSizes }) => {
        await restart();
        const sent: Ranges = [];
        let previous = { watchedS: 0, status: 'in_progress' };
        for (let i = 0, b = 0; i < order.length; b++) {
          const batch = order.slice(i, i + batchSizes[b % batchSizes.length]).map((k) => intervals[k]);
          i += batch.length;
          sent.push(...batch);
          // An hour between reports: the rate rule allows everything, only the merge is under test.
          clock.advance(3600);
          const result = await send(batch);
          const expected = expectedWatched(sent, DURATION);
          expect(result.watched).toEqual(expected);
          expect(result.watchedS).toBe(measure(expected));
          expect(result.clippedS).toBe(0);
          expect(result.watchedS).toBeGreaterThanOrEqual(previous.watchedS);
          if (previous.status === 'completed') expect(result.status).toBe('completed');
          expect(result.status).toBe(result.watchedS >= NEEDED ? 'completed' : 'in_progress');
          previous = result;
        }
        const stored = await learner.get(`/api/lessons/${lessonId}/progress`).expect(200);
        expect(stored.body.watched).toEqual(expectedWatched(intervals, DURATION));
      }),
      { numRuns: 40 },
    );
  });

  it('never counts seconds faster than real time allows, keeping the earliest new seconds', async () => {
    const step = fc.record({
      waitS: fc.integer({ min: 0, max: 15 }),
      watched: fc.array(interval, { maxLength: 3 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), async (steps) => {
        await restart();
        // The model: a credit of seconds, PROGRESS_SLACK_S at the first report, refilled at
        // MAX_PLAYBACK_RATE per second, capped at duration + slack; each report spends it on its earliest new seconds.
        let credit = PROGRESS_SLACK_S;
        let watched: Ranges = [];
        let elapsed = 0;
        for (const { waitS, watched: report } of steps) {
          clock.advance(waitS);
          elapsed += waitS;
          credit = Math.min(DURATION + PROGRESS_SLACK_S, credit + MAX_PLAYBACK_RATE * waitS);
          const fresh = subtract(expectedWatched(report, DURATION), watched);
          const kept = earliest(fresh, Math.floor(credit));
          credit -= measure(kept);
          watched = expectedWatched([...watched, ...kept], DURATION);

          const result = await send(report);
          expect(result.watched).toEqual(watched);
          expect(result.clippedS).toBe(measure(fresh) - measure(kept));
          expect(result.watchedS).toBeLessThanOrEqual(PROGRESS_SLACK_S + MAX_PLAYBACK_RATE * elapsed);
        }
      }),
      { numRuns: 30 },
    );
  });
});
