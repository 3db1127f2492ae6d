import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { Locale, Role } from '@academy/contracts';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import type { DataSource } from 'typeorm';
import { createApp } from '../../apps/api/src/bootstrap.js';
import { loadConfig, type AppConfig } from '../../apps/api/src/config/app-config.js';
import { createDataSource } from '../../apps/api/src/database/data-source.js';
import { DatabaseNotifications } from '../../apps/api/src/database/notifications.js';
import { hashPassword } from '../../apps/api/src/identity/passwords.js';
import { createTestDatabase } from './test-database.js';

export const TEST_PASSWORD = 'correct-horse-battery';
let passwordHash: Promise<string> | null = null;

export interface TestOrganisation {
  id: string;
  code: string;
  path: string;
}

export interface TestUser {
  id: string;
  email: string;
  password: string;
}

export const credentials = (user: { email: string; password: string }) => ({
  email: user.email,
  password: user.password,
});

let counter = 0;
const unique = (prefix: string) => `${prefix}${process.pid}x${++counter}`;

/**
 * A running API on its own database, with factories for test data and helpers to sign in.
 * `await using`-style: call `close()` in afterAll.
 */
export class TestContext {
  private constructor(
    readonly app: INestApplication,
    readonly db: DataSource,
    readonly config: AppConfig,
    private readonly cleanup: () => Promise<void>,
  ) {}

  /**
   * `jobs: true` runs the background job runners (transcoding) inside this app, as the API does by
   * default; without it jobs are only queued (JOBS=false), so tests stay quiet unless they want them.
   */
  static async create(
    env: Record<string, string> = {},
    options: { jobs?: boolean } = {},
  ): Promise<TestContext> {
    const database = await createTestDatabase();
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'academy-data-'));
    const config = loadConfig({
      NODE_ENV: 'test',
      DATA_DIR: dataDir,
      WEB_DIR: '',
      JOBS: options.jobs ? 'true' : 'false',
      ...env,
    });
    const db = createDataSource(database.url, { extra: { max: 10 } });
    await db.initialize();
    const app = await createApp(config, 'test-secret-that-is-long-enough-for-hs256!!', db);
    await app.init();
    return new TestContext(app, db, config, async () => {
      await app.close();
      if (db.isInitialized) await db.destroy();
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    });
  }

  close(): Promise<void> {
    return this.cleanup();
  }

  /**
   * After writing through `db` directly (not through the API): waits until the app has handled the
   * database notifications those writes caused, as an API write request does before it answers.
   */
  settle(): Promise<void> {
    return this.app.get(DatabaseNotifications).barrier();
  }

  /** An anonymous client; cookies it receives are kept between its requests. */
  agent(): TestAgent {
    return request.agent(this.app.getHttpServer());
  }

  http() {
    return request(this.app.getHttpServer());
  }

  async newOrganisation(
    options: { parent?: TestOrganisation; kind?: string; code?: string; en?: string; ru?: string } = {},
  ): Promise<TestOrganisation> {
    const code = options.code ?? unique('ORG');
    const kind = options.kind ?? (options.parent ? 'unit' : 'administration');
    const [row] = (await this.db.query(
      `INSERT INTO organisations (id, parent_id, kind, code, country_code, name, path)
       SELECT g.id, $1::uuid, $2, $3, NULL, jsonb_build_object('en', $4::text, 'ru', $5::text),
              COALESCE($6::text, '/') || g.id || '/'
         FROM (SELECT gen_random_uuid() AS id) g
       RETURNING id, code, path`,
      [
        options.parent?.id ?? null,
        kind,
        code,
        options.en ?? `Org ${code}`,
        options.ru ?? `Орг ${code}`,
        options.parent?.path ?? null,
      ],
    )) as TestOrganisation[];
    return row;
  }

  async newUser(
    options: {
      organisation?: TestOrganisation;
      roles?: (Role | { role: 'coordinator'; organisation: TestOrganisation })[];
      email?: string;
      name?: string;
      locale?: Locale;
      status?: 'active' | 'disabled';
      password?: string | null;
    } = {},
  ): Promise<TestUser> {
    const email = options.email ?? `${unique('user')}@test.academy`;
    const password = options.password === undefined ? TEST_PASSWORD : options.password;
    passwordHash ??= hashPassword(TEST_PASSWORD);
    const hash =
      password === null
        ? null
        : password === TEST_PASSWORD
          ? await passwordHash
          : await hashPassword(password);
    const [user] = (await this.db.query(
      `INSERT INTO users (email, display_name, locale, organisation_id, status, password_hash)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [
        email,
        options.name ?? `Test ${email.split('@')[0]}`,
        options.locale ?? 'en',
        options.organisation?.id ?? null,
        options.status ?? 'active',
        hash,
      ],
    )) as { id: string }[];
    for (const grant of options.roles ?? ['learner']) {
      const role = typeof grant === 'string' ? grant : grant.role;
      const organisationId = typeof grant === 'string' ? null : grant.organisation.id;
      await this.db.query(`INSERT INTO role_grants (user_id, role, organisation_id) VALUES ($1, $2, $3)`, [
        user.id,
        role,
        organisationId,
      ]);
    }
    return { id: user.id, email, password: password ?? '' };
  }

  /** Signs in and returns a client carrying the session cookies. */
  async login(user: { email: string; password: string }): Promise<TestAgent> {
    const agent = this.agent();
    await agent.post('/api/auth/login').send(credentials(user)).expect(200);
    return agent;
  }
}
export { createTestDatabase } from './test-database.js';
