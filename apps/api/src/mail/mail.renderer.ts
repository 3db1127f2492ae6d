import { Inject, Injectable } from '@nestjs/common';
import type { Locale } from '@academy/contracts';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { renderMail } from './mail.templates.js';
import type { OutgoingMail } from './mail.transport.js';
import { OUTBOX_KINDS, type OutboxKind } from './outbox.js';

/** A claimed mail_outbox row. */
export interface OutboxRow {
  id: string;
  kind: string;
  userId: string;
  data: Record<string, unknown>;
  attempts: number;
}

/** A message ready to send, or the reason it is no longer worth sending (it is then not sent, ever). */
export type RenderResult = { mail: OutgoingMail } | { skip: string };

interface FactsRow {
  email: string;
  display_name: string;
  locale: Locale;
  status: string;
  course_exists: boolean;
  course_title: string | null;
  enrolment_source: string | null;
  due_at: Date | null;
  completed_at: Date | null;
  progress_pct: number | null;
  certificate_code: string | null;
  certificate_completed_at: Date | null;
  certificate_revoked_at: Date | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Data that can never be rendered (a bug in a writer): the row is given up at once, not retried. */
export class UnrenderableMail extends Error {}

const sameInstant = (a: Date | null, iso: unknown) =>
  a !== null && typeof iso === 'string' && a.getTime() === Date.parse(iso);

/**
 * Turns an outbox row into a message in the recipient's language (users.locale), reading what it
 * announces as it is now: the course title from the latest published version (the recipient's language,
 * else the course's base language), the enrolment's current due date and progress, the certificate's code.
 * A notice overtaken by events is skipped: a reminder whose due date changed or whose course was completed,
 * an assignment withdrawn, a revoked certificate, a disabled recipient.
 */
@Injectable()
export class MailRenderer {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async render(row: OutboxRow): Promise<RenderResult> {
    if (!(OUTBOX_KINDS as readonly string[]).includes(row.kind)) {
      throw new UnrenderableMail(`Unknown mail kind "${row.kind}"`);
    }
    const kind = row.kind as OutboxKind;
    const courseId = row.data.courseId;
    const certificateId = row.data.certificateId ?? null;
    if (typeof courseId !== 'string' || !UUID.test(courseId)) {
      throw new UnrenderableMail('data.courseId is not a course id');
    }
    if (kind === 'certificate_issued' && (typeof certificateId !== 'string' || !UUID.test(certificateId))) {
      throw new UnrenderableMail('data.certificateId is not a certificate id');
    }
    const [facts] = (await this.dataSource.query(
      `SELECT u.email, u.display_name, u.locale, u.status,
              c.id IS NOT NULL AS course_exists,
              COALESCE(v.title ->> u.locale, v.title ->> v.base_locale,
                       c.title ->> u.locale, c.title ->> c.base_locale) AS course_title,
              e.source AS enrolment_source, e.due_at, e.completed_at, e.progress_pct,
              ct.code AS certificate_code, ct.completed_at AS certificate_completed_at,
              ct.revoked_at AS certificate_revoked_at
         FROM users u
         LEFT JOIN courses c ON c.id = $2::uuid
         LEFT JOIN LATERAL (SELECT title, base_locale FROM course_versions
                             WHERE course_id = c.id ORDER BY version DESC LIMIT 1) v ON true
         LEFT JOIN enrolments e ON e.user_id = u.id AND e.course_id = c.id
         LEFT JOIN certificates ct ON ct.id = $3::uuid AND ct.user_id = u.id
        WHERE u.id = $1`,
      [row.userId, courseId, certificateId],
    )) as FactsRow[];
    if (!facts) return { skip: 'the recipient no longer exists' };
    if (facts.status !== 'active') return { skip: 'the recipient is disabled' };
    if (!facts.course_exists || !facts.course_title) return { skip: 'the course no longer exists' };

    const assigned = facts.enrolment_source === 'assigned';
    switch (kind) {
      case 'assignment':
        if (!assigned) return { skip: 'the assignment was withdrawn' };
        if (facts.completed_at) return { skip: 'the course is already completed' };
        break;
      case 'reminder_7d':
      case 'reminder_1d':
      case 'overdue':
        if (!facts.enrolment_source) return { skip: 'the enrolment was withdrawn' };
        if (facts.completed_at) return { skip: 'the course is already completed' };
        if (!sameInstant(facts.due_at, row.data.dueAt)) return { skip: 'the due date changed' };
        break;
      case 'certificate_issued':
        if (!facts.certificate_code) return { skip: 'the certificate no longer exists' };
        if (facts.certificate_revoked_at) return { skip: 'the certificate was revoked' };
        break;
    }

    const base = this.config.publicUrl;
    const locale: Locale = facts.locale === 'ru' ? 'ru' : 'en';
    const rendered = renderMail({
      kind,
      locale,
      name: facts.display_name,
      courseTitle: facts.course_title,
      courseUrl: `${base}/courses/${courseId}`,
      learningUrl: `${base}/learning`,
      dueAt: facts.due_at,
      progressPct: facts.progress_pct ?? 0,
      certificate:
        kind === 'certificate_issued'
          ? {
              code: facts.certificate_code!,
              verifyUrl: `${base}/verify/${encodeURIComponent(facts.certificate_code!)}`,
              pdfUrl: `${base}/api/certificates/${certificateId as string}/pdf?locale=${locale}`,
              completedAt: facts.certificate_completed_at!,
            }
          : null,
      timeZone: this.config.mail.timeZone,
    });
    return {
      mail: {
        to: { name: facts.display_name, address: facts.email },
        ...rendered,
        headers: {
          'X-Academy-Outbox-Id': row.id,
          'X-Academy-Mail-Kind': kind,
          // RFC 3834: an automatic message; auto-responders should not answer it.
          'Auto-Submitted': 'auto-generated',
        },
      },
    };
  }
}
