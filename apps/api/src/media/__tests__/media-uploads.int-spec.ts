import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { TestContext } from '@academy/testing';
import type TestAgent from 'supertest/lib/agent.js';
import {
  countRows,
  createUpload,
  fixtures,
  patchUpload,
  sha256,
  TUS,
  tusMetadata,
  upload,
} from './media-fixtures.js';

async function filesUnder(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true });
    return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
  } catch {
    return [];
  }
}

describe('media uploads (tus)', () => {
  let ctx: TestContext;
  let author: TestAgent;
  const mediaDir = () => path.join(ctx.config.dataDir, 'media');
  const uploadsDir = () => path.join(ctx.config.dataDir, 'uploads');

  beforeAll(async () => {
    ctx = await TestContext.create({ MEDIA_MAX_BYTES: String(1024 * 1024) });
    author = await ctx.login(await ctx.newUser({ roles: ['author'] }));
  });
  afterAll(() => ctx.close());

  it('accepts an upload sent in two halves after an interruption, storing the same sha256', async () => {
    const bytes = fixtures.mp4(300 * 1024);
    const url = await createUpload(author, bytes.length, { filename: 'lesson-1.mp4', kind: 'video' });
    expect(url).toMatch(/^\/api\/media\/uploads\/[0-9a-f]{32}$/);
    const half = Math.floor(bytes.length / 2);
    await patchUpload(author, url, 0, bytes.subarray(0, half)).expect(204);

    // The client lost track: it asks where to continue.
    const head = await author.head(url).set(TUS).set('Origin', 'https://evil.example').expect(200);
    expect(head.headers['upload-offset']).toBe(String(half));
    expect(head.headers['access-control-allow-origin']).toBeUndefined();
    expect(head.headers['upload-length']).toBe(String(bytes.length));

    const done = await patchUpload(author, url, half, bytes.subarray(half)).expect(200);
    expect(done.headers['upload-offset']).toBe(String(bytes.length));
    const assetId = done.headers['x-media-asset-id'];
    expect(done.body).toMatchObject({
      id: assetId,
      kind: 'video',
      mime: 'video/mp4',
      filename: 'lesson-1.mp4',
      size: bytes.length,
      sha256: sha256(bytes),
      // A video waits for its renditions; its transcoding job was queued with the row.
      status: 'processing',
      failureReason: null,
      renditions: null,
      usage: [],
    });
    expect(
      await ctx.db.query(
        `SELECT state FROM pgboss.job WHERE name = 'media-transcode' AND singleton_key = $1`,
        [assetId],
      ),
    ).toEqual([{ state: 'created' }]);
    const stored = path.join(mediaDir(), sha256(bytes).slice(0, 2), sha256(bytes));
    expect(sha256(await readFile(stored))).toBe(sha256(bytes));
    // The finished upload is gone from the uploads directory.
    expect(await filesUnder(uploadsDir())).toEqual([]);
    const audit = (await ctx.db.query(`SELECT action FROM audit_events WHERE target_id = $1`, [assetId])) as {
      action: string;
    }[];
    expect(audit).toEqual([{ action: 'media.uploaded' }]);
  });

  it('answers an offset mismatch with 409 UPLOAD_OFFSET_MISMATCH and keeps the upload as it was', async () => {
    const bytes = fixtures.pdf(8192);
    const url = await createUpload(author, bytes.length, { filename: 'guide.pdf' });
    await patchUpload(author, url, 0, bytes.subarray(0, 1000)).expect(204);
    const wrong = await patchUpload(author, url, 500, bytes.subarray(500)).expect(409);
    expect(wrong.body).toMatchObject({
      error: { code: 'UPLOAD_OFFSET_MISMATCH' },
      requestId: expect.any(String),
    });
    const head = await author.head(url).set(TUS).expect(200);
    expect(head.headers['upload-offset']).toBe('1000');
    await patchUpload(author, url, 1000, bytes.subarray(1000)).expect(200);
  });

  it('works with tus-js-client, resuming an aborted upload from the server offset', async () => {
    const { Upload } = await import('tus-js-client');
    const server = ctx.app.getHttpServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as { port: number };
      const login = await ctx
        .http()
        .post('/api/auth/login')
        .send(await freshAuthor())
        .expect(200);
      const cookie = (login.headers['set-cookie'] as unknown as string[])
        .map((c) => c.split(';')[0])
        .join('; ');
      const bytes = fixtures.mp4(200 * 1024);
      const options = {
        endpoint: `http://127.0.0.1:${port}/api/media/uploads`,
        chunkSize: 64 * 1024,
        retryDelays: null,
        metadata: { filename: 'Таможенная стоимость.mp4', kind: 'video' },
        headers: { Cookie: cookie },
      };
      // First attempt: stop after the first chunk.
      const first = await new Promise<string>((resolve, reject) => {
        const attempt = new Upload(bytes, {
          ...options,
          onError: reject,
          onChunkComplete: () => {
            void attempt.abort().then(() => resolve(attempt.url as string));
          },
        });
        attempt.start();
      });
      const offsetAfterAbort = await ctx.http().head(new URL(first).pathname).set(TUS).set('Cookie', cookie);
      expect(Number(offsetAfterAbort.headers['upload-offset'])).toBe(64 * 1024);
      // Second attempt: the same upload URL, so the client asks for the offset and continues.
      const assetId = await new Promise<string>((resolve, reject) => {
        const resumed = new Upload(bytes, {
          ...options,
          uploadUrl: first,
          onError: reject,
          onSuccess: ({ lastResponse }) => resolve(lastResponse.getHeader('X-Media-Asset-Id') as string),
        });
        resumed.start();
      });
      const [row] = (await ctx.db.query(`SELECT filename, sha256, size FROM media_assets WHERE id = $1`, [
        assetId,
      ])) as { filename: string; sha256: string; size: string }[];
      expect(row).toEqual({
        filename: 'Таможенная стоимость.mp4',
        sha256: sha256(bytes),
        size: String(bytes.length),
      });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('stores identical bytes once, while each upload gets its own asset', async () => {
    const bytes = fixtures.pdf(5000);
    const first = await upload(author, bytes, { filename: 'a.pdf' }).then((r) => r.body.id as string);
    const second = await upload(author, bytes, { filename: 'b.pdf' }).then((r) => r.body.id as string);
    expect(first).not.toBe(second);
    const rows = (await ctx.db.query(`SELECT DISTINCT storage_key FROM media_assets WHERE id IN ($1, $2)`, [
      first,
      second,
    ])) as { storage_key: string }[];
    expect(rows).toEqual([{ storage_key: sha256(bytes) }]);
    const copies = (await filesUnder(mediaDir())).filter((file) => file.endsWith(sha256(bytes)));
    expect(copies).toHaveLength(1);
  });

  it('recognises WebVTT captions and images from their bytes', async () => {
    const vtt = await upload(author, fixtures.vtt(), { filename: 'en.vtt', kind: 'captions' });
    expect(vtt.body).toMatchObject({ kind: 'captions', mime: 'text/vtt; charset=utf-8' });
    const pngBytes = Buffer.from(
      '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4ee0000000049454e44ae426082',
      'hex',
    );
    const png = await upload(author, pngBytes, { filename: 'cover.png' });
    expect(png.body).toMatchObject({ kind: 'image', mime: 'image/png' });
  });

  it('keeps only the last part of a file name, without control characters', async () => {
    const response = await upload(author, fixtures.pdf(), { filename: '../../etc/passwd' });
    expect(response.body.filename).toBe('passwd');
    const windows = await upload(author, fixtures.pdf(), { filename: 'C:\\temp\\re\u0007port\u202e.pdf' });
    expect(windows.body.filename).toBe('report.pdf');
    const long = await upload(author, fixtures.pdf(), { filename: `${'x'.repeat(300)}.pdf` });
    expect(long.body.filename).toHaveLength(200);
    expect(long.body.filename.endsWith('.pdf')).toBe(true);
  });

  describe('refusals leave nothing behind', () => {
    let assetsBefore: number;
    let storedBefore: string[];
    beforeEach(async () => {
      assetsBefore = await countRows(ctx, 'media_assets');
      storedBefore = await filesUnder(mediaDir());
    });
    afterEach(async () => {
      expect(await countRows(ctx, 'media_assets')).toBe(assetsBefore);
      expect(await filesUnder(mediaDir())).toEqual(storedBefore);
      expect(await filesUnder(uploadsDir())).toEqual([]);
    });

    it('refuses a PDF declared as a video with 415 MEDIA_KIND_MISMATCH', async () => {
      const response = await upload(author, fixtures.pdf(), { filename: 'movie.mp4', kind: 'video' }, 415);
      expect(response.body).toMatchObject({
        error: { code: 'MEDIA_KIND_MISMATCH', details: { declared: 'video', detected: 'document' } },
      });
    });

    it('refuses an executable named .pdf, and a short text file, with 415 UNSUPPORTED_MEDIA_TYPE', async () => {
      const elf = await upload(author, fixtures.elf(), { filename: 'report.pdf' }, 415);
      expect(elf.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
      const text = await upload(author, fixtures.text(), { filename: 'notes.vtt' }, 415);
      expect(text.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    });

    it('refuses a zero-byte file with 400 MEDIA_EMPTY before creating anything', async () => {
      const response = await author
        .post('/api/media/uploads')
        .set(TUS)
        .set('Upload-Length', '0')
        .set('Upload-Metadata', tusMetadata({ filename: 'empty.pdf' }))
        .expect(400);
      expect(response.body.error.code).toBe('MEDIA_EMPTY');
    });

    it('refuses a file over MEDIA_MAX_BYTES with 413 PAYLOAD_TOO_LARGE', async () => {
      const response = await author
        .post('/api/media/uploads')
        .set(TUS)
        .set('Upload-Length', String(1024 * 1024 + 1))
        .set('Upload-Metadata', tusMetadata({ filename: 'big.mp4' }))
        .expect(413);
      expect(response.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    });

    it('refuses missing file names, unknown kinds and a missing Tus-Resumable header', async () => {
      const noName = await author.post('/api/media/uploads').set(TUS).set('Upload-Length', '10').expect(400);
      expect(noName.body.error).toMatchObject({ code: 'UPLOAD_INVALID', details: { filename: 'REQUIRED' } });
      const badKind = await author
        .post('/api/media/uploads')
        .set(TUS)
        .set('Upload-Length', '10')
        .set('Upload-Metadata', tusMetadata({ filename: 'x.exe', kind: 'program' }))
        .expect(400);
      expect(badKind.body.error).toMatchObject({ code: 'UPLOAD_INVALID', details: { kind: 'INVALID' } });
      const noTus = await author.post('/api/media/uploads').set('Upload-Length', '10').expect(412);
      expect(noTus.body.error.code).toBe('UPLOAD_INVALID');
    });
  });

  it('lets only signed-in authors and admins upload, and only the owner continue an upload', async () => {
    const anonymous = await ctx
      .http()
      .post('/api/media/uploads')
      .set(TUS)
      .set('Upload-Length', '10')
      .expect(401);
    expect(anonymous.body.error.code).toBe('UNAUTHENTICATED');
    const learner = await ctx.login(await ctx.newUser({ roles: ['learner'] }));
    const refused = await learner.post('/api/media/uploads').set(TUS).set('Upload-Length', '10').expect(403);
    expect(refused.body.error.code).toBe('FORBIDDEN');

    const url = await createUpload(author, 5000, { filename: 'mine.pdf' });
    const otherAuthor = await ctx.login(await freshAuthor());
    const foreign = await patchUpload(otherAuthor, url, 0, fixtures.pdf(5000)).expect(404);
    expect(foreign.body.error.code).toBe('UPLOAD_NOT_FOUND');
    await otherAuthor.head(url).set(TUS).expect(404);
    const bogus = await patchUpload(author, '/api/media/uploads/..', 0, fixtures.pdf(10));
    expect(bogus.status).toBeGreaterThanOrEqual(400);
    // GET would hand back the raw bytes, unchecked: refused.
    const download = await author.get(url).set(TUS).expect(404);
    expect(download.body.error.code).toBe('ROUTE_NOT_FOUND');
    await author.delete(url).set(TUS).expect(204);
    await author.head(url).set(TUS).expect(404);
  });

  async function freshAuthor() {
    const user = await ctx.newUser({ roles: ['author'] });
    return { email: user.email, password: user.password };
  }
});
