import { TestContext, type TestOrganisation } from '@academy/testing';
import type TestAgent from 'supertest/lib/agent.js';

describe('courses: authoring, publishing and the catalogue', () => {
  let ctx: TestContext;
  let author: TestAgent;
  let learnerA: TestAgent;
  let learnerB: TestAgent;
  let adminA: TestOrganisation;
  let adminB: TestOrganisation;

  const newAsset = async (kind: string) => {
    const [row] = (await ctx.db.query(
      `INSERT INTO media_assets (kind, filename, mime, size, status, duration_s) VALUES ($1, $2, $3, 100, 'ready', 42) RETURNING id`,
      [
        kind,
        `${kind}.bin`,
        kind === 'captions' ? 'text/vtt' : kind === 'video' ? 'video/mp4' : 'application/pdf',
      ],
    )) as { id: string }[];
    return row.id;
  };

  /** A course with one module holding an article (en + ru) and a video (one file, captions en + ru). */
  const buildCourse = async (
    code: string,
    title: { en: string; ru?: string },
    extra: Record<string, unknown> = {},
  ) => {
    const course = await author
      .post('/api/studio/courses')
      .send({ code, baseLocale: 'en', title, summary: { en: 'About it' }, topics: ['valuation'], ...extra })
      .expect(201);
    const withModule = await author
      .post(`/api/studio/courses/${course.body.id}/modules`)
      .send({ title: { en: 'Basics', ru: 'Основы' } })
      .expect(201);
    const moduleId = withModule.body.modules[0].id;
    await author
      .post(`/api/studio/modules/${moduleId}/lessons`)
      .send({
        kind: 'article',
        title: { en: 'Reading', ru: 'Чтение' },
        variants: {
          en: { body: '## Customs value\n\nThe *transaction value* method.' },
          ru: { body: '## Таможенная стоимость' },
        },
      })
      .expect(201);
    const video = await author
      .post(`/api/studio/modules/${moduleId}/lessons`)
      .send({
        kind: 'video',
        title: { en: 'Watch' },
        variants: {
          en: { mediaAssetId: await newAsset('video'), captionsAssetId: await newAsset('captions') },
        },
      })
      .expect(201);
    return { id: course.body.id as string, moduleId, draft: video.body };
  };

  beforeAll(async () => {
    ctx = await TestContext.create();
    const region = await ctx.newOrganisation({ kind: 'region' });
    adminA = await ctx.newOrganisation({ parent: region, kind: 'administration' });
    adminB = await ctx.newOrganisation({ parent: region, kind: 'administration' });
    const unitA = await ctx.newOrganisation({ parent: adminA });
    author = await ctx.login(await ctx.newUser({ roles: ['author'], organisation: region }));
    learnerA = await ctx.login(await ctx.newUser({ organisation: unitA, locale: 'ru' }));
    learnerB = await ctx.login(await ctx.newUser({ organisation: adminB }));
  });
  afterAll(() => ctx.close());

  it('refuses bad input with field codes and changes nothing', async () => {
    const noBase = await author
      .post('/api/studio/courses')
      .send({ code: 'X-1', baseLocale: 'ru', title: { en: 'Only English' } });
    expect(noBase.status).toBe(400);
    expect(noBase.body.error.details).toEqual({ 'title.ru': 'REQUIRED' });
    const course = await author
      .post('/api/studio/courses')
      .send({ code: 'X-2', baseLocale: 'en', title: { en: 'T' } })
      .expect(201);
    const module = await author
      .post(`/api/studio/courses/${course.body.id}/modules`)
      .send({ title: { en: 'M' } })
      .expect(201);
    const badKind = await author
      .post(`/api/studio/modules/${module.body.modules[0].id}/lessons`)
      .send({ kind: 'hologram', title: { en: 'L' } });
    expect(badKind.status).toBe(400);
    expect(badKind.body.error.details).toEqual({ kind: 'INVALID' });
    const taken = await author
      .post('/api/studio/courses')
      .send({ code: 'x-2', baseLocale: 'en', title: { en: 'T' } });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('COURSE_CODE_TAKEN');
    const pdfAsVideo = await author.post(`/api/studio/modules/${module.body.modules[0].id}/lessons`).send({
      kind: 'video',
      title: { en: 'V' },
      variants: { en: { mediaAssetId: await newAsset('document') } },
    });
    expect(pdfAsVideo.body.error.code).toBe('LESSON_MEDIA_INVALID');
    const after = await author.get(`/api/studio/courses/${course.body.id}`).expect(200);
    expect(after.body.modules[0].lessons).toEqual([]);
  });

  it('reorders modules and lessons, refusing duplicate or foreign ids', async () => {
    const { id, moduleId, draft } = await buildCourse('ORDER-1', { en: 'Order' });
    const lessons = draft.modules[0].lessons.map((l: { id: string }) => l.id);
    const reordered = await author
      .put(`/api/studio/modules/${moduleId}/lesson-order`)
      .send({ ids: [...lessons].reverse() })
      .expect(200);
    expect(reordered.body.modules[0].lessons.map((l: { id: string }) => l.id)).toEqual(
      [...lessons].reverse(),
    );
    const duplicate = await author
      .put(`/api/studio/modules/${moduleId}/lesson-order`)
      .send({ ids: [lessons[0], lessons[0]] });
    expect(duplicate.body.error.code).toBe('ORDER_INVALID');
    const other = await buildCourse('ORDER-2', { en: 'Other' });
    const foreign = await author
      .put(`/api/studio/courses/${id}/module-order`)
      .send({ ids: [other.moduleId] });
    expect(foreign.body.error.code).toBe('ORDER_INVALID');
    const unchanged = await author.get(`/api/studio/courses/${id}`).expect(200);
    expect(unchanged.body.modules[0].lessons.map((l: { id: string }) => l.id)).toEqual(
      [...lessons].reverse(),
    );
  });

  it('refuses to publish with each problem listed, and publishes with missing translations listed', async () => {
    const course = await author
      .post('/api/studio/courses')
      .send({ code: 'PUB-1', baseLocale: 'en', title: { en: 'Pub' } })
      .expect(201);
    const empty = await author.post(`/api/studio/courses/${course.body.id}/publish`).expect(422);
    expect(empty.body.error.code).toBe('PUBLISH_REFUSED');
    expect(empty.body.error.details.problems).toEqual(
      expect.arrayContaining([
        { code: 'NO_LESSONS', path: 'modules' },
        { code: 'BASE_LOCALE_INCOMPLETE', path: 'summary' },
      ]),
    );
    const module = await author
      .post(`/api/studio/courses/${course.body.id}/modules`)
      .send({ title: { en: 'M' } })
      .expect(201);
    await author
      .post(`/api/studio/modules/${module.body.modules[0].id}/lessons`)
      .send({ kind: 'document', title: { en: 'PDF' } });
    await author
      .patch(`/api/studio/courses/${course.body.id}`)
      .send({ summary: { en: 'S' } })
      .expect(200);
    const noContent = await author.post(`/api/studio/courses/${course.body.id}/publish`).expect(422);
    expect(noContent.body.error.details.problems).toContainEqual({
      code: 'REQUIRED_LESSON_EMPTY',
      path: 'modules[0].lessons[0]',
    });

    const { id } = await buildCourse('PUB-2', { en: 'Publishable' });
    const published = await author.post(`/api/studio/courses/${id}/publish`).expect(200);
    expect(published.body.version).toBe(1);
    expect(published.body.missingTranslations.ru).toEqual([
      'title',
      'summary',
      'modules[0].lessons[1].title',
      'modules[0].lessons[1].content',
    ]);
  });

  it('lets learners find published courses by English and inflected Russian words', async () => {
    const { id } = await buildCourse('VAL-1', {
      en: 'Customs valuation of imported goods',
      ru: 'Таможенная стоимость ввозимых товаров',
    });
    await author.post(`/api/studio/courses/${id}/publish`).expect(200);
    const draftOnly = await buildCourse('DRAFT-1', { en: 'Unpublished valuation draft' });

    const search = async (q: string) => (await learnerA.get('/api/courses').query({ q }).expect(200)).body;
    expect((await search('стоимости товара')).items.map((c: { id: string }) => c.id)).toContain(id);
    expect((await search('valuations of imports')).items.map((c: { id: string }) => c.id)).toContain(id);
    expect((await search('valuation')).items.map((c: { id: string }) => c.id)).not.toContain(draftOnly.id);
    expect((await search('hologram')).total).toBe(0);

    const list = await learnerA.get('/api/courses').query({ topic: 'valuation', pageSize: 1 }).expect(200);
    expect(list.body).toMatchObject({ page: 1, pageSize: 1 });
    expect(list.body.items).toHaveLength(1);
    const ru = await learnerA.get('/api/courses').query({ q: 'стоимость', locale: 'ru' }).expect(200);
    const item = ru.body.items.find((c: { id: string }) => c.id === id);
    expect(item.title).toEqual({ text: 'Таможенная стоимость ввозимых товаров', locale: 'ru' });
    expect(item.summary).toEqual({ text: 'About it', locale: 'en' });
    expect(item.completeLocales).toEqual(['en']);
  });

  it('shows the outline and lessons with the language each piece came from', async () => {
    const { id, draft } = await buildCourse('OUT-1', { en: 'Outline', ru: 'Структура' });
    await author.post(`/api/studio/courses/${id}/publish`).expect(200);
    const outline = await learnerA.get(`/api/courses/${id}`).query({ locale: 'ru' }).expect(200);
    expect(outline.body.contentLocale).toBe('ru');
    expect(outline.body.modules[0].title).toEqual({ text: 'Основы', locale: 'ru' });
    expect(outline.body.modules[0].lessons[1]).toMatchObject({
      kind: 'video',
      title: { text: 'Watch', locale: 'en' },
      durationS: 42,
    });

    const [article, video] = draft.modules[0].lessons;
    const ruArticle = await learnerA.get(`/api/lessons/${article.id}`).query({ locale: 'ru' }).expect(200);
    expect(ruArticle.body).toMatchObject({ bodyLocale: 'ru', html: '<h2>Таможенная стоимость</h2>\n' });
    const enArticle = await learnerA.get(`/api/lessons/${article.id}`).query({ locale: 'en' }).expect(200);
    expect(enArticle.body.html).toContain('<em>transaction value</em>');
    const ruVideo = await learnerA.get(`/api/lessons/${video.id}`).query({ locale: 'ru' }).expect(200);
    expect(ruVideo.body.media).toMatchObject({ locale: 'en', mime: 'video/mp4' });
    expect(ruVideo.body.captions.map((c: { locale: string }) => c.locale)).toEqual(['en']);
  });

  it('keeps edits of a published course invisible to learners until it is published again', async () => {
    const { id } = await buildCourse('EDIT-1', { en: 'First title' });
    await author.post(`/api/studio/courses/${id}/publish`).expect(200);
    const edited = await author
      .patch(`/api/studio/courses/${id}`)
      .send({ title: { en: 'Second title' } })
      .expect(200);
    expect(edited.body).toMatchObject({ status: 'published', hasUnpublishedChanges: true, version: 1 });
    expect((await learnerA.get(`/api/courses/${id}`).expect(200)).body.title.text).toBe('First title');
    await author.post(`/api/studio/courses/${id}/publish`).expect(200);
    expect((await learnerA.get(`/api/courses/${id}`).expect(200)).body).toMatchObject({
      title: { text: 'Second title' },
      version: 2,
    });
  });

  it('hides archived courses and shows them again when unarchived', async () => {
    const { id } = await buildCourse('ARCH-1', { en: 'Archivable' });
    await author.post(`/api/studio/courses/${id}/publish`).expect(200);
    const archived = await author.post(`/api/studio/courses/${id}/archive`).expect(200);
    expect(archived.body).toMatchObject({ status: 'archived', hasUnpublishedChanges: false });
    await learnerA.get(`/api/courses/${id}`).expect(404);
    await author.post(`/api/studio/courses/${id}/unarchive`).expect(200);
    await learnerA.get(`/api/courses/${id}`).expect(200);
  });

  it('shows a course for chosen administrations only to officers inside them', async () => {
    const { id, draft } = await buildCourse(
      'AUD-1',
      { en: 'National course' },
      { audience: 'administrations', audienceOrganisationIds: [adminA.id] },
    );
    await author.post(`/api/studio/courses/${id}/publish`).expect(200);
    await learnerA.get(`/api/courses/${id}`).expect(200);
    const outside = await learnerB.get(`/api/courses/${id}`).expect(404);
    expect(outside.body.error.code).toBe('COURSE_NOT_FOUND');
    await learnerB.get(`/api/lessons/${draft.modules[0].lessons[0].id}`).expect(404);
    const list = await learnerB.get('/api/courses').query({ q: 'national' }).expect(200);
    expect(list.body.items.map((c: { id: string }) => c.id)).not.toContain(id);
  });

  it('authors and admins see every published course, whatever its audience', async () => {
    const { id, draft } = await buildCourse(
      'AUD-2',
      { en: 'Restricted course' },
      { audience: 'administrations', audienceOrganisationIds: [adminB.id] },
    );
    await author.post(`/api/studio/courses/${id}/publish`).expect(200);
    const list = await author.get('/api/courses').query({ q: 'restricted' }).expect(200);
    expect(list.body.items.map((c: { id: string }) => c.id)).toContain(id);
    await author.get('/api/courses/topics').expect(200);
    await author.get(`/api/courses/${id}`).expect(200);
    await author.get(`/api/lessons/${draft.modules[0].lessons[0].id}`).expect(200);
  });

  it('learners cannot reach the studio', async () => {
    await learnerA.get('/api/studio/courses').expect(403);
  });

  it('lists studio courses with their translation report, computed like the course itself', async () => {
    const { id } = await buildCourse('LIST-TR', { en: 'Half translated' });
    const list = await author.get('/api/studio/courses').expect(200);
    const row = list.body.find((c: { id: string }) => c.id === id);
    const draft = await author.get(`/api/studio/courses/${id}`).expect(200);
    expect(row.translation).toEqual(draft.body.translation);
    expect(row.translation.completeness.en).toBe(100);
    expect(row.translation.completeness.ru).toBeLessThan(100);
    expect(row.modules).toBeUndefined();
  });
});
