import { TestContext, type TestOrganisation } from '@academy/testing';
import { jest } from '@jest/globals';
import type { Response } from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { AccessTokens } from '../../identity/access-tokens.js';
import { buildCourse, controlClock } from './progress-fixtures.js';

/**
 * The lean path for progress reports (progress-http.ts, ADR 0009) must answer exactly as the Nest route does.
 * Each case is sent twice: as the player sends it (lean path) and with `Content-Encoding: identity`, which the
 * lean path hands to Express and Nest untouched. Both answers must match: status, body, security headers.
 */
describe('progress reports: the lean path answers as the Nest route does', () => {
  let ctx: TestContext;
  let author: TestAgent;
  let organisation: TestOrganisation;
  let clock: ReturnType<typeof controlClock>;
  let lessonId: string;
  let lean: ReturnType<typeof jest.spyOn>;

  const url = (id = lessonId) => `/api/lessons/${id}/progress`;
  type Send = (agent: TestAgent, body: string, contentType?: string, id?: string) => Promise<Response>;
  const viaLean: Send = (agent, body, contentType = 'application/json', id) =>
    agent.put(url(id)).set('Content-Type', contentType).send(body);
  const viaNest: Send = (agent, body, contentType = 'application/json', id) =>
    agent.put(url(id)).set('Content-Type', contentType).set('Content-Encoding', 'identity').send(body);

  /** What must be equal between the two answers (the request id differs by design). */
  const comparable = (response: Response) => {
    const body = { ...(response.body as Record<string, unknown>) };
    delete body.requestId;
    const headers = Object.fromEntries(
      [
        'content-type',
        'content-security-policy',
        'x-content-type-options',
        'x-frame-options',
        'strict-transport-security',
        'referrer-policy',
        'cross-origin-opener-policy',
        'cross-origin-resource-policy',
      ].map((name) => [name, response.headers[name]]),
    );
    return { status: response.status, body, headers };
  };

  const newLearner = async (roles: ('learner' | 'author')[] = ['learner']) =>
    ctx.login(await ctx.newUser({ organisation, roles }));

  beforeAll(async () => {
    ctx = await TestContext.create();
    const region = await ctx.newOrganisation({ kind: 'region' });
    organisation = await ctx.newOrganisation({ parent: region, kind: 'administration' });
    author = await ctx.login(await ctx.newUser({ roles: ['author'], organisation: region }));
    clock = controlClock(ctx);
    ({
      lessonIds: [lessonId],
    } = await buildCourse(ctx, author, [{ durationS: 300 }]));
    lean = jest.spyOn(ctx.app.get(AccessTokens), 'user');
  });
  afterAll(() => ctx.close());
  beforeEach(() => lean.mockClear());

  it('records the same progress through both paths, and the player’s requests take the lean one', async () => {
    const [one, two] = [await newLearner(), await newLearner()];
    const answers: [unknown, unknown][] = [];
    let last: Response | undefined;
    for (const [i, watched] of [[], [[0, 10]], [[10, 30]], [[0, 300]]].entries()) {
      clock.advance(10);
      const body = JSON.stringify({ positionS: 5 * i, watched, seq: i + 1 });
      const a = await viaLean(one, body);
      const b = await viaNest(two, body);
      expect(a.status).toBe(200);
      last = a;
      answers.push([comparable(a), comparable(b)]);
    }
    for (const [a, b] of answers) expect(a).toEqual(b);
    expect(lean).toHaveBeenCalledTimes(4);
    // The lean path's writes are the ones the other routes read.
    const read = await one.get(url()).expect(200);
    expect(read.body).toMatchObject({ watchedS: last?.body.watchedS, positionS: 15, status: 'in_progress' });
    // The rate rule held on the lean path too: the last report ([0, 300] after 10 s) was clipped.
    expect(last?.body.clippedS).toBeGreaterThan(0);
  });

  it.each([
    ['a body that is not an object', '[1, 2]', 'application/json'],
    ['a negative position', JSON.stringify({ positionS: -1, watched: [], seq: 1 }), 'application/json'],
    [
      'a range backwards',
      JSON.stringify({
        positionS: 0,
        watched: [
          [0, 5],
          [9, 3],
        ],
        seq: 1,
      }),
      'application/json',
    ],
    [
      'an unknown field',
      JSON.stringify({ positionS: 0, watched: [], seq: 1, userId: 'x' }),
      'application/json',
    ],
    ['malformed JSON', '{"positionS": 0,', 'application/json'],
    ['JSON that is not an object or array', '"text"', 'application/json'],
    ['a body that is not JSON', 'positionS=0', 'text/plain'],
    [
      '10,000 ranges',
      JSON.stringify({ positionS: 0, watched: Array(10_000).fill([0, 1]), seq: 1 }),
      'application/json',
    ],
    [
      'a body over 1 MB',
      JSON.stringify({ positionS: 0, watched: [], seq: 1, pad: 'x'.repeat(1_100_000) }),
      'application/json',
    ],
  ])('refuses %s with the same code and changes nothing', async (_name, body, contentType) => {
    const [one, two] = [await newLearner(), await newLearner()];
    const a = await viaLean(one, body, contentType);
    const b = await viaNest(two, body, contentType);
    expect(a.status).toBeGreaterThanOrEqual(400);
    expect(comparable(a)).toEqual(comparable(b));
    expect(lean).toHaveBeenCalledTimes(1);
    for (const agent of [one, two]) {
      expect((await agent.get(url()).expect(200)).body).toMatchObject({ status: 'not_started', watchedS: 0 });
    }
  });

  it('answers an unknown lesson, a lesson of a draft and a non-video lesson as the Nest route does', async () => {
    const draft = await buildCourse(ctx, author, [{ durationS: 60 }], { publish: false });
    const article = await buildCourse(ctx, author, [{ kind: 'article' }]);
    const [one, two] = [await newLearner(), await newLearner()];
    const body = JSON.stringify({ positionS: 0, watched: [], seq: 1 });
    for (const id of ['00000000-0000-4000-8000-000000000000', draft.lessonIds[0], article.lessonIds[0]]) {
      const a = await viaLean(one, body, 'application/json', id);
      expect(a.status).toBeGreaterThanOrEqual(400);
      expect(comparable(a)).toEqual(comparable(await viaNest(two, body, 'application/json', id)));
    }
  });

  it('refuses a signed-in user without a role (403) the same way', async () => {
    const [one, two] = [await newLearner([]), await newLearner([])];
    const body = JSON.stringify({ positionS: 0, watched: [], seq: 1 });
    const a = await viaLean(one, body);
    expect(a.status).toBe(403);
    expect(a.body.error.code).toBe('FORBIDDEN');
    expect(comparable(a)).toEqual(comparable(await viaNest(two, body)));
  });

  it('hands what it does not serve to the normal pipeline: no session, an ended session, an id that is not a UUID', async () => {
    const body = JSON.stringify({ positionS: 0, watched: [], seq: 1 });
    const anonymous = await viaLean(ctx.agent(), body);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe('UNAUTHENTICATED');
    const forged = await ctx.http().put(url()).set('Cookie', 'ca_access=not.a.token').send(JSON.parse(body));
    expect(forged.status).toBe(401);
    const ended = await newLearner();
    await ended.post('/api/auth/logout').expect(204);
    expect((await viaLean(ended, body)).status).toBe(401);
    const learner = await newLearner();
    const notUuid = await viaLean(learner, body, 'application/json', 'not-a-uuid');
    expect(notUuid.status).toBe(400);
    expect(notUuid.body.error.code).toBe('VALIDATION_FAILED');
    // Only the signed-in learner with a UUID reached the lean path's session check; none of them wrote anything.
    expect((await learner.get(url()).expect(200)).body.status).toBe('not_started');
  });
});
