/**
 * Writes migrations/<timestamp>-<Name>.ts from the difference between the entities and a database with
 * every existing migration applied. Usage: npm run migration:generate -- Name
 */
import 'reflect-metadata';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createDataSource } from './data-source.js';
import { ensureDatabase } from './embedded-database.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';
import { pendingSchemaChanges, type SchemaQuery } from './schema-diff.js';

const name = process.argv[2];
if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) {
  console.error('usage: npm run migration:generate -- PascalCaseName');
  process.exit(2);
}

const scratch = await mkdtemp(path.join(os.tmpdir(), 'academy-migration-'));
const server = process.env.DATABASE_URL
  ? null
  : await startEmbeddedPostgres({ dir: path.join(scratch, 'pg'), password: 'migration', ephemeral: true });
try {
  const database = `migration_${Date.now()}`;
  const url = await ensureDatabase(process.env.DATABASE_URL ?? server!.url, database);
  const dataSource = createDataSource(url);
  await dataSource.initialize();
  await dataSource.runMigrations();
  const { up, down } = await pendingSchemaChanges(dataSource);
  await dataSource.destroy();
  if (up.length === 0) {
    console.log('No changes: the entities match the migrations.');
  } else {
    const timestamp = Date.now();
    const className = `${name}${timestamp}`;
    const quote = (sql: string) =>
      '`' + sql.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${') + '`';
    const statement = (q: SchemaQuery) =>
      q.parameters?.length ? `${quote(q.query)}, ${JSON.stringify(q.parameters)}` : quote(q.query);
    const body = `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  async up(queryRunner: QueryRunner): Promise<void> {
${up.map((q) => `    await queryRunner.query(${statement(q)});`).join('\n')}
  }

  async down(queryRunner: QueryRunner): Promise<void> {
${[...down]
  .reverse()
  .map((q) => `    await queryRunner.query(${statement(q)});`)
  .join('\n')}
  }
}
`;
    const file = path.resolve('migrations', `${timestamp}-${name}.ts`);
    await writeFile(file, body);
    console.log(`Wrote ${path.relative(process.cwd(), file)}; add ${className} to migrations/index.ts.`);
  }
} finally {
  await server?.stop();
  await rm(scratch, { recursive: true, force: true });
}
