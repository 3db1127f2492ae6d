import type { Response } from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { TestContext, type TestUser } from '@academy/testing';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The one error shape, without anything from the server's insides. */
function expectErrorShape(response: Response, status: number, code: string): void {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  expect(response.body).toEqual({
    error: expect.objectContaining({ code, message: expect.any(String) }),
    requestId: expect.any(String),
  });
  expect(response.body.requestId).not.toBe('');
  const text = JSON.stringify(response.body);
  expect(text).not.toMatch(/stack|\bat .+:\d+:\d+|node_modules|\.ts:\d+|QueryFailedError|SELECT /i);
}

describe('errors and headers', () => {
  let ctx: TestContext;
  let admin: TestUser;
  let admin$: TestAgent;

  beforeAll(async () => {
    ctx = await TestContext.create();
    const region = await ctx.newOrganisation({ kind: 'region', code: 'REGION' });
    admin = await ctx.newUser({ organisation: region, roles: ['admin'] });
    admin$ = await ctx.login(admin);
  });
  afterAll(() => ctx.close());

  it('answers an unknown API route with ROUTE_NOT_FOUND, signed in or not', async () => {
    expectErrorShape(await ctx.http().get('/api/no-such-route'), 404, 'ROUTE_NOT_FOUND');
    expectErrorShape(await ctx.http().post('/api/no/such/route').send({ a: 1 }), 404, 'ROUTE_NOT_FOUND');
    expectErrorShape(await admin$.get('/api/users/x/y/z'), 404, 'ROUTE_NOT_FOUND');
    expectErrorShape(await admin$.delete('/api/organisations'), 404, 'ROUTE_NOT_FOUND');
  });

  it('answers a malformed JSON body with VALIDATION_FAILED', async () => {
    const response = await ctx
      .http()
      .post('/api/auth/login')
      .set('Content-Type', 'application/json')
      .send('{"email": "a@b.c", "password": ');
    expectErrorShape(response, 400, 'VALIDATION_FAILED');
    const signedIn = await admin$
      .post('/api/organisations')
      .set('Content-Type', 'application/json')
      .send('{not json}');
    expectErrorShape(signedIn, 400, 'VALIDATION_FAILED');
  });

  it('refuses a body over the size limit', async () => {
    const big = JSON.stringify({ email: 'a@b.c', password: 'x'.repeat(1_100_000) });
    const response = await ctx
      .http()
      .post('/api/auth/login')
      .set('Content-Type', 'application/json')
      .send(big);
    expectErrorShape(response, 413, 'PAYLOAD_TOO_LARGE');
    const csv = Buffer.alloc(4 * 1024 * 1024 + 10, 'a');
    const upload = await admin$.post('/api/officers/import').attach('file', csv, 'officers.csv');
    expectErrorShape(upload, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('refuses an id that is not a UUID with a 400', async () => {
    expectErrorShape(await admin$.get('/api/users/not-a-uuid'), 400, 'VALIDATION_FAILED');
    expectErrorShape(await admin$.get("/api/officers/1'%20OR%20'1'='1"), 400, 'VALIDATION_FAILED');
    expectErrorShape(
      await admin$.patch('/api/organisations/123').send({ name: { en: 'X' } }),
      400,
      'VALIDATION_FAILED',
    );
    expectErrorShape(await admin$.get('/api/users?organisationId=nope'), 400, 'VALIDATION_FAILED');
  });

  it('answers anonymous and forbidden calls in the same shape', async () => {
    expectErrorShape(await ctx.http().get('/api/users'), 401, 'UNAUTHENTICATED');
    const learner = await ctx.newUser();
    const learner$ = await ctx.login(learner);
    expectErrorShape(await learner$.get('/api/users'), 403, 'FORBIDDEN');
    expectErrorShape(
      await admin$.get('/api/users/00000000-0000-4000-8000-000000000000'),
      404,
      'USER_NOT_FOUND',
    );
  });

  it('uses a well-formed X-Request-Id as the request id and makes one up otherwise', async () => {
    const given = await ctx.http().get('/api/no-such-route').set('X-Request-Id', 'proxy-req-42');
    expect(given.body.requestId).toBe('proxy-req-42');
    const unauthenticated = await ctx.http().get('/api/users').set('X-Request-Id', 'proxy-req-43');
    expect(unauthenticated.body.requestId).toBe('proxy-req-43');
    // Also for errors raised before any route runs, such as the JSON parser's.
    const malformed = await ctx
      .http()
      .post('/api/auth/login')
      .set('X-Request-Id', 'proxy-req-44')
      .set('Content-Type', 'application/json')
      .send('{');
    expect(malformed.status).toBe(400);
    expect(malformed.body.requestId).toBe('proxy-req-44');

    const made = await ctx.http().get('/api/no-such-route');
    expect(made.body.requestId).toMatch(UUID);
    const another = await ctx.http().get('/api/no-such-route');
    expect(another.body.requestId).not.toBe(made.body.requestId);

    for (const bad of ['has spaces in it', 'x'.repeat(101), 'semi;colon', '<script>']) {
      const response = await ctx.http().get('/api/no-such-route').set('X-Request-Id', bad);
      expect(response.body.requestId).toMatch(UUID);
    }
  });

  it('sends security headers on API responses, errors included', async () => {
    for (const response of [
      await ctx.http().get('/api/no-such-route'),
      await admin$.get('/api/auth/me').expect(200),
    ]) {
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['content-security-policy']).toMatch(/default-src 'self'/);
      expect(response.headers['content-security-policy']).toMatch(/script-src 'self'/);
      expect(response.headers['content-security-policy']).not.toMatch(
        /unsafe-inline[^;]*script|script-src[^;]*unsafe/,
      );
      expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(response.headers['x-powered-by']).toBeUndefined();
    }
  });
});
