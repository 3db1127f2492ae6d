import { TestContext, type TestOrganisation } from '@academy/testing';
import type TestAgent from 'supertest/lib/agent.js';
import type { Response } from 'supertest';
import { binary, fixtures, upload } from './media-fixtures.js';

const bytesOf = (response: Response) => response.body as Buffer;

describe('media serving: ranges, caching and access', () => {
  let ctx: TestContext;
  let author: TestAgent;
  let video: Buffer;
  let videoId: string;
  let coverId: string;
  let captionsId: string;
  let unusedId: string;
  let draftOnlyId: string;
  let notYetPublishedId: string;
  let adminA: TestOrganisation;
  let adminB: TestOrganisation;
  const content = (id: string) => `/api/media/${id}/content`;
  const get = (agent: TestAgent, id: string) => agent.get(content(id)).buffer(true).parse(binary);

  /**
   * A course written straight into the tables: one module, one video lesson using `variantMedia`,
   * and (when published) a course_versions snapshot naming `snapshotAssets`.
   */
  async function course(options: {
    status: 'draft' | 'published';
    variantMedia?: string;
    variantCaptions?: string;
    cover?: string;
    snapshotAssets?: { media?: string; captions?: string; cover?: string };
    audience?: TestOrganisation[];
  }): Promise<string> {
    const published = options.status === 'published';
    const [{ id }] = (await ctx.db.query(
      `INSERT INTO courses (code, base_locale, title, status, audience, version, published_at, cover_asset_id)
       VALUES ('C' || substr(md5(random()::text), 1, 10), 'en', '{"en": "Valuation"}', $1, $2, $3, $4, $5)
       RETURNING id`,
      [
        options.status,
        options.audience ? 'administrations' : 'region',
        published ? 1 : 0,
        published ? new Date() : null,
        options.cover ?? null,
      ],
    )) as { id: string }[];
    const [module] = (await ctx.db.query(
      `INSERT INTO course_modules (course_id, position, title) VALUES ($1, 1, '{"en": "Basics"}') RETURNING id`,
      [id],
    )) as { id: string }[];
    const [lesson] = (await ctx.db.query(
      `INSERT INTO lessons (module_id, position, kind, title) VALUES ($1, 1, 'video', '{"en": "Watch"}') RETURNING id`,
      [module.id],
    )) as { id: string }[];
    await ctx.db.query(
      `INSERT INTO lesson_variants (lesson_id, locale, media_asset_id, captions_asset_id) VALUES ($1, 'en', $2, $3)`,
      [lesson.id, options.variantMedia ?? null, options.variantCaptions ?? null],
    );
    for (const organisation of options.audience ?? []) {
      await ctx.db.query(`INSERT INTO course_audiences (course_id, organisation_id) VALUES ($1, $2)`, [
        id,
        organisation.id,
      ]);
    }
    if (published) {
      const snapshot = {
        code: 'X',
        coverAssetId: options.snapshotAssets?.cover ?? null,
        modules: [
          {
            id: module.id,
            lessons: [
              {
                id: lesson.id,
                kind: 'video',
                variants: {
                  en: {
                    html: null,
                    mediaAssetId: options.snapshotAssets?.media ?? null,
                    captionsAssetId: options.snapshotAssets?.captions ?? null,
                  },
                },
              },
            ],
          },
        ],
      };
      await ctx.db.query(
        `INSERT INTO course_versions (course_id, version, content, search, title, base_locale, topics, complete_locales)
         VALUES ($1, 1, $2::jsonb, to_tsvector('simple', 'x'), '{"en": "X"}', 'en', '{}', '{en}')`,
        [id, JSON.stringify(snapshot)],
      );
    }
    return id;
  }

  beforeAll(async () => {
    ctx = await TestContext.create();
    author = await ctx.login(await ctx.newUser({ roles: ['author'] }));
    video = fixtures.mp4(100_000);
    videoId = (await upload(author, video, { filename: 'Урок 1 "intro".mp4', kind: 'video' })).body.id;
    const png = Buffer.from(
      '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4ee0000000049454e44ae426082',
      'hex',
    );
    coverId = (await upload(author, png, { filename: 'cover.png' })).body.id;
    captionsId = (await upload(author, fixtures.vtt(), { filename: 'en.vtt' })).body.id;
    unusedId = (await upload(author, fixtures.pdf(3000), { filename: 'unused.pdf' })).body.id;
    draftOnlyId = (await upload(author, fixtures.pdf(3001), { filename: 'draft.pdf' })).body.id;
    notYetPublishedId = (await upload(author, fixtures.pdf(3002), { filename: 'next.pdf' })).body.id;

    adminA = await ctx.newOrganisation();
    adminB = await ctx.newOrganisation();
    // Open to the region: the video and the cover are in its published snapshot; its draft has moved
    // on to another file that is not published yet.
    await course({
      status: 'published',
      variantMedia: notYetPublishedId,
      cover: coverId,
      snapshotAssets: { media: videoId, cover: coverId },
    });
    // Only administration A (and its units) may see the captions.
    await course({
      status: 'published',
      variantMedia: videoId,
      variantCaptions: captionsId,
      snapshotAssets: { media: videoId, captions: captionsId },
      audience: [adminA],
    });
    await course({ status: 'draft', variantMedia: draftOnlyId });
  });
  afterAll(() => ctx.close());

  describe('ranges and conditional requests', () => {
    it('sends the whole file with its type, validators and an inline disposition', async () => {
      const response = await get(author, videoId).expect(200);
      expect(bytesOf(response).equals(video)).toBe(true);
      expect(response.headers).toMatchObject({
        'content-type': 'video/mp4',
        'content-length': String(video.length),
        'accept-ranges': 'bytes',
        'cache-control': expect.stringMatching(/^private/),
        etag: expect.stringMatching(/^"[0-9a-f]{64}"$/),
      });
      expect(response.headers['content-disposition']).toBe(
        `inline; filename="____ 1 _intro_.mp4"; filename*=UTF-8''%D0%A3%D1%80%D0%BE%D0%BA%201%20%22intro%22.mp4`,
      );
    });

    it.each([
      ['the first bytes', 'bytes=0-99', 0, 99],
      ['the middle', 'bytes=40000-40999', 40000, 40999],
      ['a suffix', 'bytes=-500', 99500, 99999],
      ['an open end', 'bytes=99990-', 99990, 99999],
      ['a range past the end, clipped', 'bytes=99000-200000', 99000, 99999],
    ])('sends %s with 206', async (_label, range, start, end) => {
      const response = await get(author, videoId).set('Range', range).expect(206);
      expect(response.headers['content-range']).toBe(`bytes ${start}-${end}/${video.length}`);
      expect(response.headers['content-length']).toBe(String(end - start + 1));
      expect(bytesOf(response).equals(video.subarray(start, end + 1))).toBe(true);
    });

    it('answers an unsatisfiable range with 416 and the size', async () => {
      const response = await get(author, videoId).set('Range', `bytes=${video.length}-`).expect(416);
      expect(response.headers['content-range']).toBe(`bytes */${video.length}`);
      expect(JSON.parse(bytesOf(response).toString('utf8'))).toMatchObject({
        error: { code: 'RANGE_NOT_SATISFIABLE' },
      });
    });

    it('ignores a malformed range and sends the whole file', async () => {
      const response = await get(author, videoId).set('Range', 'bytes=abc').expect(200);
      expect(bytesOf(response).length).toBe(video.length);
    });

    it('answers If-None-Match with 304 and honours If-Range', async () => {
      const first = await get(author, videoId).expect(200);
      const etag = first.headers.etag as string;
      const notModified = await get(author, videoId).set('If-None-Match', `W/${etag}, "other"`).expect(304);
      expect(bytesOf(notModified).length).toBe(0);
      expect(notModified.headers.etag).toBe(etag);
      await get(author, videoId).set('Range', 'bytes=0-9').set('If-Range', etag).expect(206);
      const changed = await get(author, videoId)
        .set('Range', 'bytes=0-9')
        .set('If-Range', '"stale"')
        .expect(200);
      expect(bytesOf(changed).length).toBe(video.length);
    });

    it('answers HEAD with the headers only', async () => {
      const response = await author.head(content(videoId)).expect(200);
      expect(response.headers['content-length']).toBe(String(video.length));
    });
  });

  describe('access', () => {
    let learnerA: TestAgent;
    let learnerB: TestAgent;
    let coordinator: TestAgent;

    beforeAll(async () => {
      const unitOfA = await ctx.newOrganisation({ parent: adminA });
      learnerA = await ctx.login(await ctx.newUser({ organisation: unitOfA, roles: ['learner'] }));
      learnerB = await ctx.login(await ctx.newUser({ organisation: adminB, roles: ['learner'] }));
      coordinator = await ctx.login(
        await ctx.newUser({ organisation: adminB, roles: [{ role: 'coordinator', organisation: adminB }] }),
      );
    });

    it('refuses anonymous callers with 401', async () => {
      const response = await ctx.http().get(content(videoId)).expect(401);
      expect(response.body.error.code).toBe('UNAUTHENTICATED');
    });

    it('lets a learner fetch the media and cover of a published course open to the region', async () => {
      const response = await get(learnerB, videoId).set('Range', 'bytes=0-15').expect(206);
      expect(bytesOf(response).equals(video.subarray(0, 16))).toBe(true);
      await get(learnerB, coverId).expect(200);
      await get(coordinator, videoId).expect(200);
    });

    it('lets learners inside the audience fetch captions, and answers 404 to those outside', async () => {
      await get(learnerA, captionsId).expect(200);
      const outside = await get(learnerB, captionsId).expect(404);
      expect(JSON.parse(bytesOf(outside).toString('utf8')).error.code).toBe('MEDIA_NOT_FOUND');
      await get(coordinator, captionsId).expect(404);
    });

    it('follows archiving and audience changes at the next request (the access answer is cached)', async () => {
      await get(learnerA, captionsId).expect(200);
      await get(learnerA, captionsId).expect(200); // now from the cache
      const restricted = `(SELECT course_id FROM course_audiences WHERE organisation_id = '${adminA.id}')`;
      await ctx.db.query(`UPDATE courses SET status = 'archived' WHERE id IN ${restricted}`);
      await ctx.settle();
      await get(learnerA, captionsId).expect(404);
      await ctx.db.query(`UPDATE courses SET status = 'published' WHERE id IN ${restricted}`);
      await ctx.settle();
      await get(learnerA, captionsId).expect(200);
      await ctx.db.query(
        `UPDATE course_audiences SET organisation_id = '${adminB.id}' WHERE organisation_id = '${adminA.id}'`,
      );
      await ctx.settle();
      await get(learnerA, captionsId).expect(404);
      await ctx.db.query(
        `UPDATE course_audiences SET organisation_id = '${adminA.id}' WHERE organisation_id = '${adminB.id}'`,
      );
      await ctx.settle();
      await get(learnerA, captionsId).expect(200);
    });

    it('answers 404 for assets in no published snapshot: unused, draft course, unpublished change', async () => {
      for (const id of [unusedId, draftOnlyId, notYetPublishedId]) {
        await get(learnerA, id).expect(404);
      }
      await get(learnerA, '00000000-0000-4000-8000-000000000000').expect(404);
      // Authors see every asset.
      for (const id of [unusedId, draftOnlyId, notYetPublishedId]) {
        await get(author, id).expect(200);
      }
    });

    it('keeps the library to authors and admins, with where each file is used', async () => {
      await learnerA.get('/api/media').expect(403);
      const page = await author.get('/api/media').query({ kind: 'video' }).expect(200);
      expect(page.body).toMatchObject({ total: 1, page: 1, pageSize: 25 });
      const [item] = page.body.items;
      expect(item).toMatchObject({ id: videoId, kind: 'video', size: video.length, durationS: null });
      expect(item.usage).toHaveLength(1);
      expect(item.usage[0]).toMatchObject({
        type: 'lesson',
        role: 'media',
        locale: 'en',
        courseTitle: { en: 'Valuation' },
      });
      const cover = await author.get(`/api/media/${coverId}`).expect(200);
      expect(cover.body.usage).toEqual([
        expect.objectContaining({ type: 'cover', courseCode: expect.any(String) }),
      ]);
      const search = await author.get('/api/media').query({ q: 'unused' }).expect(200);
      expect(search.body.items.map((asset: { id: string }) => asset.id)).toEqual([unusedId]);
      const pct = await author.get('/api/media').query({ q: '%' }).expect(200);
      expect(pct.body.total).toBe(0);
      await author.get('/api/media').query({ kind: 'program' }).expect(400);
      await author.get('/api/media/00000000-0000-4000-8000-000000000000').expect(404);
    });
  });
});
