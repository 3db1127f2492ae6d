import { TestContext } from '@academy/testing';
import { purgeExpired } from '../maintenance.js';

describe('maintenance job', () => {
  let ctx: TestContext;

  beforeAll(async () => {
    ctx = await TestContext.create();
  });
  afterAll(() => ctx.close());

  it('purges stale login failures, long-ended sessions and old password links, and keeps live ones', async () => {
    const user = await ctx.newUser();
    await ctx.db.query(
      `INSERT INTO login_failures (email, ip, at) VALUES ($1, '1.2.3.4', now() - interval '2 hours'), ($1, '1.2.3.4', now())`,
      [user.email],
    );
    await ctx.db.query(
      `INSERT INTO sessions (user_id, expires_at, revoked_at) VALUES
         ($1, now() + interval '1 day', NULL),
         ($1, now() + interval '1 day', now() - interval '40 days'),
         ($1, now() - interval '40 days', NULL)`,
      [user.id],
    );
    await ctx.db.query(
      `INSERT INTO password_tokens (token_hash, user_id, purpose, expires_at, used_at) VALUES
         ('live', $1, 'invite', now() + interval '1 day', NULL),
         ('old', $1, 'reset', now() - interval '31 days', NULL)`,
      [user.id],
    );
    expect(await purgeExpired(ctx.db, 900)).toEqual({ loginFailures: 1, sessions: 2, passwordTokens: 1 });
    const [left] = (await ctx.db.query(
      `SELECT (SELECT count(*) FROM login_failures)::int AS failures, (SELECT count(*) FROM sessions)::int AS sessions,
              (SELECT array_agg(token_hash) FROM password_tokens) AS tokens`,
    )) as { failures: number; sessions: number; tokens: string[] }[];
    expect(left).toEqual({ failures: 1, sessions: 1, tokens: ['live'] });
  });
});
