import { jest } from '@jest/globals';
import { TestContext } from '@academy/testing';
import { DataSource } from 'typeorm';
import { DatabaseNotifications } from '../../database/notifications.js';

/**
 * Sessions are cached per process; database notifications keep the cache exact. These tests change
 * accounts behind the API's back (straight SQL, as another API process or an operator would) and check
 * the next request sees it.
 */
describe('session cache', () => {
  let ctx: TestContext;

  beforeAll(async () => {
    ctx = await TestContext.create();
  });
  afterAll(() => ctx.close());

  it('serves the caller from memory, and drops them when their account changes in the database', async () => {
    const user = await ctx.newUser({ name: 'Before' });
    const session = await ctx.login(user);
    expect((await session.get('/api/auth/me').expect(200)).body.displayName).toBe('Before');
    const query = jest.spyOn(ctx.app.get(DataSource), 'query');
    try {
      await session.get('/api/courses/topics').expect(200);
      const sessionLoads = query.mock.calls.filter(([sql]) =>
        String(sql).includes('FROM sessions s JOIN users'),
      );
      expect(sessionLoads).toHaveLength(0);
    } finally {
      query.mockRestore();
    }

    await ctx.db.query(`UPDATE users SET display_name = 'After' WHERE id = $1`, [user.id]);
    await ctx.settle();
    expect((await session.get('/api/auth/me').expect(200)).body.displayName).toBe('After');

    await ctx.db.query(`UPDATE users SET status = 'disabled' WHERE id = $1`, [user.id]);
    await ctx.settle();
    await session.get('/api/auth/me').expect(401);
  });

  it('follows revoked sessions and role grants made elsewhere', async () => {
    const user = await ctx.newUser();
    const session = await ctx.login(user);
    await session.get('/api/users').expect(403);
    await ctx.db.query(`INSERT INTO role_grants (user_id, role) VALUES ($1, 'admin')`, [user.id]);
    await ctx.settle();
    await session.get('/api/users').expect(200);

    await ctx.db.query(`UPDATE sessions SET revoked_at = now() WHERE user_id = $1`, [user.id]);
    await ctx.settle();
    await session.get('/api/auth/me').expect(401);
  });

  it('reads every request from the database while notifications are not being received', async () => {
    const user = await ctx.newUser();
    const session = await ctx.login(user);
    await session.get('/api/auth/me').expect(200);
    const notifications = ctx.app.get(DatabaseNotifications);
    await notifications.onApplicationShutdown();
    expect(notifications.listening).toBe(false);
    // No notification can arrive now, and none is waited for: the change must still be seen.
    await ctx.db.query(`UPDATE sessions SET revoked_at = now() WHERE user_id = $1`, [user.id]);
    await session.get('/api/auth/me').expect(401);
  });
});
