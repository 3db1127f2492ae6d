import { createHash, randomBytes } from 'node:crypto';
import type TestAgent from 'supertest/lib/agent.js';
import type { Response } from 'supertest';
import type { TestContext } from '@academy/testing';

/** Small generated files whose first bytes are what file-type (or our WebVTT check) recognises. */
export const fixtures = {
  mp4: (size = 64 * 1024) =>
    Buffer.concat([
      Buffer.from('000000186674797069736f6d0000020069736f6d69736f32', 'hex'),
      randomBytes(size - 24),
    ]),
  pdf: (size = 4096) =>
    Buffer.concat([
      Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1'),
      Buffer.alloc(Math.max(0, size - 15), 0x20),
    ]),
  elf: () => Buffer.concat([Buffer.from('7f454c46020101000000000000000000', 'hex'), randomBytes(512)]),
  vtt: () => Buffer.from('WEBVTT\n\n00:00.000 --> 00:02.000\nHello, officer\n', 'utf8'),
  text: () => Buffer.from('hello text', 'utf8'),
};

export const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

export const TUS = { 'Tus-Resumable': '1.0.0' };

export function tusMetadata(metadata: Record<string, string>): string {
  return Object.entries(metadata)
    .map(([key, value]) => `${key} ${Buffer.from(value, 'utf8').toString('base64')}`)
    .join(',');
}

/** POST: creates an upload and returns its URL (relative, as the server sends it). */
export async function createUpload(
  agent: TestAgent,
  length: number,
  metadata: Record<string, string>,
): Promise<string> {
  const response = await agent
    .post('/api/media/uploads')
    .set(TUS)
    .set('Upload-Length', String(length))
    .set('Upload-Metadata', tusMetadata(metadata))
    .expect(201);
  return response.headers.location as string;
}

export function patchUpload(agent: TestAgent, url: string, offset: number, bytes: Buffer) {
  return agent
    .patch(url)
    .set(TUS)
    .set('Upload-Offset', String(offset))
    .set('Content-Type', 'application/offset+octet-stream')
    .send(bytes);
}

/** A whole upload in one PATCH, expecting `status` (200 with the asset JSON when accepted). */
export async function upload(
  agent: TestAgent,
  bytes: Buffer,
  metadata: Record<string, string> = { filename: 'file.bin' },
  status = 200,
): Promise<Response> {
  const url = await createUpload(agent, bytes.length, metadata);
  return patchUpload(agent, url, 0, bytes).expect(status);
}

export async function countRows(ctx: TestContext, table: 'media_assets'): Promise<number> {
  const [{ n }] = (await ctx.db.query(`SELECT count(*)::int AS n FROM ${table}`)) as { n: number }[];
  return n;
}

/** A supertest parser that collects the body as bytes whatever its type: `.buffer(true).parse(binary)`. */
export function binary(res: Response, done: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  const stream = res as unknown as NodeJS.ReadableStream;
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
}
