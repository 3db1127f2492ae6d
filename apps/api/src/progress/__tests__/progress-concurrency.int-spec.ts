import { TestContext } from '@academy/testing';
import fc from 'fast-check';
import { buildCourse, controlClock, expectedWatched, measure } from './progress-fixtures.js';

describe('lesson progress: concurrent reports', () => {
  let ctx: TestContext;

  beforeAll(async () => {
    ctx = await TestContext.create();
  });
  afterAll(() => ctx.close());

  it('loses no interval when 50 reports for one learner and lesson arrive at once', async () => {
    const author = await ctx.login(await ctx.newUser({ roles: ['author'] }));
    const learner = await ctx.login(await ctx.newUser());
    const duration = 1200;
    const {
      lessonIds: [lessonId],
    } = await buildCourse(ctx, author, [{ durationS: duration }]);
    const clock = controlClock(ctx);
    const url = `/api/lessons/${lessonId}/progress`;
    await learner.put(url).send({ positionS: 0, watched: [], seq: 0 }).expect(200);
    // Enough real time for the whole video, so only the merge is under test.
    clock.advance(3600);

    // 50 reports of 1 to 3 scattered intervals each (fixed seed: the same 50 every run).
    const reports = fc.sample(
      fc.array(
        fc
          .tuple(fc.integer({ min: 0, max: duration - 1 }), fc.integer({ min: 1, max: 30 }))
          .map(([from, length]): [number, number] => [from, Math.min(duration, from + length)]),
        { minLength: 1, maxLength: 3 },
      ),
      { numRuns: 50, seed: 4 },
    );
    const responses = await Promise.all(
      reports.map((watched, i) => learner.put(url).send({ positionS: 0, watched, seq: i + 1 })),
    );
    expect(responses.map((r) => r.status)).toEqual(reports.map(() => 200));

    const expected = expectedWatched(reports.flat(), duration);
    expect(expected.length).toBeGreaterThan(10); // a scattered union, not one block
    const stored = await learner.get(url).expect(200);
    expect(stored.body.watched).toEqual(expected);
    expect(stored.body.watchedS).toBe(measure(expected));
    expect(responses.map((r) => r.body.clippedS)).toEqual(reports.map(() => 0));
    const [row] = (await ctx.db.query(
      `SELECT watched_s, last_seq FROM lesson_progress WHERE lesson_id = $1`,
      [lessonId],
    )) as { watched_s: number; last_seq: string }[];
    expect(row).toEqual({ watched_s: measure(expected), last_seq: '50' });
  });
});
