import { Inject, Injectable } from '@nestjs/common';
import type {
  AdminCertificateDto,
  CertificateDto,
  CertificateVerificationDto,
  Locale,
  LocalizedText,
  Page,
} from '@academy/contracts';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { AppException } from '../common/app.exception.js';
import { Clock } from '../common/clock.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { hasRole, type AuthUser } from '../identity/auth-user.js';
import { normalizeCertificateCode } from './certificate-code.js';
import { renderCertificatePdf } from './certificate-pdf.js';

interface CertificateRow {
  id: string;
  code: string;
  user_id: string;
  course_id: string;
  course_version: number;
  holder_name: string;
  course_title: LocalizedText;
  base_locale: Locale;
  issuer_name: LocalizedText;
  completed_at: Date;
  issued_at: Date;
  revoked_at: Date | null;
  revoke_reason: string | null;
  email?: string | null;
}

const iso = (value: Date) => new Date(value).toISOString();
const isoOrNull = (value: Date | null) => (value ? iso(value) : null);

/** Escapes LIKE wildcards in user input. */
const likeEscape = (text: string) => text.replace(/[\\%_]/g, (char) => `\\${char}`);

/**
 * Certificates after issue (issuing is in certificate-issue.ts, called by the enrolment recount):
 * the holder's list and PDF, the public verification and revocation by administrators. A learner's
 * certificate is invisible to anyone but its holder and administrators: any other id answers
 * CERTIFICATE_NOT_FOUND, like one that does not exist.
 */
