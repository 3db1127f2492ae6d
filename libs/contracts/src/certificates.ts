import type { Locale, LocalizedText } from './locales.js';

/**
 * Certificates, issued once per learner and course when the course is first completed.
 * GET  /api/certificates                       (own)            → CertificateDto[]
 * GET  /api/certificates/:id                   (own; admin any) → CertificateDto
 * GET  /api/certificates/:id/pdf?locale=en|ru  (own; admin any) → application/pdf (attachment)
 * POST /api/certificates/:id/revoke            (admin)          body RevokeCertificateRequest → CertificateDto
 * GET  /api/admin/certificates?q=&page=&pageSize= (admin)       → Page<AdminCertificateDto>
 * GET  /api/verify/:code                       (public)         → CertificateVerificationDto
 */

/** Reason given when revoking: required, trimmed, this many characters. */
export const REVOKE_REASON_MIN = 3;
export const REVOKE_REASON_MAX = 500;

export interface CertificateDto {
  id: string;
  /** e.g. CA-7K2M9X4T0Q: printed on the certificate, typed into /verify/:code. */
  code: string;
  courseId: string;
  /** The course title in every language it had when the certificate was issued. */
  courseTitle: LocalizedText;
  /** ISO time the course was completed (the certificate's date). */
  completedAt: string;
  issuedAt: string;
  revokedAt: string | null;
  revokeReason: string | null;
  /** Download path (same origin); add `?locale=en|ru` for a language other than the user's. */
  pdfUrl: string;
  /** Absolute address of the public verification page (what the QR code holds). */
  verifyUrl: string;
  holderName: string;
  /** The issuing office in both languages. */
  issuer: LocalizedText;
}

/** What administrators see when searching certificates. */
export interface AdminCertificateDto extends CertificateDto {
  userId: string;
  /** The holder's current e-mail address (null when the account is gone). */
  email: string | null;
  baseLocale: Locale;
}

export interface RevokeCertificateRequest {
  reason: string;
}

/**
 * The public answer for a certificate code: what the certificate says and whether it is still valid.
 * Nothing else about the holder (no e-mail, no organisation unit).
 */
export interface CertificateVerificationDto {
  code: string;
  valid: boolean;
  holderName: string;
  courseTitle: LocalizedText;
  completedAt: string;
  issuedAt: string;
  issuer: LocalizedText;
  revokedAt: string | null;
  revokeReason: string | null;
}
