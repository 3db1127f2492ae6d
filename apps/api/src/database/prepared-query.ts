import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { DataSource } from 'typeorm';

const names = new Map<string, string>();

/** The pool behind the data source (TypeORM's PostgreSQL driver keeps it as `master`). */
export function poolOf(dataSource: DataSource): pg.Pool {
  return (dataSource.driver as unknown as { master: pg.Pool }).master;
}

/**
 * Runs a read statement as a named prepared statement on the pool: each connection parses and plans it once
 * and then only executes it (planning was half of the database time of My learning). The name comes from
 * the text, so each variant of a generated statement is prepared separately. For hot read paths only:
 * outside any transaction, through the pool.
 */
export async function preparedQuery<T>(
  dataSource: DataSource,
  text: string,
  values: unknown[],
): Promise<T[]> {
  let name = names.get(text);
  if (!name) {
    name = `q_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
    names.set(text, name);
  }
  const result = await poolOf(dataSource).query({ name, text, values });
  return result.rows as T[];
}
