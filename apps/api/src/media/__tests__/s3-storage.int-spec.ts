import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { TestContext } from '@academy/testing';
// s3rver ships no types; the few calls used here are typed below.
// @ts-expect-error -- no declaration file
import S3rver from 's3rver';
import { S3Storage } from '../storage/s3.storage.js';
import { StorageNotFoundError } from '../storage/storage.driver.js';
import { binary, fixtures, sha256, upload } from './media-fixtures.js';

interface S3rverInstance {
  run(): Promise<{ port: number }>;
  close(): Promise<void>;
}
type S3rverClass = new (options: Record<string, unknown>) => S3rverInstance;

describe('S3 storage driver (against s3rver)', () => {
  let directory: string;
  let server: S3rverInstance;
  let endpoint: string;
  const s3Env = () => ({
    STORAGE_DRIVER: 's3',
    S3_ENDPOINT: endpoint,
    S3_BUCKET: 'academy-media',
    S3_REGION: 'us-east-1',
    S3_ACCESS_KEY: 'S3RVER',
    S3_SECRET_KEY: 'S3RVER',
    S3_FORCE_PATH_STYLE: 'true',
  });

  beforeAll(async () => {
    directory = await mkdtemp(path.join(os.tmpdir(), 'academy-s3-'));
    server = new (S3rver as S3rverClass)({
      address: '127.0.0.1',
      port: 0,
      silent: true,
      directory,
      configureBuckets: [{ name: 'academy-media' }],
    });
    const { port } = await server.run();
    endpoint = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    await server.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('puts, stats, reads ranges and reports missing objects', async () => {
    const storage = new S3Storage({
      endpoint,
      bucket: 'academy-media',
      region: 'us-east-1',
      accessKeyId: 'S3RVER',
      secretAccessKey: 'S3RVER',
      forcePathStyle: true,
    });
    try {
      const body = Buffer.from('0123456789abcdefghij');
      const key = sha256(body);
      expect(await storage.exists(key)).toBe(false);
      expect(await storage.stat(key)).toBeNull();
      await storage.put(key, Readable.from([body]), body.length);
      expect(await storage.stat(key)).toBe(20);
      expect(await text(await storage.get(key))).toBe('0123456789abcdefghij');
      expect(await text(await storage.get(key, { start: 5, end: 9 }))).toBe('56789');
      await expect(storage.get(sha256(Buffer.from('nothing')))).rejects.toBeInstanceOf(StorageNotFoundError);
      await expect(storage.stat('../../etc/passwd')).rejects.toThrow('Invalid storage key');
    } finally {
      storage.close();
    }
  });

  it('serves uploads stored in S3 through the API, storing identical bytes once', async () => {
    const ctx = await TestContext.create(s3Env());
    try {
      const author = await ctx.login(await ctx.newUser({ roles: ['author'] }));
      const bytes = fixtures.mp4(50_000);
      const first = await upload(author, bytes, { filename: 'one.mp4' });
      await upload(author, bytes, { filename: 'two.mp4' });
      const ranged = await author
        .get(`/api/media/${first.body.id}/content`)
        .set('Range', 'bytes=100-199')
        .buffer(true)
        .parse(binary)
        .expect(206);
      expect((ranged.body as Buffer).equals(bytes.subarray(100, 200))).toBe(true);
      // Nothing went to the local media directory.
      expect(existsSync(path.join(ctx.config.dataDir, 'media'))).toBe(false);
      const storage = new S3Storage(ctx.config.s3!);
      try {
        expect(await storage.stat(sha256(bytes))).toBe(bytes.length);
      } finally {
        storage.close();
      }
      const keys = (await ctx.db.query(`SELECT DISTINCT storage_key FROM media_assets`)) as unknown[];
      expect(keys).toHaveLength(1);
    } finally {
      await ctx.close();
    }
  });
});
