import type { ProgressReportDto } from '@academy/contracts';
import { TestContext } from '@academy/testing';
import { randomUUID } from 'node:crypto';
import type { AuthUser } from '../../identity/auth-user.js';
import { ProgressBatcher, type ReportInput } from '../progress-batcher.js';
import { ProgressService } from '../progress.service.js';
import { buildCourse, controlClock } from './progress-fixtures.js';

/**
 * Reports that arrive together share one statement (ProgressBatcher). These call the service directly,
 * so a burst reaches the batcher in one turn of the event loop, as concurrent requests do under load.
 */
describe('lesson progress: reports written in batches', () => {
  let ctx: TestContext;
  let service: ProgressService;
  let batcher: ProgressBatcher;
  let clock: ReturnType<typeof controlClock>;
  let courseId: string;
  let lessonIds: string[];

  /** A learner as the auth guard hands it to the service. */
  const newLearner = async (): Promise<AuthUser> => {
    const user = await ctx.newUser();
    return {
      id: user.id,
      sessionId: randomUUID(),
      email: user.email,
      displayName: 'Learner',
      locale: 'en',
      organisationId: null,
      grants: [{ role: 'learner', organisationId: null, organisationCode: null, organisationPath: null }],
    };
  };
  const learners = (n: number) => Promise.all(Array.from({ length: n }, newLearner));
  const statementsDuring = async <T>(work: () => Promise<T>): Promise<[T, number]> => {
    const before = batcher.stats.statements;
    const result = await work();
    return [result, batcher.stats.statements - before];
  };

  beforeAll(async () => {
    ctx = await TestContext.create();
    const author = await ctx.login(await ctx.newUser({ roles: ['author'] }));
    ({ id: courseId, lessonIds } = await buildCourse(ctx, author, [{ durationS: 100 }, { durationS: 60 }]));
    service = ctx.app.get(ProgressService);
    batcher = ctx.app.get(ProgressBatcher);
    clock = controlClock(ctx);
  });
  afterAll(() => ctx.close());

  it('answers every report of a burst exactly as it answers the same report sent alone', async () => {
    // The same script for two groups of learners: one sends its reports one by one, the other all at once.
    // Learner i watches from i × 7 s, so the answers differ between learners; some clip, complete the
    // lesson and then the course (enrolment recounts), some do not.
    const alone = await learners(12);
    const together = await learners(12);
    const steps: { waitS: number; lesson: number; watched: (i: number) => [number, number][] }[] = [
      { waitS: 0, lesson: 0, watched: () => [] },
      { waitS: 4, lesson: 0, watched: (i) => [[i * 7, i * 7 + 30]] },
      { waitS: 40, lesson: 0, watched: (i) => [[0, 40 + i * 5]] },
      { waitS: 3600, lesson: 0, watched: (i) => [[i, 95 - i]] },
      { waitS: 0, lesson: 1, watched: (i) => [[0, 10 * i]] },
      { waitS: 3600, lesson: 1, watched: (i) => [[0.4, 60.4 - 2 * i]] },
      { waitS: 5, lesson: 0, watched: () => [[99, 100]] },
    ];
    let seq = 0;
    for (const step of steps) {
      clock.advance(step.waitS);
      seq++;
      const body = (i: number): ProgressReportDto => ({ positionS: 5 * i, watched: step.watched(i), seq });
      const lessonId = lessonIds[step.lesson];
      const one: unknown[] = [];
      for (const [i, learner] of alone.entries()) one.push(await service.report(learner, lessonId, body(i)));
      const [burst, statements] = await statementsDuring(() =>
        Promise.all(together.map((learner, i) => service.report(learner, lessonId, body(i)))),
      );
      expect(burst).toEqual(one);
      expect(statements).toBeLessThan(together.length);
    }
    // The script did reach the interesting cases.
    const done = await service.course(alone[0], courseId);
    expect(done.course).toMatchObject({ status: 'completed', completedLessons: 2 });
    const partly = await service.course(alone[11], courseId);
    expect(partly.course).toMatchObject({ status: 'in_progress', completedLessons: 1 });
  });

  it('writes reports of the same learner and lesson one after the other, in order, each with its credit', async () => {
    const [learner] = await learners(1);
    await service.report(learner, lessonIds[0], { positionS: 0, watched: [], seq: 1 });
    // 10 s later the credit is 5 + 2 × 10 = 25 seconds, whichever statement spends it.
    clock.advance(10);
    const [answers, statements] = await statementsDuring(() =>
      Promise.all(
        [0, 10, 20].map((from, i) =>
          service.report(learner, lessonIds[0], {
            positionS: from + 10,
            watched: [[from, from + 10]],
            seq: i + 2,
          }),
        ),
      ),
    );
    expect(statements).toBe(3);
    expect(answers.map((a) => [a.watchedS, a.clippedS, a.positionS])).toEqual([
      [10, 0, 10],
      [20, 0, 20],
      [25, 5, 30],
    ]);
    expect(answers[2].watched).toEqual([[0, 25]]);
  });

  it('gives the error only to the report that caused it, and writes the others', async () => {
    const good = await learners(3);
    const input = (userId: string, lessonId = lessonIds[0]): ReportInput => ({
      userId,
      lessonId,
      courseId,
      ranges: '{[0,4)}',
      positionS: 4,
      seq: 1,
      now: new Date(clock.now),
      durationS: 100,
      neededS: 90,
    });
    const retried = batcher.stats.retried;
    // A learner deleted since signing in: the foreign key fails the batch's statement.
    const results = await Promise.allSettled([
      batcher.record(input(good[0].id)),
      batcher.record(input(randomUUID())),
      batcher.record(input(good[1].id)),
      batcher.record(input(good[2].id)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect(batcher.stats.retried).toBe(retried + 4);
    for (const result of results) {
      if (result.status === 'fulfilled') expect(result.value).toMatchObject({ watched_s: 4, clipped_s: 0 });
    }
    const rows = (await ctx.db.query(
      `SELECT count(*)::int AS n FROM lesson_progress WHERE user_id = ANY($1::uuid[]) AND watched_s = 4`,
      [good.map((l) => l.id)],
    )) as { n: number }[];
    expect(rows[0].n).toBe(3);
  });

  it('falls back to one statement per report when a batch is refused as a whole', async () => {
    const [learner] = await learners(1);
    const report = (lessonId: string, ranges: string): ReportInput => ({
      userId: learner.id,
      lessonId,
      courseId,
      ranges,
      positionS: 0,
      seq: 1,
      now: new Date(clock.now),
      durationS: 100,
      neededS: 90,
    });
    // The same lesson spelt twice: the batcher sees two pairs, PostgreSQL one row, which ON CONFLICT
    // cannot update twice in one statement. Retried one by one, both count.
    const retried = batcher.stats.retried;
    const answers = await Promise.all([
      batcher.record(report(lessonIds[0], '{[0,3)}')),
      batcher.record(report(lessonIds[0].toUpperCase(), '{[3,5)}')),
    ]);
    expect(batcher.stats.retried).toBe(retried + 2);
    expect(answers.map((a) => a.clipped_s)).toEqual([0, 0]);
    expect(answers.map((a) => a.watched)).toContain('{[0,5)}');
    const [row] = (await ctx.db.query(
      `SELECT watched::text AS watched FROM lesson_progress WHERE user_id = $1 AND lesson_id = $2`,
      [learner.id, lessonIds[0]],
    )) as { watched: string }[];
    expect(row.watched).toBe('{[0,5)}');
  });
});
