import type { DataSource } from 'typeorm';

export interface SchemaQuery {
  query: string;
  parameters?: unknown[];
}

/** SQL that would bring the database in line with the entities: empty when migrations and entities agree. */
export async function pendingSchemaChanges(
  dataSource: DataSource,
): Promise<{ up: SchemaQuery[]; down: SchemaQuery[] }> {
  const sql = await dataSource.driver.createSchemaBuilder().log();
  const plain = (q: SchemaQuery): SchemaQuery =>
    q.parameters?.length ? { query: q.query, parameters: q.parameters } : { query: q.query };
  return { up: sql.upQueries.map(plain), down: sql.downQueries.map(plain) };
}
