import { Injectable } from '@nestjs/common';
import { isLocale, type FieldErrorCode, type ImportReport, type ImportRowError } from '@academy/contracts';
import { isEmail } from 'class-validator';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../identity/auth-user.js';
import { coordinatorScope, pathInScope } from '../identity/auth-user.js';
import { PasswordLinksService } from '../identity/password-links.service.js';
import { parseOfficerCsv, type OfficerCsvRow } from './officer-csv.js';

interface ValidRow extends OfficerCsvRow {
  organisationId: string;
}

/**
 * Imports officers from CSV. Every row is checked first; the valid ones are applied together in one
 * transaction with set-based statements (10,000 rows in a few queries), and the report lists the others.
 * Importing the same file again changes nothing.
 */
@Injectable()
export class OfficersImportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly passwordLinks: PasswordLinksService,
    private readonly audit: AuditService,
  ) {}

  async import(actor: AuthUser, bytes: Buffer): Promise<ImportReport> {
    const rows = parseOfficerCsv(bytes);
    const scope = coordinatorScope(actor);
    const units = await this.units([...new Set(rows.map((row) => row.unitCode).filter(Boolean))]);
    const existing = await this.existingUsers([...new Set(rows.map((row) => row.email.toLowerCase()))]);

    const errors: ImportRowError[] = [];
    const valid: ValidRow[] = [];
    const seen = new Set<string>();
    for (const row of rows) {
      const codes: FieldErrorCode[] = [];
      const key = row.email.toLowerCase();
      if (!row.email) codes.push('REQUIRED');
      else if (!isEmail(row.email) || row.email.length > 320) codes.push('INVALID_EMAIL');
      if (!row.name) codes.push('REQUIRED');
      else if (row.name.length > 120) codes.push('TOO_LONG');
      if (row.locale && !isLocale(row.locale)) codes.push('INVALID_LOCALE');
      const unit = units.get(row.unitCode);
      if (!unit) codes.push('UNKNOWN_UNIT');
      else if (!pathInScope(unit.path, scope)) codes.push('UNIT_OUT_OF_SCOPE');
      if (row.email && seen.has(key)) codes.push('DUPLICATE_ROW');
      const current = existing.get(key);
      // A coordinator manages officers only: staff accounts in the subtree are not theirs to edit.
      if (current && (!pathInScope(current.path ?? '', scope) || (scope !== null && current.staff))) {
        codes.push('EMAIL_OUTSIDE_SCOPE');
      }
      seen.add(key);
      if (codes.length) errors.push({ line: row.line, email: row.email || null, codes: [...new Set(codes)] });
      else valid.push({ ...row, locale: row.locale || 'en', organisationId: unit!.id });
    }

    const toCreate = valid.filter((row) => !existing.has(row.email.toLowerCase()));
    const toUpdate = valid.filter((row) => {
      const current = existing.get(row.email.toLowerCase());
      return (
        current &&
        (current.display_name !== row.name ||
          current.locale !== row.locale ||
          current.organisation_id !== row.organisationId)
      );
    });

    const outcome = await this.dataSource.transaction(async (manager) => {
      const created = toCreate.length
        ? ((await manager.query(
            `INSERT INTO users (email, display_name, locale, organisation_id)
             SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::uuid[])
             ON CONFLICT (email) DO NOTHING
             RETURNING id, email::text`,
            [
              toCreate.map((row) => row.email),
              toCreate.map((row) => row.name),
              toCreate.map((row) => row.locale),
              toCreate.map((row) => row.organisationId),
            ],
          )) as { id: string; email: string }[])
        : [];
      if (created.length) {
        await manager.query(
          `INSERT INTO role_grants (user_id, role, granted_by) SELECT id, 'learner', $2 FROM unnest($1::uuid[]) AS id`,
          [created.map((user) => user.id), actor.id],
        );
      }
      if (toUpdate.length) {
        await manager.query(
          `UPDATE users u SET display_name = v.name, locale = v.locale, organisation_id = v.org, updated_at = now()
             FROM unnest($1::text[], $2::text[], $3::text[], $4::uuid[]) AS v(email, name, locale, org)
            WHERE u.email = v.email::citext`,
          [
            toUpdate.map((row) => row.email),
            toUpdate.map((row) => row.name),
            toUpdate.map((row) => row.locale),
            toUpdate.map((row) => row.organisationId),
          ],
        );
      }
      const links = await this.passwordLinks.issue(
        created.map((user) => user.id),
        'invite',
        actor.id,
        manager,
      );
      await this.audit.record(
        actor.id,
        'officers.imported',
        'import',
        null,
        { rows: rows.length, created: created.length, updated: toUpdate.length, failed: errors.length },
        manager,
      );
      const emailById = new Map(created.map((user) => [user.id, user.email]));
      return {
        created: created.length,
        invitations: links.map((link) => ({ email: emailById.get(link.userId)!, passwordLink: link.link })),
      };
    });

    return {
      totalRows: rows.length,
      created: outcome.created,
      updated: toUpdate.length,
      unchanged: valid.length - outcome.created - toUpdate.length,
      failed: errors.length,
      errors,
      invitations: outcome.invitations,
    };
  }

  private async units(codes: string[]): Promise<Map<string, { id: string; path: string }>> {
    const rows = (await this.dataSource.query(
      `SELECT id, code, path FROM organisations WHERE code = ANY($1)`,
      [codes],
    )) as { id: string; code: string; path: string }[];
    return new Map(rows.map((row) => [row.code, row]));
  }

  private async existingUsers(emails: string[]) {
    const rows = (await this.dataSource.query(
      `SELECT lower(u.email::text) AS key, u.display_name, u.locale, u.organisation_id, o.path,
              EXISTS (SELECT 1 FROM role_grants g WHERE g.user_id = u.id AND g.role <> 'learner') AS staff
         FROM users u LEFT JOIN organisations o ON o.id = u.organisation_id
        WHERE u.email = ANY($1::citext[])`,
      [emails],
    )) as {
      key: string;
      display_name: string;
      locale: string;
      organisation_id: string | null;
      path: string | null;
      staff: boolean;
    }[];
    return new Map(rows.map((row) => [row.key, row]));
  }
}
