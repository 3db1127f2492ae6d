import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { ACCESS_COOKIE, REFRESH_COOKIE } from '@academy/contracts';
import type { Response } from 'supertest';
import { credentials, TestContext, type TestUser } from '@academy/testing';

function cookie(response: Response, name: string): string | undefined {
  const header = response.headers['set-cookie'] as unknown as string[] | undefined;
  return header?.find((line) => line.startsWith(`${name}=`));
}

function cookieValue(response: Response, name: string): string {
  return cookie(response, name)!
    .split(';')[0]
    .slice(name.length + 1);
}

describe('authentication', () => {
  let ctx: TestContext;
  let learner: TestUser;

  beforeAll(async () => {
    ctx = await TestContext.create({ LOGIN_MAX_FAILURES: '3' });
    learner = await ctx.newUser({ email: 'Officer.One@Test.Academy', roles: ['learner'] });
  });
  afterAll(() => ctx.close());

  it('signs in with e-mail in any case and sets httpOnly, SameSite cookies', async () => {
    const response = await ctx
      .http()
      .post('/api/auth/login')
      .send({ email: 'officer.one@test.academy', password: learner.password })
      .expect(200);
    expect(response.body).toMatchObject({ id: learner.id, roles: ['learner'], locale: 'en' });
    expect(cookie(response, ACCESS_COOKIE)).toMatch(/HttpOnly/);
    expect(cookie(response, ACCESS_COOKIE)).toMatch(/SameSite=Lax/);
    expect(cookie(response, ACCESS_COOKIE)).toMatch(/Max-Age=300/);
    expect(cookie(response, REFRESH_COOKIE)).toMatch(/HttpOnly/);
    expect(cookie(response, REFRESH_COOKIE)).toMatch(/SameSite=Strict/);
    expect(cookie(response, REFRESH_COOKIE)).toMatch(/Path=\/api\/auth/);
    // The refresh token is stored hashed, never as sent.
    const stored = (await ctx.db.query(`SELECT token_hash FROM refresh_tokens`)) as { token_hash: string }[];
    expect(stored.map((row) => row.token_hash)).not.toContain(cookieValue(response, REFRESH_COOKIE));
  });

  it('returns the user, roles and scopes from /api/auth/me, and 401 without a session', async () => {
    const agent = await ctx.login(learner);
    const me = await agent.get('/api/auth/me').expect(200);
    expect(me.body).toMatchObject({
      email: 'Officer.One@Test.Academy',
      roles: ['learner'],
      scopes: [{ role: 'learner' }],
    });
    const anonymous = await ctx.http().get('/api/auth/me').expect(401);
    expect(anonymous.body).toMatchObject({
      error: { code: 'UNAUTHENTICATED' },
      requestId: expect.any(String),
    });
  });

  it('refuses a wrong password and an unknown e-mail alike', async () => {
    const user = await ctx.newUser();
    const wrong = await ctx
      .http()
      .post('/api/auth/login')
      .send({ email: user.email, password: 'nope-nope-nope' });
    const unknown = await ctx
      .http()
      .post('/api/auth/login')
      .send({ email: 'nobody@test.academy', password: 'x' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.error.code).toBe('INVALID_CREDENTIALS');
    expect(unknown.body.error.code).toBe('INVALID_CREDENTIALS');
    expect(cookie(wrong, ACCESS_COOKIE)).toBeUndefined();
  });

  it('answers missing fields with a validation error naming them', async () => {
    const response = await ctx.http().post('/api/auth/login').send({ email: 'a@b.c' }).expect(400);
    expect(response.body.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { password: 'REQUIRED' },
    });
  });

  it('throttles repeated failures for an e-mail with 429, even with the right password', async () => {
    const user = await ctx.newUser();
    for (let i = 0; i < 3; i++) {
      await ctx
        .http()
        .post('/api/auth/login')
        .send({ email: user.email, password: `wrong-${i}` })
        .expect(401);
    }
    const throttled = await ctx.http().post('/api/auth/login').send(credentials(user)).expect(429);
    expect(throttled.body.error.code).toBe('LOGIN_THROTTLED');
    expect(throttled.body.error.details.retryAfterS).toBeGreaterThan(0);
    // Another account is not affected.
    const other = await ctx.newUser();
    await ctx.http().post('/api/auth/login').send(credentials(other)).expect(200);
  });

  it('rotates the refresh token, and a reused one ends the session', async () => {
    const user = await ctx.newUser();
    const login = await ctx.http().post('/api/auth/login').send(credentials(user)).expect(200);
    const first = cookieValue(login, REFRESH_COOKIE);

    const refreshed = await ctx
      .http()
      .post('/api/auth/refresh')
      .set('Cookie', `${REFRESH_COOKIE}=${first}`)
      .expect(200);
    const second = cookieValue(refreshed, REFRESH_COOKIE);
    const access = cookieValue(refreshed, ACCESS_COOKIE);
    expect(second).not.toBe(first);
    await ctx.http().get('/api/auth/me').set('Cookie', `${ACCESS_COOKIE}=${access}`).expect(200);

    const reused = await ctx
      .http()
      .post('/api/auth/refresh')
      .set('Cookie', `${REFRESH_COOKIE}=${first}`)
      .expect(401);
    expect(reused.body.error.code).toBe('REFRESH_TOKEN_REUSED');
    // The thief and the owner are both out: the newest token and the access token stop working.
    const after = await ctx
      .http()
      .post('/api/auth/refresh')
      .set('Cookie', `${REFRESH_COOKIE}=${second}`)
      .expect(401);
    expect(after.body.error.code).toBe('REFRESH_TOKEN_INVALID');
    const me = await ctx.http().get('/api/auth/me').set('Cookie', `${ACCESS_COOKIE}=${access}`).expect(401);
    expect(me.body.error.code).toBe('SESSION_EXPIRED');
  });

  it('refuses a missing or made-up refresh token', async () => {
    expect((await ctx.http().post('/api/auth/refresh').expect(401)).body.error.code).toBe(
      'REFRESH_TOKEN_INVALID',
    );
    await ctx.http().post('/api/auth/refresh').set('Cookie', `${REFRESH_COOKIE}=made-up`).expect(401);
  });

  it('logout ends the session at once: the access token and the refresh token stop working', async () => {
    const user = await ctx.newUser();
    const login = await ctx.http().post('/api/auth/login').send(credentials(user)).expect(200);
    const cookies = `${ACCESS_COOKIE}=${cookieValue(login, ACCESS_COOKIE)}; ${REFRESH_COOKIE}=${cookieValue(login, REFRESH_COOKIE)}`;
    await ctx.http().get('/api/auth/me').set('Cookie', cookies).expect(200);
    await ctx.http().post('/api/auth/logout').set('Cookie', cookies).expect(204);
    await ctx.http().get('/api/auth/me').set('Cookie', cookies).expect(401);
    await ctx.http().post('/api/auth/refresh').set('Cookie', cookies).expect(401);
  });

  it('a disabled user loses access and cannot sign in again', async () => {
    const admin = await ctx.newUser({ roles: ['admin'] });
    const user = await ctx.newUser();
    const session = await ctx.login(user);
    await session.get('/api/auth/me').expect(200);

    const adminAgent = await ctx.login(admin);
    await adminAgent.post(`/api/users/${user.id}/disable`).expect(200);

    await session.get('/api/auth/me').expect(401);
    await session.post('/api/auth/refresh').expect(401);
    const login = await ctx.http().post('/api/auth/login').send(credentials(user)).expect(403);
    expect(login.body.error.code).toBe('ACCOUNT_DISABLED');

    await adminAgent.post(`/api/users/${user.id}/enable`).expect(200);
    await ctx.http().post('/api/auth/login').send(credentials(user)).expect(200);
  });

  it('changing the password ends the other sessions but keeps this one', async () => {
    const user = await ctx.newUser();
    const here = await ctx.login(user);
    const elsewhere = await ctx.login(user);
    const weak = await here
      .post('/api/auth/password')
      .send({ currentPassword: user.password, newPassword: 'short' });
    expect(weak.status).toBe(400);
    expect(weak.body.error.code).toBe('PASSWORD_TOO_WEAK');
    const wrong = await here
      .post('/api/auth/password')
      .send({ currentPassword: 'not-it-at-all', newPassword: 'a-much-better-passphrase' });
    expect(wrong.body.error.code).toBe('PASSWORD_INCORRECT');

    await here
      .post('/api/auth/password')
      .send({ currentPassword: user.password, newPassword: 'a-much-better-passphrase' })
      .expect(204);
    await here.get('/api/auth/me').expect(200);
    await elsewhere.get('/api/auth/me').expect(401);
    await ctx.http().post('/api/auth/login').send(credentials(user)).expect(401);
    await ctx
      .http()
      .post('/api/auth/login')
      .send({ email: user.email, password: 'a-much-better-passphrase' })
      .expect(200);
  });

  it('updates the profile: display name and interface language', async () => {
    const user = await ctx.newUser();
    const agent = await ctx.login(user);
    const response = await agent
      .patch('/api/auth/me')
      .send({ displayName: 'Анна Петрова', locale: 'ru' })
      .expect(200);
    expect(response.body).toMatchObject({ displayName: 'Анна Петрова', locale: 'ru' });
    const bad = await agent.patch('/api/auth/me').send({ locale: 'fr', role: 'admin' }).expect(400);
    expect(bad.body.error.details).toMatchObject({ locale: 'INVALID', role: 'UNKNOWN_FIELD' });
  });

  it('forgot password answers the same for unknown e-mails and mails a one-time link to real ones', async () => {
    const user = await ctx.newUser({ locale: 'ru' });
    await ctx.http().post('/api/auth/password/forgot').send({ email: 'nobody@test.academy' }).expect(202);
    await ctx.http().post('/api/auth/password/forgot').send({ email: user.email.toUpperCase() }).expect(202);

    const mailDir = path.join(ctx.config.dataDir, 'mail');
    const files = await readdir(mailDir);
    expect(files).toHaveLength(1);
    const raw = await readFile(path.join(mailDir, files[0]), 'utf8');
    expect(raw).toContain(`To: ${user.email}`);
    const body = Buffer.from(raw.split('\r\n\r\n')[1].replace(/\r\n/g, ''), 'base64').toString('utf8');
    expect(body).toContain('Здравствуйте');
    const token = /token=([\w-]+)/.exec(body)![1];

    await ctx
      .http()
      .post('/api/auth/password/set')
      .send({ token, password: 'brand-new-passphrase' })
      .expect(204);
    const again = await ctx
      .http()
      .post('/api/auth/password/set')
      .send({ token, password: 'another-passphrase' })
      .expect(400);
    expect(again.body.error.code).toBe('PASSWORD_TOKEN_INVALID');
    await ctx
      .http()
      .post('/api/auth/login')
      .send({ email: user.email, password: 'brand-new-passphrase' })
      .expect(200);
  });

  it('an expired link does not work', async () => {
    const user = await ctx.newUser();
    await ctx.http().post('/api/auth/password/forgot').send({ email: user.email }).expect(202);
    await ctx.db.query(
      `UPDATE password_tokens SET expires_at = now() - interval '1 second' WHERE user_id = $1`,
      [user.id],
    );
    const files = await readdir(path.join(ctx.config.dataDir, 'mail'));
    const raws = await Promise.all(
      files.map((f) => readFile(path.join(ctx.config.dataDir, 'mail', f), 'utf8')),
    );
    const raw = raws.find((r) => r.includes(`To: ${user.email}`))!;
    const token = /token=([\w-]+)/.exec(
      Buffer.from(raw.split('\r\n\r\n')[1].replace(/\r\n/g, ''), 'base64').toString(),
    )![1];
    const response = await ctx
      .http()
      .post('/api/auth/password/set')
      .send({ token, password: 'brand-new-passphrase' });
    expect(response.body.error.code).toBe('PASSWORD_TOKEN_INVALID');
  });
});
