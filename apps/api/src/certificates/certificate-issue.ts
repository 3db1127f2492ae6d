import type { EntityManager } from 'typeorm';
import { enqueueMail } from '../mail/outbox.js';
import { newCertificateCode } from './certificate-code.js';

/** Used when no region organisation exists at all (an installation without any organisations). */
const FALLBACK_ISSUER = { en: 'Customs Academy', ru: 'Таможенная академия' };

/** Attempts at drawing a code that is not taken yet (one collision is already ~1e-9 likely). */
const CODE_DRAWS = 5;

/**
 * Issues the certificate for a completed course, in the caller's transaction, with what it certifies
 * copied in: the holder's display name, the published version's title in all its languages, the base
 * language and the issuing office (the region organisation at the root of the holder's organisation, or
 * the first region when the holder belongs to none). `ON CONFLICT DO NOTHING` covers both unique keys:
 * a second issue for the same learner and course does nothing; a code collision draws another code.
 * Queues the 'certificate_issued' mail with the certificate. Returns the new certificate's id, or null
 * when the learner already had one (revoked ones are not re-issued).
 */
export async function issueCertificate(
  manager: EntityManager,
  userId: string,
  courseId: string,
  completedAt: Date,
): Promise<string | null> {
  for (let draw = 0; draw < CODE_DRAWS; draw++) {
    const inserted = (await manager.query(
      `INSERT INTO certificates (code, user_id, course_id, course_version, holder_name, course_title, base_locale,
                                 issuer_name, completed_at)
       SELECT $1, u.id, c.id, c.version, u.display_name, v.content -> 'title', c.base_locale,
              COALESCE(
                (SELECT r.name FROM organisations AS o
                   JOIN organisations AS r ON r.id::text = split_part(o.path, '/', 2) AND r.kind = 'region'
                  WHERE o.id = u.organisation_id),
                (SELECT r.name FROM organisations AS r WHERE r.kind = 'region' AND r.parent_id IS NULL
                  ORDER BY r.created_at, r.id LIMIT 1),
                $5::jsonb),
              $4
         FROM users AS u
         JOIN courses AS c ON c.id = $3
         JOIN course_versions AS v ON v.course_id = c.id AND v.version = c.version
        WHERE u.id = $2
       ON CONFLICT DO NOTHING
       RETURNING id`,
      [newCertificateCode(), userId, courseId, completedAt, JSON.stringify(FALLBACK_ISSUER)],
    )) as { id: string }[];
    if (inserted.length) {
      const id = inserted[0].id;
      await enqueueMail(
        manager,
        'certificate_issued',
        userId,
        { certificateId: id, courseId },
        `certificate_issued:${id}`,
      );
      return id;
    }
    const [existing] = (await manager.query(
      `SELECT id FROM certificates WHERE user_id = $1 AND course_id = $2`,
      [userId, courseId],
    )) as { id: string }[];
    if (existing) return null;
    // Not the learner's own certificate that conflicted: the code was taken, or there is nothing to
    // certify (no published version). Draw again only for the former.
    const [{ published }] = (await manager.query(
      `SELECT EXISTS (SELECT 1 FROM courses c JOIN course_versions v ON v.course_id = c.id AND v.version = c.version
                       WHERE c.id = $1) AS published`,
      [courseId],
    )) as { published: boolean }[];
    if (!published) return null;
  }
  throw new Error(`No free certificate code after ${CODE_DRAWS} draws`);
}
