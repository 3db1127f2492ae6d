import { Injectable } from '@nestjs/common';
import {
  ALLOWED_PARENT_KINDS,
  type CreateOrganisationRequest,
  type OrganisationDto,
  type UpdateOrganisationRequest,
} from '@academy/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { AppException } from '../common/app.exception.js';
import type { AuthUser } from '../identity/auth-user.js';
import { coordinatorScope, pathInScope } from '../identity/auth-user.js';

interface OrganisationRow {
  id: string;
  parent_id: string | null;
  kind: OrganisationDto['kind'];
  code: string;
  country_code: string | null;
  name: OrganisationDto['name'];
  path: string;
  member_count?: number;
}

function toDto(row: OrganisationRow): OrganisationDto {
  return {
    id: row.id,
    parentId: row.parent_id,
    kind: row.kind,
    code: row.code,
    countryCode: row.country_code,
    name: row.name,
    memberCount: row.member_count,
  };
}

@Injectable()
export class OrganisationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** All organisations for an admin; a coordinator's own subtrees otherwise. */
  async list(user: AuthUser): Promise<OrganisationDto[]> {
    const scope = coordinatorScope(user);
    const rows = (await this.dataSource.query(
      `SELECT o.*, (SELECT count(*)::int FROM users u WHERE u.organisation_id = o.id) AS member_count
         FROM organisations o
        WHERE $1::text[] IS NULL OR o.path LIKE ANY (SELECT p || '%' FROM unnest($1::text[]) AS p)
        ORDER BY o.path`,
      [scope],
    )) as OrganisationRow[];
    return rows.map(toDto);
  }

  async get(id: string, manager: EntityManager | DataSource = this.dataSource): Promise<OrganisationRow> {
    const [row] = (await manager.query(`SELECT * FROM organisations WHERE id = $1`, [
      id,
    ])) as OrganisationRow[];
    if (!row) throw new AppException('ORGANISATION_NOT_FOUND', 'No such organisation', { id });
    return row;
  }

  /** An organisation the caller may manage people in; anything else is refused without saying more. */
  async getInScope(user: AuthUser, id: string): Promise<OrganisationRow> {
    const row = await this.get(id).catch(() => null);
    if (!row || !pathInScope(row.path, coordinatorScope(user))) {
      throw new AppException('OUT_OF_SCOPE', 'This organisation is outside your scope', {
        organisationId: id,
      });
    }
    return row;
  }

  async create(user: AuthUser, body: CreateOrganisationRequest): Promise<OrganisationDto> {
    return this.dataSource.transaction(async (manager) => {
      const parent = await this.get(body.parentId, manager);
      if (!ALLOWED_PARENT_KINDS[body.kind].includes(parent.kind)) {
        throw new AppException(
          'ORGANISATION_KIND_INVALID',
          `A ${body.kind} cannot sit under a ${parent.kind}`,
          {
            kind: 'INVALID',
          },
        );
      }
      const code = body.code.toUpperCase();
      const countryCode =
        body.kind === 'administration' && /^[A-Z]{2}$/.test(code) ? code : parent.country_code;
      const [row] = (await manager
        .query(
          `INSERT INTO organisations (id, parent_id, kind, code, country_code, name, path)
           SELECT id, $1, $2, $3, $4, $5::jsonb, $6 || id || '/' FROM (SELECT gen_random_uuid() AS id) g
           RETURNING *`,
          [parent.id, body.kind, code, countryCode, JSON.stringify(trimName(body.name)), parent.path],
        )
        .catch((error: { code?: string }) => {
          if (error.code === '23505') {
            throw new AppException('ORGANISATION_CODE_TAKEN', 'This code is taken', { code: 'TAKEN' });
          }
          throw error;
        })) as OrganisationRow[];
      await this.audit.record(user.id, 'organisation.created', 'organisation', row.id, { code }, manager);
      return toDto({ ...row, member_count: 0 });
    });
  }

  async update(user: AuthUser, id: string, body: UpdateOrganisationRequest): Promise<OrganisationDto> {
    return this.dataSource.transaction(async (manager) => {
      const org = await this.get(id, manager);
      if (body.name) {
        await manager.query(`UPDATE organisations SET name = name || $2::jsonb WHERE id = $1`, [
          id,
          JSON.stringify(trimName(body.name)),
        ]);
        await this.audit.record(
          user.id,
          'organisation.renamed',
          'organisation',
          id,
          { name: body.name },
          manager,
        );
      }
      if (body.parentId && body.parentId !== org.parent_id) {
        await this.move(manager, org, body.parentId);
        await this.audit.record(
          user.id,
          'organisation.moved',
          'organisation',
          id,
          { to: body.parentId },
          manager,
        );
      }
      return toDto(await this.get(id, manager));
    });
  }

  /** Moves a subtree under a new parent: the paths of every descendant change in one statement. */
  private async move(manager: EntityManager, org: OrganisationRow, parentId: string): Promise<void> {
    // Lock the tree against concurrent moves that could otherwise build a cycle.
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('organisations.move'))`);
    const parent = await this.get(parentId, manager);
    if (org.parent_id === null || parent.path.startsWith(org.path)) {
      throw new AppException(
        'ORGANISATION_MOVE_INVALID',
        'An organisation cannot move under itself or its own units',
        {
          parentId: 'INVALID',
        },
      );
    }
    if (!ALLOWED_PARENT_KINDS[org.kind].includes(parent.kind)) {
      throw new AppException('ORGANISATION_KIND_INVALID', `A ${org.kind} cannot sit under a ${parent.kind}`, {
        parentId: 'INVALID',
      });
    }
    const newPath = `${parent.path}${org.id}/`;
    await manager.query(`UPDATE organisations SET parent_id = $2 WHERE id = $1`, [org.id, parent.id]);
    await manager.query(
      `UPDATE organisations
          SET path = $2 || substr(path, length($1) + 1),
              country_code = CASE WHEN kind = 'administration' THEN country_code ELSE $3 END
        WHERE path LIKE $1 || '%'`,
      [org.path, newPath, parent.country_code],
    );
  }
}

function trimName(name: { en?: string; ru?: string }): { en?: string; ru?: string } {
  const result: { en?: string; ru?: string } = {};
  if (name.en !== undefined) result.en = name.en.trim();
  if (name.ru !== undefined) result.ru = name.ru.trim();
  return result;
}
