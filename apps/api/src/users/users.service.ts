import { Injectable } from '@nestjs/common';
import type { CreatedUserResponse, Page, Role, UserDto } from '@academy/contracts';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { AppException } from '../common/app.exception.js';
import type { AuthUser } from '../identity/auth-user.js';
import { PasswordLinksService } from '../identity/password-links.service.js';
import { SessionsService } from '../identity/sessions.service.js';
import { OrganisationsService } from '../organisations/organisations.service.js';
import type { CreatePersonDto, GrantRoleDto, UserQueryDto } from './dto/users.dto.js';
import { findUserDto, listUserDtos } from './user-views.js';

/** Escapes LIKE wildcards in user input. */
export function likePattern(q: string): string {
  return `%${q.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

@Injectable()
export class UsersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly organisations: OrganisationsService,
    private readonly passwordLinks: PasswordLinksService,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
  ) {}

  /**
   * Lists people; `scope` limits to organisation subtrees (materialised path prefixes), null for all.
   */
  async search(query: UserQueryDto, scope: string[] | null): Promise<Page<UserDto>> {
    const conditions: string[] = [];
    const params: unknown[] = [];
    const add = (sql: (n: number) => string, value: unknown) => {
      params.push(value);
      conditions.push(sql(params.length));
    };
    if (scope !== null) {
      add((n) => `uo.path LIKE ANY (SELECT p || '%' FROM unnest($${n}::text[]) AS p)`, scope);
    }
    if (query.q?.trim()) {
      add((n) => `(u.display_name ILIKE $${n} OR u.email::text ILIKE $${n})`, likePattern(query.q));
    }
    if (query.organisationId) {
      add(
        (n) => `uo.path LIKE (SELECT path FROM organisations WHERE id = $${n}) || '%'`,
        query.organisationId,
      );
    }
    if (query.status) add((n) => `u.status = $${n}`, query.status);
    if (query.role) {
      add(
        (n) => `EXISTS (SELECT 1 FROM role_grants g WHERE g.user_id = u.id AND g.role = $${n})`,
        query.role,
      );
    }
    const where = conditions.length ? conditions.join(' AND ') : 'TRUE';
    const { items, total } = await listUserDtos(this.dataSource, where, params, query.page, query.pageSize);
    return { items, total, page: query.page, pageSize: query.pageSize };
  }

  async get(id: string): Promise<UserDto> {
    const user = await findUserDto(this.dataSource, id);
    if (!user) throw new AppException('USER_NOT_FOUND', 'No such user', { id });
    return user;
  }

  /** Creates an account with the given region-wide roles and returns its one-time password link. */
  async create(actor: AuthUser, body: CreatePersonDto, roles: Role[]): Promise<CreatedUserResponse> {
    const organisation = await this.organisations.getInScope(actor, body.organisationId);
    const result = await this.dataSource.transaction(async (manager) => {
      const [created] = (await manager
        .query(
          `INSERT INTO users (email, display_name, locale, organisation_id) VALUES ($1, $2, $3, $4) RETURNING id`,
          [body.email.trim(), body.displayName.trim(), body.locale, organisation.id],
        )
        .catch((error: { code?: string }) => {
          if (error.code === '23505') {
            throw new AppException('EMAIL_TAKEN', 'An account with this e-mail exists', {
              email: 'EMAIL_TAKEN',
            });
          }
          throw error;
        })) as { id: string }[];
      await manager.query(
        `INSERT INTO role_grants (user_id, role, granted_by) SELECT $1, r, $3 FROM unnest($2::text[]) AS r`,
        [created.id, roles.length ? roles : ['learner'], actor.id],
      );
      const [link] = await this.passwordLinks.issue([created.id], 'invite', actor.id, manager);
      await this.audit.record(actor.id, 'user.created', 'user', created.id, { roles }, manager);
      return { id: created.id, link };
    });
    return {
      user: await this.get(result.id),
      passwordLink: result.link.link,
      passwordLinkExpiresAt: result.link.expiresAt.toISOString(),
    };
  }

  async setStatus(actor: AuthUser, id: string, status: 'active' | 'disabled'): Promise<UserDto> {
    if (id === actor.id) throw new AppException('CANNOT_CHANGE_SELF', 'You cannot disable yourself');
    await this.dataSource.transaction(async (manager) => {
      const [, count] = (await manager.query(
        `UPDATE users SET status = $2, updated_at = now() WHERE id = $1`,
        [id, status],
      )) as [unknown, number];
      if (count === 0) throw new AppException('USER_NOT_FOUND', 'No such user', { id });
      if (status === 'disabled') await this.sessions.revokeAllForUser(id, 'user_disabled', null, manager);
      await this.audit.record(
        actor.id,
        `user.${status === 'active' ? 'enabled' : 'disabled'}`,
        'user',
        id,
        {},
        manager,
      );
    });
    return this.get(id);
  }

  async grant(actor: AuthUser, id: string, body: GrantRoleDto): Promise<UserDto> {
    await this.get(id);
    if (body.role === 'coordinator' && !body.organisationId) {
      throw new AppException('ROLE_SCOPE_REQUIRED', 'A coordinator role needs an organisation', {
        organisationId: 'REQUIRED',
      });
    }
    const organisationId = body.role === 'coordinator' ? body.organisationId! : null;
    if (organisationId) await this.organisations.get(organisationId);
    await this.dataSource.query(
      `INSERT INTO role_grants (user_id, role, organisation_id, granted_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING`,
      [id, body.role, organisationId, actor.id],
    );
    await this.audit.record(actor.id, 'role.granted', 'user', id, { role: body.role, organisationId });
    return this.get(id);
  }

  async revoke(actor: AuthUser, id: string, grantId: string): Promise<UserDto> {
    const [grant] = (await this.dataSource.query(
      `SELECT role FROM role_grants WHERE id = $1 AND user_id = $2`,
      [grantId, id],
    )) as { role: Role }[];
    if (!grant) throw new AppException('ROLE_GRANT_NOT_FOUND', 'No such role grant', { grantId });
    if (id === actor.id && grant.role === 'admin') {
      throw new AppException('CANNOT_CHANGE_SELF', 'You cannot take away your own admin role');
    }
    await this.dataSource.query(`DELETE FROM role_grants WHERE id = $1`, [grantId]);
    await this.audit.record(actor.id, 'role.revoked', 'user', id, { role: grant.role, grantId });
    return this.get(id);
  }

  async newPasswordLink(actor: AuthUser, id: string): Promise<{ passwordLink: string; expiresAt: string }> {
    const user = await this.get(id);
    const [link] = await this.passwordLinks.issue([id], user.hasPassword ? 'reset' : 'invite', actor.id);
    await this.audit.record(actor.id, 'user.password_link', 'user', id);
    return { passwordLink: link.link, expiresAt: link.expiresAt.toISOString() };
  }
}
