import { TestContext, type TestOrganisation } from '@academy/testing';
import type TestAgent from 'supertest/lib/agent.js';
import { buildCourse, controlClock } from './progress-fixtures.js';

const report = (agent: TestAgent, lessonId: string, body: unknown) =>
  agent.put(`/api/lessons/${lessonId}/progress`).send(body as object);

describe('lesson progress: reports, rate rule, completion and access', () => {
  let ctx: TestContext;
  let author: TestAgent;
  let admin: TestAgent;
  let adminA: TestOrganisation;
  let adminB: TestOrganisation;
  let clock: ReturnType<typeof controlClock>;
  let seq = 0;

  /** A learner of administration A, signed in. */
  const newLearner = async (organisation: TestOrganisation = adminA) =>
    ctx.login(await ctx.newUser({ organisation }));
  const started = new WeakMap<TestAgent, Set<string>>();
  /**
   * A report after an hour of (pretend) real time, so the rate rule allows any amount. The first time an
   * agent reports on a lesson, an empty report first starts the clock, as the player does.
   */
  const later = async (agent: TestAgent, lessonId: string, watched: [number, number][], positionS = 0) => {
    const lessons = started.get(agent) ?? new Set<string>();
    started.set(agent, lessons);
    if (!lessons.has(lessonId)) {
      lessons.add(lessonId);
      await report(agent, lessonId, { positionS: 0, watched: [], seq: ++seq });
    }
    clock.advance(3600);
    return report(agent, lessonId, { positionS, watched, seq: ++seq });
  };
  const ok = async (agent: TestAgent, lessonId: string, watched: [number, number][], positionS = 0) => {
    const response = await later(agent, lessonId, watched, positionS);
    expect(response.status).toBe(200);
    return response;
  };

  beforeAll(async () => {
    ctx = await TestContext.create();
    const region = await ctx.newOrganisation({ kind: 'region' });
    adminA = await ctx.newOrganisation({ parent: region, kind: 'administration' });
    adminB = await ctx.newOrganisation({ parent: region, kind: 'administration' });
    author = await ctx.login(await ctx.newUser({ roles: ['author'], organisation: region }));
    admin = await ctx.login(await ctx.newUser({ roles: ['admin'], organisation: region }));
    clock = controlClock(ctx);
  });
  afterAll(() => ctx.close());

  it('refuses anonymous callers with 401 on every progress route', async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    for (const response of [
      await ctx.http().put(`/api/lessons/${id}/progress`).send({ positionS: 0, watched: [], seq: 1 }),
      await ctx.http().get(`/api/lessons/${id}/progress`),
      await ctx.http().get(`/api/courses/${id}/progress`),
    ]) {
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe('UNAUTHENTICATED');
    }
  });

  it('shows a lesson never reported as not started, at position 0', async () => {
    const { lessonIds } = await buildCourse(ctx, author, [{ durationS: 100 }]);
    const learner = await newLearner();
    const progress = await learner.get(`/api/lessons/${lessonIds[0]}/progress`).expect(200);
    expect(progress.body).toMatchObject({
      lessonId: lessonIds[0],
      status: 'not_started',
      positionS: 0,
      watchedS: 0,
      durationS: 100,
      watchedPct: 0,
      watched: [],
      completedAt: null,
      updatedAt: null,
    });
  });

  describe('rate rule: never faster than real time', () => {
    it('gives a script that sends the whole video at once 5 seconds and says how much it clipped', async () => {
      const { lessonIds } = await buildCourse(ctx, author, [{ durationS: 600 }]);
      const learner = await newLearner();
      const first = await report(learner, lessonIds[0], { positionS: 600, watched: [[0, 600]], seq: 1 });
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({
        watchedS: 5,
        clippedS: 595,
        watched: [[0, 5]],
        status: 'in_progress',
      });
      // 10 s later: at most 2 × 10 more seconds, the earliest ones not yet watched.
      clock.advance(10);
      const second = await report(learner, lessonIds[0], { positionS: 600, watched: [[0, 600]], seq: 2 });
      expect(second.body).toMatchObject({ watchedS: 25, clippedS: 575, watched: [[0, 25]] });
    });

    it('gives reports spaced in real time everything that was watched', async () => {
      const { lessonIds } = await buildCourse(ctx, author, [{ durationS: 120 }]);
      const learner = await newLearner();
      // The player's first report starts the clock; then every 10 s what was played, at 1× and at 2×.
      await report(learner, lessonIds[0], { positionS: 0, watched: [], seq: 1 }).expect(200);
      let position = 0;
      for (const [i, speed] of [1, 1, 2, 2, 1, 2, 2].entries()) {
        clock.advance(10);
        const played: [number, number] = [position, position + 10 * speed];
        position += 10 * speed;
        const response = await report(learner, lessonIds[0], {
          positionS: position,
          watched: [played],
          seq: i + 2,
        });
        expect(response.body).toMatchObject({ clippedS: 0, watchedS: position });
      }
      const after = await learner.get(`/api/lessons/${lessonIds[0]}/progress`).expect(200);
      expect(after.body).toMatchObject({
        watched: [[0, 110]],
        watchedS: 110,
        positionS: 110,
        status: 'completed',
      });
    });

    it('does not renew the 5-second slack for every report: many reports at once still gain 5 seconds', async () => {
      const { lessonIds } = await buildCourse(ctx, author, [{ durationS: 600 }]);
      const learner = await newLearner();
      for (let i = 0; i < 30; i++) {
        await report(learner, lessonIds[0], {
          positionS: 0,
          watched: [[i * 10, i * 10 + 10]],
          seq: i,
        }).expect(200);
      }
      const after = await learner.get(`/api/lessons/${lessonIds[0]}/progress`).expect(200);
      expect(after.body.watchedS).toBe(5);
      // Sixty seconds later: 2 × 60 more, the earliest first.
      clock.advance(60);
      const next = await report(learner, lessonIds[0], { positionS: 0, watched: [[0, 600]], seq: 99 });
      expect(next.body).toMatchObject({ watchedS: 125, watched: [[0, 125]] });
    });

    it('counts a report without new seconds as accepted: it starts the clock', async () => {
      const { lessonIds } = await buildCourse(ctx, author, [{ durationS: 300 }]);
      const learner = await newLearner();
      await report(learner, lessonIds[0], { positionS: 0, watched: [], seq: 1 }).expect(200);
      clock.advance(30);
      const response = await report(learner, lessonIds[0], { positionS: 60, watched: [[0, 60]], seq: 2 });
      expect(response.body).toMatchObject({ watchedS: 60, clippedS: 0 });
    });
  });

  describe('validation', () => {
    let lessonId: string;
    let learner: TestAgent;

    beforeAll(async () => {
      ({
        lessonIds: [lessonId],
      } = await buildCourse(ctx, author, [{ durationS: 100 }]));
      learner = await newLearner();
      await ok(learner, lessonId, [[0, 20]], 20);
    });

    const valid = { positionS: 5, watched: [[1, 2]], seq: 10_000 };
    const cases: [string, unknown, Record<string, string>][] = [
      ['a negative position', { ...valid, positionS: -1 }, { positionS: 'INVALID' }],
      ['a position sent as a string', { ...valid, positionS: '5' }, { positionS: 'INVALID' }],
      ['NaN (JSON.stringify sends null)', { ...valid, positionS: null }, { positionS: 'REQUIRED' }],
      ['a missing seq', { positionS: 5, watched: [] }, { seq: 'REQUIRED' }],
      ['a negative seq', { ...valid, seq: -1 }, { seq: 'INVALID' }],
      ['a fractional seq', { ...valid, seq: 1.5 }, { seq: 'INVALID' }],
      ['a seq sent as a string', { ...valid, seq: '7' }, { seq: 'INVALID' }],
      ['a negative second', { ...valid, watched: [[-1, 2]] }, { 'watched.0': 'INVALID' }],
      [
        'from after to',
        {
          ...valid,
          watched: [
            [0, 1],
            [5, 2],
          ],
        },
        { 'watched.1': 'INVALID' },
      ],
      ['a range of one number', { ...valid, watched: [[1]] }, { 'watched.0': 'INVALID' }],
      ['a range of three numbers', { ...valid, watched: [[1, 2, 3]] }, { 'watched.0': 'INVALID' }],
      ['a second sent as a string', { ...valid, watched: [['1', 2]] }, { 'watched.0': 'INVALID' }],
      ['a range that is an object', { ...valid, watched: [{ from: 1, to: 2 }] }, { 'watched.0': 'INVALID' }],
      ['watched that is not a list', { ...valid, watched: 'all of it' }, { watched: 'INVALID' }],
      [
        '10,000 ranges',
        { ...valid, watched: Array.from({ length: 10_000 }, (_, i) => [i, i + 0.5]) },
        { watched: 'TOO_LONG' },
      ],
      [
        'an unknown field',
        { ...valid, userId: '00000000-0000-4000-8000-000000000000' },
        { userId: 'UNKNOWN_FIELD' },
      ],
      ['a list instead of an object', [valid], { body: 'INVALID' }],
    ];

    it.each(cases)('refuses %s with PROGRESS_INVALID and changes nothing', async (_name, body, details) => {
      const before = await learner.get(`/api/lessons/${lessonId}/progress`).expect(200);
      clock.advance(3600);
      const response = await report(learner, lessonId, body);
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('PROGRESS_INVALID');
      expect(response.body.error.details).toEqual(details);
      const after = await learner.get(`/api/lessons/${lessonId}/progress`).expect(200);
      expect(after.body).toEqual(before.body);
    });

    it('refuses Infinity (1e400 in JSON) with PROGRESS_INVALID', async () => {
      const response = await learner
        .put(`/api/lessons/${lessonId}/progress`)
        .set('Content-Type', 'application/json')
        .send('{"positionS": 1, "watched": [[0, 1e400]], "seq": 1}');
      expect(response.status).toBe(400);
      expect(response.body.error).toMatchObject({
        code: 'PROGRESS_INVALID',
        details: { 'watched.0': 'INVALID' },
      });
    });

    it('clips seconds outside [0, duration] instead of refusing them', async () => {
      const response = await ok(
        learner,
        lessonId,
        [
          [90, 250.5],
          [1000, 1e9],
        ],
        1e6,
      );
      expect(response.body).toMatchObject({
        watched: [
          [0, 20],
          [90, 100],
        ],
        watchedS: 30,
        positionS: 100,
        clippedS: 0,
      });
    });
  });

  it('rounds reported seconds to whole seconds at both ends (half up), keeping adjacent reports adjacent', async () => {
    const { lessonIds } = await buildCourse(ctx, author, [{ durationS: 100.4 }]);
    const learner = await newLearner();
    await ok(learner, lessonIds[0], [[0.4, 10.6]]); // [0, 11): 11 s for 10.2 s watched
    await ok(learner, lessonIds[0], [[20.5, 22.49]]); // [21, 22)
    await ok(learner, lessonIds[0], [[30.2, 32.5]]); // [30, 33)
    await ok(learner, lessonIds[0], [[32.5, 35.1]]); // [33, 35): adjacent, merged
    // Rounded exactly as Math.round does (PostgreSQL's float8 → numeric would turn 40.49999999999999 into 41).
    await ok(learner, lessonIds[0], [[40.49999999999999, 41.2]]); // [40, 41)
    const response = await ok(learner, lessonIds[0], [
      [50.3, 50.45],
      [99.6, 100.4],
    ]); // nothing; [100, 100)
    expect(response.body).toMatchObject({
      watched: [
        [0, 11],
        [21, 22],
        [30, 35],
        [40, 41],
      ],
      watchedS: 18,
      durationS: 100.4,
    });
  });

  describe('completion', () => {
    it('does not complete a lesson for skipping to the end', async () => {
      const { lessonIds } = await buildCourse(ctx, author, [{ durationS: 100 }]);
      const learner = await newLearner();
      const response = await ok(learner, lessonIds[0], [[97, 100]], 100);
      expect(response.body).toMatchObject({
        status: 'in_progress',
        watchedS: 3,
        positionS: 100,
        completedAt: null,
      });
    });

    it('completes at 90% by default, and never goes back', async () => {
      const { lessonIds } = await buildCourse(ctx, author, [{ durationS: 100 }]);
      const learner = await newLearner();
      const almost = await ok(learner, lessonIds[0], [[0, 89]]);
      expect(almost.body).toMatchObject({ status: 'in_progress', watchedS: 89, watchedPct: 89 });
      const done = await ok(learner, lessonIds[0], [[88, 90]]);
      expect(done.body).toMatchObject({ status: 'completed', watchedS: 90, watchedPct: 90 });
      expect(done.body.completedAt).toBe(new Date(clock.now).toISOString());
      const completedAt = done.body.completedAt;
      // Later reports (re-watching, empty, old) leave completion and its time alone.
      for (const watched of [[], [[0, 10]], [[95, 100]]] as [number, number][][]) {
        const again = await ok(learner, lessonIds[0], watched);
        expect(again.body).toMatchObject({ status: 'completed', completedAt });
      }
      const final = await learner.get(`/api/lessons/${lessonIds[0]}/progress`).expect(200);
      expect(final.body).toMatchObject({ status: 'completed', completedAt, watchedS: 95, watchedPct: 95 });
    });

    it("honours the lesson's own threshold, as published", async () => {
      const { id, lessonIds } = await buildCourse(ctx, author, [
        { durationS: 200, completionThreshold: 0.5 },
        { durationS: 200, completionThreshold: 1 },
      ]);
      const draft = await author.get(`/api/studio/courses/${id}`).expect(200);
      expect(
        draft.body.modules[0].lessons.map((l: { completionThreshold: number }) => l.completionThreshold),
      ).toEqual([0.5, 1]);
      const learner = await newLearner();
      expect((await later(learner, lessonIds[0], [[0, 99]])).body.status).toBe('in_progress');
      expect((await later(learner, lessonIds[0], [[99, 100]])).body.status).toBe('completed');
      expect((await later(learner, lessonIds[1], [[0, 199]])).body.status).toBe('in_progress');
      expect((await later(learner, lessonIds[1], [[199, 200]])).body.status).toBe('completed');

      // A new threshold in the draft changes nothing for learners until it is published.
      await author
        .patch(`/api/studio/lessons/${lessonIds[0]}`)
        .send({ completionThreshold: 0.8 })
        .expect(200);
      const other = await newLearner();
      expect((await later(other, lessonIds[0], [[0, 120]])).body.status).toBe('completed');
      await author.post(`/api/studio/courses/${id}/publish`).expect(200);
      const third = await newLearner();
      expect((await later(third, lessonIds[0], [[0, 120]])).body.status).toBe('in_progress');
      expect((await later(third, lessonIds[0], [[120, 160]])).body.status).toBe('completed');
    });

    it('refuses thresholds outside 0.1..1 in the studio, and null restores the default', async () => {
      const { lessonIds } = await buildCourse(ctx, author, [{ durationS: 100, completionThreshold: 0.3 }]);
      for (const completionThreshold of [0.05, 1.5, '0.5']) {
        const response = await author
          .patch(`/api/studio/lessons/${lessonIds[0]}`)
          .send({ completionThreshold });
        expect(response.status).toBe(400);
        expect(response.body.error.details).toEqual({ completionThreshold: 'INVALID' });
      }
      const reset = await author
        .patch(`/api/studio/lessons/${lessonIds[0]}`)
        .send({ completionThreshold: null })
        .expect(200);
      expect(reset.body.modules[0].lessons[0].completionThreshold).toBeNull();
    });
  });

  it('takes the position only from a report newer than the last one kept', async () => {
    const { lessonIds } = await buildCourse(ctx, author, [{ durationS: 100 }]);
    const learner = await newLearner();
    const put = (positionS: number, s: number) => {
      clock.advance(60);
      return report(learner, lessonIds[0], { positionS, watched: [], seq: s }).expect(200);
    };
    expect((await put(50, 5)).body.positionS).toBe(50);
    expect((await put(10, 3)).body.positionS).toBe(50); // late, older report
    expect((await put(12, 5)).body.positionS).toBe(50); // same seq again
    expect((await put(20.5, 6)).body.positionS).toBe(20.5);
    const stored = await learner.get(`/api/lessons/${lessonIds[0]}/progress`).expect(200);
    expect(stored.body.positionS).toBe(20.5);
  });

  describe('access', () => {
    it("keeps each learner's progress their own", async () => {
      const { lessonIds } = await buildCourse(ctx, author, [{ durationS: 100 }]);
      const alice = await newLearner();
      const bob = await newLearner();
      await ok(alice, lessonIds[0], [[0, 50]], 50);
      const bobs = await bob.get(`/api/lessons/${lessonIds[0]}/progress`).expect(200);
      expect(bobs.body).toMatchObject({ status: 'not_started', watchedS: 0, positionS: 0 });
      // Bob's report changes only Bob's progress: there is no way to name another learner.
      await ok(bob, lessonIds[0], [[60, 70]], 70);
      const alices = await alice.get(`/api/lessons/${lessonIds[0]}/progress`).expect(200);
      expect(alices.body).toMatchObject({ watched: [[0, 50]], positionS: 50 });
    });

    it("answers 404 to learners outside the course's audience, like the catalogue", async () => {
      const { id, lessonIds } = await buildCourse(ctx, author, [{ durationS: 100 }], {
        audience: 'administrations',
        audienceOrganisationIds: [adminA.id],
      });
      const inside = await newLearner(adminA);
      const outside = await newLearner(adminB);
      await ok(inside, lessonIds[0], [[0, 10]]);
      const put = await later(outside, lessonIds[0], [[0, 10]]);
      expect(put.status).toBe(404);
      expect(put.body.error.code).toBe('LESSON_NOT_FOUND');
      await outside.get(`/api/lessons/${lessonIds[0]}/progress`).expect(404);
      const course = await outside.get(`/api/courses/${id}/progress`).expect(404);
      expect(course.body.error.code).toBe('COURSE_NOT_FOUND');
      // Authors and admins may preview any published course, and their watching is recorded like anyone's.
      await ok(admin, lessonIds[0], [[0, 10]]);
    });

    it('refuses lessons of draft and archived courses, and lessons not published yet', async () => {
      const learner = await newLearner();
      const draft = await buildCourse(ctx, author, [{ durationS: 100 }], { publish: false });
      expect((await later(learner, draft.lessonIds[0], [[0, 10]])).status).toBe(404);
      await learner.get(`/api/courses/${draft.id}/progress`).expect(404);

      const archived = await buildCourse(ctx, author, [{ durationS: 100 }]);
      await ok(learner, archived.lessonIds[0], [[0, 10]]);
      await author.post(`/api/studio/courses/${archived.id}/archive`).expect(200);
      expect((await later(learner, archived.lessonIds[0], [[10, 20]])).status).toBe(404);
      await learner.get(`/api/lessons/${archived.lessonIds[0]}/progress`).expect(404);

      const published = await buildCourse(ctx, author, [{ durationS: 100 }]);
      const added = await author
        .post(`/api/studio/modules/${published.moduleId}/lessons`)
        .send({ kind: 'article', title: { en: 'Added later' }, variants: { en: { body: 'New' } } })
        .expect(201);
      const addedId = added.body.modules[0].lessons[1].id;
      expect((await later(learner, addedId, [[0, 10]])).status).toBe(404);
      await learner.get('/api/lessons/00000000-0000-4000-8000-000000000000/progress').expect(404);
    });

    it('answers LESSON_NOT_TRACKABLE for articles and for videos of unknown duration', async () => {
      const { lessonIds } = await buildCourse(ctx, author, [{ kind: 'article' }, { durationS: null }]);
      const learner = await newLearner();
      for (const lessonId of lessonIds) {
        const response = await later(learner, lessonId, [[0, 10]]);
        expect(response.status).toBe(409);
        expect(response.body.error.code).toBe('LESSON_NOT_TRACKABLE');
      }
      // Transcoding probes the file later: the published video becomes trackable without republishing.
      await ctx.db.query(
        `UPDATE media_assets SET duration_s = 60
          WHERE id = (SELECT media_asset_id FROM lesson_variants WHERE lesson_id = $1 AND locale = 'en')`,
        [lessonIds[1]],
      );
      const tracked = await later(learner, lessonIds[1], [[0, 4]]);
      expect(tracked.status).toBe(200);
      expect(tracked.body).toMatchObject({ durationS: 60, watchedS: 4 });
    });
  });

  describe('course progress', () => {
    it('updates the enrolment when a lesson completes, and lists every lesson', async () => {
      const { id, lessonIds } = await buildCourse(ctx, author, [
        { durationS: 100 },
        { kind: 'article' },
        { durationS: 60 },
        { durationS: 30, required: false },
      ]);
      const learner = await newLearner();
      const empty = await learner.get(`/api/courses/${id}/progress`).expect(200);
      expect(empty.body.course).toEqual({
        courseId: id,
        status: 'not_started',
        progressPct: 0,
        completedLessons: 0,
        requiredLessons: 3,
        completedAt: null,
      });
      expect(
        empty.body.lessons.map((l: { lessonId: string; status: string }) => [l.lessonId, l.status]),
      ).toEqual(lessonIds.map((lessonId) => [lessonId, 'not_started']));

      const started = await ok(learner, lessonIds[0], [[0, 50]]);
      expect(started.body.course).toMatchObject({
        status: 'in_progress',
        progressPct: 0,
        requiredLessons: 3,
      });
      const first = await ok(learner, lessonIds[0], [[50, 95]]);
      expect(first.body.course).toMatchObject({
        status: 'in_progress',
        progressPct: 33,
        completedLessons: 1,
      });
      const optional = await ok(learner, lessonIds[3], [[0, 30]]);
      expect(optional.body).toMatchObject({ status: 'completed' });
      expect(optional.body.course).toMatchObject({ progressPct: 33, completedLessons: 1 });
      const second = await ok(learner, lessonIds[2], [[0, 60]]);
      // The article (required) cannot be completed until issue 5: 2 of 3.
      expect(second.body.course).toMatchObject({
        status: 'in_progress',
        progressPct: 66,
        completedLessons: 2,
      });

      const detail = await learner.get(`/api/courses/${id}/progress`).expect(200);
      expect(detail.body.course).toMatchObject({ progressPct: 66, completedLessons: 2, requiredLessons: 3 });
      expect(detail.body.lessons.map((l: { status: string }) => l.status)).toEqual([
        'completed',
        'not_started',
        'completed',
        'completed',
      ]);
      expect(detail.body.lessons[0]).toMatchObject({ watchedS: 95, watchedPct: 95, durationS: 100 });
      const row = (await ctx.db.query(
        `SELECT status, progress_pct, started_at FROM enrolments WHERE course_id = $1`,
        [id],
      )) as { status: string; progress_pct: number; started_at: Date }[];
      expect(row).toEqual([{ status: 'in_progress', progress_pct: 66, started_at: expect.any(Date) }]);
    });

    it('completes the course when every required lesson is complete, and keeps that', async () => {
      const { id, lessonIds } = await buildCourse(ctx, author, [{ durationS: 40 }, { durationS: 40 }]);
      const learner = await newLearner();
      await ok(learner, lessonIds[0], [[0, 40]]);
      const done = await ok(learner, lessonIds[1], [[0, 40]]);
      expect(done.body.course).toMatchObject({ status: 'completed', progressPct: 100, completedLessons: 2 });
      const completedAt = done.body.course.completedAt;
      expect(completedAt).toBe(new Date(clock.now).toISOString());
      // A new version with one more required lesson: the percentage follows, the completion stays.
      const draft = await author.get(`/api/studio/courses/${id}`).expect(200);
      await author
        .post(`/api/studio/modules/${draft.body.modules[0].id}/lessons`)
        .send({ kind: 'article', title: { en: 'Extra' }, variants: { en: { body: 'More' } } })
        .expect(201);
      await author.post(`/api/studio/courses/${id}/publish`).expect(200);
      const other = await ok(learner, lessonIds[0], [[0, 40]]);
      expect(other.body.course).toMatchObject({ status: 'completed', completedAt });
      const detail = await learner.get(`/api/courses/${id}/progress`).expect(200);
      expect(detail.body.lessons).toHaveLength(3);
      expect(detail.body.course).toMatchObject({ status: 'completed', completedAt });
    });
  });
});
