import { randomUUID } from 'node:crypto';
import type { CertificateDto } from '@academy/contracts';
import { TestContext, type TestOrganisation, type TestUser } from '@academy/testing';
import type TestAgent from 'supertest/lib/agent.js';
import { controlClock } from '../../progress/__tests__/progress-fixtures.js';
import { VERIFY_LIMIT, VERIFY_WINDOW_MS } from '../verify-throttle.js';
import {
  binary,
  buildCertCourse,
  HAS_PDFTOTEXT,
  passQuiz,
  pdfText,
  type CertCourse,
} from './certificate-fixtures.js';

const withPdftotext = HAS_PDFTOTEXT ? it : it.skip;
if (!HAS_PDFTOTEXT) console.warn('/usr/bin/pdftotext not found (poppler-utils): PDF text checks are skipped');

describe('certificates API: list, PDF, verification, revocation and scope', () => {
  let ctx: TestContext;
  let author: TestAgent;
  let admin: TestAgent;
  let coordinator: TestAgent;
  let region: TestOrganisation;
  let administration: TestOrganisation;
  let unit: TestOrganisation;
  let clock: ReturnType<typeof controlClock>;
  let course: CertCourse;
  /** Holder of one certificate: Russian-speaking, Cyrillic name. */
  let holder: { user: TestUser; agent: TestAgent; certificate: CertificateDto };
  let other: { user: TestUser; agent: TestAgent; certificate: CertificateDto };

  const earn = async (options: { name: string; locale: 'en' | 'ru' }) => {
    const user = await ctx.newUser({ organisation: unit, ...options });
    const agent = await ctx.login(user);
    await passQuiz(agent, course.quizzes[0]);
    const listed = await agent.get('/api/certificates').expect(200);
    return { user, agent, certificate: (listed.body as CertificateDto[])[0] };
  };
  const download = (agent: TestAgent, id: string, query = '') =>
    agent.get(`/api/certificates/${id}/pdf${query}`).buffer(true).parse(binary);
  /** Verification calls in one test stay under the limit: time moves a window on each time. */
  const verify = (code: string) => ctx.http().get(`/api/verify/${encodeURIComponent(code)}`);

  beforeAll(async () => {
    ctx = await TestContext.create({ PUBLIC_URL: 'https://academy.example.org', COOKIE_SECURE: 'false' });
    region = await ctx.newOrganisation({ kind: 'region', en: 'Cert Region Office', ru: 'Бюро региона' });
    administration = await ctx.newOrganisation({ parent: region, kind: 'administration' });
    unit = await ctx.newOrganisation({
      parent: administration,
      kind: 'unit',
      en: 'Secret Unit',
      ru: 'Отдел',
    });
    author = await ctx.login(await ctx.newUser({ roles: ['author'], organisation: region }));
    admin = await ctx.login(await ctx.newUser({ roles: ['admin'], organisation: region }));
    coordinator = await ctx.login(
      await ctx.newUser({ roles: [{ role: 'coordinator', organisation: administration }] }),
    );
    clock = controlClock(ctx);
    course = await buildCertCourse(ctx, author, {
      en: 'Customs valuation of imported goods',
      ru: 'Таможенная стоимость ввозимых товаров',
    });
    holder = await earn({ name: 'Алиев Рашад', locale: 'ru' });
    other = await earn({ name: 'Nino Beridze', locale: 'en' });
  });
  beforeEach(() => clock.advance(VERIFY_WINDOW_MS / 1000));
  afterAll(() => ctx.close());

  it('refuses anonymous callers on every route but verification', async () => {
    const id = randomUUID();
    for (const response of [
      await ctx.http().get('/api/certificates'),
      await ctx.http().get(`/api/certificates/${id}`),
      await ctx.http().get(`/api/certificates/${id}/pdf`),
      await ctx.http().post(`/api/certificates/${id}/revoke`).send({ reason: 'Fraud' }),
      await ctx.http().get('/api/admin/certificates'),
    ]) {
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe('UNAUTHENTICATED');
    }
  });

  it('lists the caller’s own certificates only, with download and verification links', async () => {
    const listed = await holder.agent.get('/api/certificates').expect(200);
    expect(listed.body).toEqual([
      {
        id: holder.certificate.id,
        code: expect.stringMatching(/^CA-[0-9A-HJKMNP-TV-Z]{10}$/),
        courseId: course.courseId,
        courseTitle: {
          en: 'Customs valuation of imported goods',
          ru: 'Таможенная стоимость ввозимых товаров',
        },
        completedAt: expect.any(String),
        issuedAt: expect.any(String),
        revokedAt: null,
        revokeReason: null,
        pdfUrl: `/api/certificates/${holder.certificate.id}/pdf`,
        verifyUrl: `https://academy.example.org/verify/${holder.certificate.code}`,
        holderName: 'Алиев Рашад',
        issuer: { en: 'Cert Region Office', ru: 'Бюро региона' },
      },
    ]);
    // Someone with no certificates gets an empty list, not someone else's.
    const newcomer = await ctx.login(await ctx.newUser({ organisation: unit }));
    expect((await newcomer.get('/api/certificates').expect(200)).body).toEqual([]);
    expect((await coordinator.get('/api/certificates').expect(200)).body).toEqual([]);
    expect((await admin.get('/api/certificates').expect(200)).body).toEqual([]);
  });

  it('reads one certificate: the holder’s own, any for admins; others get 404 CERTIFICATE_NOT_FOUND', async () => {
    const own = await holder.agent.get(`/api/certificates/${holder.certificate.id}`).expect(200);
    expect(own.body).toEqual(holder.certificate);
    expect((await admin.get(`/api/certificates/${holder.certificate.id}`).expect(200)).body).toEqual(
      holder.certificate,
    );
    for (const [agent, id] of [
      [other.agent, holder.certificate.id],
      [holder.agent, other.certificate.id],
      [coordinator, holder.certificate.id],
      [author, holder.certificate.id],
      [holder.agent, randomUUID()],
    ] as const) {
      const read = await agent.get(`/api/certificates/${id}`).expect(404);
      expect(read.body.error.code).toBe('CERTIFICATE_NOT_FOUND');
      const pdf = await agent.get(`/api/certificates/${id}/pdf`).expect(404);
      expect(pdf.body.error.code).toBe('CERTIFICATE_NOT_FOUND');
    }
    const bad = await holder.agent.get('/api/certificates/not-a-uuid').expect(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
  });

  withPdftotext(
    'downloads the PDF in the user’s language, or the one asked for, with name, title and code',
    async () => {
      const ru = await download(holder.agent, holder.certificate.id).expect(200);
      expect(ru.headers['content-type']).toBe('application/pdf');
      expect(ru.headers['content-disposition']).toBe(
        `attachment; filename="certificate-${holder.certificate.code}-ru.pdf"`,
      );
      const body = ru.body as Buffer;
      expect(body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const text = pdfText(body);
      expect(text).toContain('Сертификат об окончании курса');
      expect(text).toContain('Алиев Рашад');
      expect(text).toContain('Таможенная стоимость ввозимых товаров');
      expect(text).toContain(holder.certificate.code);
      expect(text).toContain('БЮРО РЕГИОНА');
      expect(text).toContain(`https://academy.example.org/verify/${holder.certificate.code}`);
      // The QR code's link goes to the same page.
      expect(body.toString('latin1')).toContain(
        `/URI (https://academy.example.org/verify/${holder.certificate.code})`,
      );

      const en = await download(holder.agent, holder.certificate.id, '?locale=en').expect(200);
      expect(en.headers['content-disposition']).toContain(`certificate-${holder.certificate.code}-en.pdf`);
      const english = pdfText(en.body as Buffer);
      expect(english).toContain('Certificate of completion');
      expect(english).toContain('Customs valuation of imported goods');
      expect(english).toContain('Алиев Рашад');

      // An English-speaking holder gets English by default; admins may download anyone's.
      expect(
        pdfText((await download(other.agent, other.certificate.id).expect(200)).body as Buffer),
      ).toContain('Certificate of completion');
      expect(
        pdfText((await download(admin, holder.certificate.id, '?locale=ru').expect(200)).body as Buffer),
      ).toContain('Алиев Рашад');

      const wrong = await holder.agent
        .get(`/api/certificates/${holder.certificate.id}/pdf?locale=de`)
        .expect(400);
      expect(wrong.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: { locale: 'INVALID' } });
    },
  );

  it('verifies a code publicly, as typed, answering only what the certificate says', async () => {
    const { code } = holder.certificate;
    const response = await verify(code).expect(200);
    expect(response.body).toEqual({
      code,
      valid: true,
      holderName: 'Алиев Рашад',
      courseTitle: { en: 'Customs valuation of imported goods', ru: 'Таможенная стоимость ввозимых товаров' },
      completedAt: holder.certificate.completedAt,
      issuedAt: holder.certificate.issuedAt,
      issuer: { en: 'Cert Region Office', ru: 'Бюро региона' },
      revokedAt: null,
      revokeReason: null,
    });
    // Nothing personal beyond the name: no e-mail, no unit, no ids.
    expect(response.text).not.toContain(holder.user.email);
    expect(response.text).not.toContain('Secret Unit');
    expect(response.text).not.toContain(holder.user.id);
    expect(response.text).not.toContain(holder.certificate.id);

    // Lower case, spaces, without the prefix, O for 0 and I/L for 1.
    const typed = code.toLowerCase().replace('ca-', 'ca ').replace(/0/g, 'o').replace(/1/g, 'l');
    expect((await verify(typed).expect(200)).body.code).toBe(code);
    expect((await verify(code.slice(3)).expect(200)).body.code).toBe(code);

    for (const unknown of ['CA-0000000000', 'nonsense', '../../etc/passwd']) {
      const missing = await verify(unknown).expect(404);
      expect(missing.body.error.code).toBe('CERTIFICATE_NOT_FOUND');
    }
  });

  it('revocation: admins only, a reason of 3–500 characters, audited, once; verify then says revoked', async () => {
    const learner = await earn({ name: 'Revoked Person', locale: 'en' });
    const { id, code } = learner.certificate;
    for (const agent of [learner.agent, coordinator, author]) {
      const refused = await agent
        .post(`/api/certificates/${id}/revoke`)
        .send({ reason: 'Cheating' })
        .expect(403);
      expect(refused.body.error.code).toBe('FORBIDDEN');
    }
    for (const [body, detail] of [
      [{}, 'REQUIRED'],
      [{ reason: null }, 'REQUIRED'],
      [{ reason: '  x ' }, 'TOO_SHORT'],
      [{ reason: 'x'.repeat(501) }, 'TOO_LONG'],
      [{ reason: 42 }, 'INVALID'],
      [{ reason: 'Cheating', extra: true }, undefined],
    ] as const) {
      const invalid = await admin.post(`/api/certificates/${id}/revoke`).send(body).expect(400);
      expect(invalid.body.error.code).toBe('VALIDATION_FAILED');
      if (detail) expect(invalid.body.error.details.reason).toBe(detail);
    }
    const missing = await admin.post(`/api/certificates/${randomUUID()}/revoke`).send({ reason: 'Cheating' });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('CERTIFICATE_NOT_FOUND');
    expect((await verify(code).expect(200)).body.valid).toBe(true);

    const revoked = await admin
      .post(`/api/certificates/${id}/revoke`)
      .send({ reason: '  Exam taken by someone else  ' })
      .expect(200);
    expect(revoked.body).toMatchObject({
      id,
      revokedAt: expect.any(String),
      revokeReason: 'Exam taken by someone else',
    });

    const again = await admin.post(`/api/certificates/${id}/revoke`).send({ reason: 'Twice' }).expect(409);
    expect(again.body.error.code).toBe('CERTIFICATE_REVOKED');

    const verified = await verify(code).expect(200);
    expect(verified.body).toMatchObject({
      valid: false,
      revokedAt: revoked.body.revokedAt,
      revokeReason: 'Exam taken by someone else',
    });
    // The holder sees it revoked and can no longer download it.
    const listed = await learner.agent.get('/api/certificates').expect(200);
    expect(listed.body[0]).toMatchObject({ revokedAt: revoked.body.revokedAt });
    const pdf = await learner.agent.get(`/api/certificates/${id}/pdf`).expect(409);
    expect(pdf.body.error.code).toBe('CERTIFICATE_REVOKED');

    const audit = (await ctx.db.query(
      `SELECT action, target_type, target_id, data FROM audit_events WHERE target_id = $1`,
      [id],
    )) as { action: string; target_type: string; target_id: string; data: Record<string, unknown> }[];
    expect(audit).toEqual([
      {
        action: 'certificate.revoked',
        target_type: 'certificate',
        target_id: id,
        data: {
          code,
          userId: learner.user.id,
          courseId: course.courseId,
          reason: 'Exam taken by someone else',
        },
      },
    ]);
  });

  it('admins find certificates by code (as typed), holder name or e-mail, paged', async () => {
    const byCode = await admin
      .get('/api/admin/certificates')
      .query({ q: holder.certificate.code.toLowerCase() })
      .expect(200);
    expect(byCode.body).toMatchObject({ total: 1, page: 1, pageSize: 25 });
    expect(byCode.body.items[0]).toMatchObject({
      id: holder.certificate.id,
      userId: holder.user.id,
      email: holder.user.email,
      holderName: 'Алиев Рашад',
    });
    const byName = await admin.get('/api/admin/certificates').query({ q: 'beridze' }).expect(200);
    expect(byName.body.items.map((c: CertificateDto) => c.id)).toEqual([other.certificate.id]);
    const byEmail = await admin.get('/api/admin/certificates').query({ q: other.user.email }).expect(200);
    expect(byEmail.body.total).toBe(1);
    const wildcard = await admin.get('/api/admin/certificates').query({ q: '%' }).expect(200);
    expect(wildcard.body.total).toBe(0);

    const all = await admin.get('/api/admin/certificates').query({ pageSize: 1, page: 2 }).expect(200);
    expect(all.body.items).toHaveLength(1);
    expect(all.body.total).toBeGreaterThanOrEqual(3);
    const beyond = await admin.get('/api/admin/certificates').query({ pageSize: 100, page: 50 }).expect(200);
    expect(beyond.body).toMatchObject({ items: [], total: all.body.total });

    for (const agent of [holder.agent, coordinator, author]) {
      const refused = await agent.get('/api/admin/certificates').expect(403);
      expect(refused.body.error.code).toBe('FORBIDDEN');
    }
    const invalid = await admin.get('/api/admin/certificates').query({ pageSize: 1000 }).expect(400);
    expect(invalid.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('throttles verification per client address: 429 RATE_LIMITED past the limit, until the window passes', async () => {
    const { code } = holder.certificate;
    for (let i = 0; i < VERIFY_LIMIT; i++) await verify(i % 2 ? code : 'CA-0000000000');
    const limited = await verify(code).expect(429);
    expect(limited.body.error).toMatchObject({ code: 'RATE_LIMITED', details: { retryAfterS: 60 } });
    expect(limited.headers['retry-after']).toBe('60');
    // Other routes are not affected.
    await holder.agent.get('/api/certificates').expect(200);
    clock.advance(VERIFY_WINDOW_MS / 1000);
    await verify(code).expect(200);
  });
});
