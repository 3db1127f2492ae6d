import { DataSource } from 'typeorm';
import { createDataSource } from '../apps/api/src/database/data-source.js';
import { pendingSchemaChanges } from '../apps/api/src/database/schema-diff.js';
import { createTestDatabase } from '../tests/support/test-database.js';

/** Entities and migrations never drift apart: generating a migration from the entities yields nothing. */
describe('migrations', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = createDataSource(database.url);
    await dataSource.initialize();
  });
  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  it('leaves nothing to generate after all migrations ran', async () => {
    await dataSource.runMigrations();
    const { up } = await pendingSchemaChanges(dataSource);
    expect(up).toEqual([]);
  });

  it('has every migration file listed, in order', async () => {
    const { readdir } = await import('node:fs/promises');
    const files = (await readdir(new URL('.', import.meta.url)))
      .filter((f) => /^\d+-\w+\.ts$/.test(f))
      .sort();
    const names = dataSource.migrations.map((m) => m.name);
    expect(names).toEqual(files.map((f) => f.replace(/^(\d+)-(\w+)\.ts$/, '$2$1')));
  });
});
