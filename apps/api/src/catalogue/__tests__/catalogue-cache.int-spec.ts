import { jest } from '@jest/globals';
import { TestContext, type TestOrganisation } from '@academy/testing';
import type TestAgent from 'supertest/lib/agent.js';
import { DataSource } from 'typeorm';

/** The catalogue list is cached per process; every change that matters must show at the next request. */
describe('catalogue cache', () => {
  let ctx: TestContext;
  let author: TestAgent;
  let admin: TestAgent;
  let learnerA: TestAgent;
  let learnerB: TestAgent;
  let adminA: TestOrganisation;
  let adminB: TestOrganisation;
  let unitA: TestOrganisation;

  const listIds = async (agent: TestAgent, query: Record<string, string> = {}) =>
    ((await agent.get('/api/courses').query(query).expect(200)).body.items as { id: string }[]).map(
      (c) => c.id,
    );
  const titleIn = async (agent: TestAgent, id: string) =>
    (
      (await agent.get('/api/courses').query({ q: 'cachetest' }).expect(200)).body.items as {
        id: string;
        title: { text: string };
      }[]
    ).find((c) => c.id === id)?.title.text;

  const publishedCourse = async (code: string, extra: Record<string, unknown> = {}) => {
    const course = await author
      .post('/api/studio/courses')
      .send({
        code,
        baseLocale: 'en',
        title: { en: `Cachetest ${code}` },
        summary: { en: 'About it' },
        ...extra,
      })
      .expect(201);
    const withModule = await author
      .post(`/api/studio/courses/${course.body.id}/modules`)
      .send({ title: { en: 'Basics' } })
      .expect(201);
    await author
      .post(`/api/studio/modules/${withModule.body.modules[0].id}/lessons`)
      .send({ kind: 'article', title: { en: 'Reading' }, variants: { en: { body: 'Text' } } })
      .expect(201);
    await author.post(`/api/studio/courses/${course.body.id}/publish`).expect(200);
    return course.body.id as string;
  };

  beforeAll(async () => {
    ctx = await TestContext.create();
    const region = await ctx.newOrganisation({ kind: 'region' });
    adminA = await ctx.newOrganisation({ parent: region, kind: 'administration' });
    adminB = await ctx.newOrganisation({ parent: region, kind: 'administration' });
    unitA = await ctx.newOrganisation({ parent: adminA });
    author = await ctx.login(await ctx.newUser({ roles: ['author'], organisation: region }));
    admin = await ctx.login(await ctx.newUser({ roles: ['admin'], organisation: region }));
    learnerA = await ctx.login(await ctx.newUser({ organisation: unitA }));
    learnerB = await ctx.login(await ctx.newUser({ organisation: adminB }));
  });
  afterAll(() => ctx.close());

  it('answers a repeated page from the cache, without running the list query again', async () => {
    await publishedCourse('CACHE-HIT');
    const query = jest.spyOn(ctx.app.get(DataSource), 'query');
    try {
      const first = await listIds(learnerA, { q: 'cachetest' });
      const second = await listIds(learnerA, { q: 'cachetest' });
      expect(second).toEqual(first);
      const listQueries = query.mock.calls.filter(([sql]) => String(sql).includes('WITH matches'));
      expect(listQueries).toHaveLength(1);
    } finally {
      query.mockRestore();
    }
  });

  it('shows publication, a new version, archiving and unarchiving at the next request', async () => {
    const before = await listIds(learnerA, { q: 'cachetest' });
    const id = await publishedCourse('CACHE-PUB');
    expect(before).not.toContain(id);
    expect(await listIds(learnerA, { q: 'cachetest' })).toContain(id);

    await author
      .patch(`/api/studio/courses/${id}`)
      .send({ title: { en: 'Cachetest renamed' } })
      .expect(200);
    expect(await titleIn(learnerA, id)).toBe('Cachetest CACHE-PUB'); // a draft is not shown
    await author.post(`/api/studio/courses/${id}/publish`).expect(200);
    expect(await titleIn(learnerA, id)).toBe('Cachetest renamed');

    await author.post(`/api/studio/courses/${id}/archive`).expect(200);
    expect(await listIds(learnerA, { q: 'cachetest' })).not.toContain(id);
    await author.post(`/api/studio/courses/${id}/unarchive`).expect(200);
    expect(await listIds(learnerA, { q: 'cachetest' })).toContain(id);
  });

  it('keeps audiences apart and follows a move in the organisation tree', async () => {
    const id = await publishedCourse('CACHE-AUD', {
      audience: 'administrations',
      audienceOrganisationIds: [adminB.id],
    });
    // Same query, different audiences: each sees its own page.
    expect(await listIds(learnerB, { q: 'cachetest' })).toContain(id);
    expect(await listIds(learnerA, { q: 'cachetest' })).not.toContain(id);
    const topicsA = await learnerA.get('/api/courses/topics').expect(200);

    // The learner's unit moves under administration B: same organisation id, new path.
    await admin.patch(`/api/organisations/${unitA.id}`).send({ parentId: adminB.id }).expect(200);
    expect(await listIds(learnerA, { q: 'cachetest' })).toContain(id);
    await admin.patch(`/api/organisations/${unitA.id}`).send({ parentId: adminA.id }).expect(200);
    expect(await listIds(learnerA, { q: 'cachetest' })).not.toContain(id);
    expect((await learnerA.get('/api/courses/topics').expect(200)).body).toEqual(topicsA.body);
  });
});
