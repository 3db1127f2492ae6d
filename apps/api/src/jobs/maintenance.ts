import type { DataSource } from 'typeorm';

/** Removes what the identity tables no longer need: stale login failures, ended sessions, used links. */
export async function purgeExpired(
  dataSource: DataSource,
  loginFailureWindowS: number,
): Promise<Record<string, number>> {
  const run = async (sql: string, params: unknown[] = []) =>
    ((await dataSource.query(sql, params)) as [unknown, number])[1];
  return {
    loginFailures: await run(`DELETE FROM login_failures WHERE at < now() - make_interval(secs => $1)`, [
      loginFailureWindowS,
    ]),
    sessions: await run(
      `DELETE FROM sessions WHERE expires_at < now() - interval '30 days' OR revoked_at < now() - interval '30 days'`,
    ),
    passwordTokens: await run(
      `DELETE FROM password_tokens WHERE expires_at < now() - interval '30 days' OR used_at < now() - interval '30 days'`,
    ),
  };
}

/**
 * Runs the maintenance job every `everyMs`. Several processes may run this loop: a PostgreSQL advisory lock
 * lets one of them do the work each time. Returns a function that stops the loop.
 */
export function scheduleMaintenance(
  dataSource: DataSource,
  loginFailureWindowS: number,
  log: (message: string, data?: unknown) => void,
  everyMs = 15 * 60 * 1000,
): () => void {
  const tick = async () => {
    const runner = dataSource.createQueryRunner();
    try {
      await runner.connect();
      const [{ locked }] = (await runner.query(
        `SELECT pg_try_advisory_lock(hashtext('academy.maintenance')) AS locked`,
      )) as {
        locked: boolean;
      }[];
      if (!locked) return;
      try {
        log('maintenance done', await purgeExpired(dataSource, loginFailureWindowS));
      } finally {
        await runner.query(`SELECT pg_advisory_unlock(hashtext('academy.maintenance'))`);
      }
    } catch (error) {
      log('maintenance failed', { error: String(error) });
    } finally {
      await runner.release();
    }
  };
  void tick();
  const timer = setInterval(() => void tick(), everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