@Injectable()
export class CertificatesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async list(user: AuthUser): Promise<CertificateDto[]> {
    const rows = (await this.dataSource.query(
      `SELECT * FROM certificates WHERE user_id = $1 ORDER BY completed_at DESC, id`,
      [user.id],
    )) as CertificateRow[];
    return rows.map((row) => this.dto(row));
  }

  async get(user: AuthUser, id: string): Promise<CertificateDto> {
    return this.dto(await this.visible(user, id));
  }

  /** The PDF in `locale` (default the caller's language); a revoked certificate is not handed out. */
  async pdf(user: AuthUser, id: string, locale?: Locale): Promise<{ pdf: Buffer; filename: string }> {
    const row = await this.visible(user, id);
    if (row.revoked_at) {
      throw new AppException('CERTIFICATE_REVOKED', 'This certificate was revoked', {
        revokedAt: iso(row.revoked_at),
      });
    }
    const language = locale ?? user.locale;
    const pdf = await renderCertificatePdf(
      {
        holderName: row.holder_name,
        courseTitle: row.course_title,
        completedAt: new Date(row.completed_at),
        issuer: row.issuer_name,
        code: row.code,
        verifyUrl: this.verifyUrl(row.code),
      },
      language,
    );
    return { pdf, filename: `certificate-${row.code}-${language}.pdf` };
  }

  /** Public: what a code certifies and whether it still holds. */
  async verify(input: string): Promise<CertificateVerificationDto> {
    const code = normalizeCertificateCode(input);
    const [row] = code
      ? ((await this.dataSource.query(`SELECT * FROM certificates WHERE code = $1`, [
          code,
        ])) as CertificateRow[])
      : [];
    if (!row)
      throw new AppException('CERTIFICATE_NOT_FOUND', 'No certificate has this code', { code: input });
    return {
      code: row.code,
      valid: row.revoked_at === null,
      holderName: row.holder_name,
      courseTitle: row.course_title,
      completedAt: iso(row.completed_at),
      issuedAt: iso(row.issued_at),
      issuer: row.issuer_name,
      revokedAt: isoOrNull(row.revoked_at),
      revokeReason: row.revoke_reason,
    };
  }

  /** Administrators: revokes with a reason, once; audited in the same transaction. */
  async revoke(admin: AuthUser, id: string, reason: string): Promise<CertificateDto> {
    const now = this.clock.now();
    const row = await this.dataSource.transaction(async (manager) => {
      const [updated] = (await manager.query(
        `UPDATE certificates SET revoked_at = $2, revoked_by = $3, revoke_reason = $4
          WHERE id = $1 AND revoked_at IS NULL RETURNING *`,
        [id, now, admin.id, reason],
      )) as [CertificateRow[], number];
      if (!updated.length) {
        const [existing] = (await manager.query(`SELECT revoked_at FROM certificates WHERE id = $1`, [
          id,
        ])) as { revoked_at: Date }[];
        if (!existing) throw new AppException('CERTIFICATE_NOT_FOUND', 'No such certificate', { id });
        throw new AppException('CERTIFICATE_REVOKED', 'This certificate was revoked already', {
          revokedAt: iso(existing.revoked_at),
        });
      }
      const revoked = updated[0];
      await this.audit.record(
        admin.id,
        'certificate.revoked',
        'certificate',
        id,
        { code: revoked.code, userId: revoked.user_id, courseId: revoked.course_id, reason },
        manager,
      );
      return revoked;
    });
    return this.dto(row);
  }

  /** Administrators: certificates by code (as typed) or holder name, newest first. */
  async search(query: { q?: string; page: number; pageSize: number }): Promise<Page<AdminCertificateDto>> {
    const q = query.q?.trim() ?? '';
    const code = q ? normalizeCertificateCode(q) : null;
    const params: unknown[] = [];
    let where = 'TRUE';
    if (q) {
      params.push(`%${likeEscape(q)}%`, code);
      where = `(c.holder_name ILIKE $1 OR c.code = $2 OR c.code ILIKE $1 OR u.email ILIKE $1)`;
    }
    const offset = (query.page - 1) * query.pageSize;
    const rows = (await this.dataSource.query(
      `SELECT c.*, u.email, count(*) OVER ()::int AS total
         FROM certificates AS c LEFT JOIN users AS u ON u.id = c.user_id
        WHERE ${where}
        ORDER BY c.issued_at DESC, c.id
        LIMIT ${query.pageSize} OFFSET ${offset}`,
      params,
    )) as (CertificateRow & { total: number })[];
    let total = rows[0]?.total ?? 0;
    if (!rows.length && offset > 0) {
      const [counted] = (await this.dataSource.query(
        `SELECT count(*)::int AS total FROM certificates AS c LEFT JOIN users AS u ON u.id = c.user_id
          WHERE ${where}`,
        params,
      )) as { total: number }[];
      total = counted.total;
    }
    return {
      items: rows.map((row) => ({
        ...this.dto(row),
        userId: row.user_id,
        email: row.email ?? null,
        baseLocale: row.base_locale,
      })),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  /** The holder's own certificate, or any for administrators; everyone else: not found. */
  private async visible(user: AuthUser, id: string): Promise<CertificateRow> {
    const admin = hasRole(user, 'admin');
    const [row] = (await this.dataSource.query(
      `SELECT * FROM certificates WHERE id = $1 AND ($2::boolean OR user_id = $3)`,
      [id, admin, user.id],
    )) as CertificateRow[];
    if (!row) throw new AppException('CERTIFICATE_NOT_FOUND', 'No such certificate', { id });
    return row;
  }

  private verifyUrl(code: string): string {
    return `${this.config.publicUrl}/verify/${code}`;
  }

  private dto(row: CertificateRow): CertificateDto {
    return {
      id: row.id,
      code: row.code,
      courseId: row.course_id,
      courseTitle: row.course_title,
      completedAt: iso(row.completed_at),
      issuedAt: iso(row.issued_at),
      revokedAt: isoOrNull(row.revoked_at),
      revokeReason: row.revoke_reason,
      pdfUrl: `/api/certificates/${row.id}/pdf`,
      verifyUrl: this.verifyUrl(row.code),
      holderName: row.holder_name,
      issuer: row.issuer_name,
    };
  }
}
