import type { MeResponse, UserDto } from '@academy/contracts';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../identity/auth-user.js';

interface UserRow {
  id: string;
  email: string;
  display_name: string;
  locale: UserDto['locale'];
  organisation_id: string | null;
  organisation_code: string | null;
  status: UserDto['status'];
  has_password: boolean;
  created_at: Date;
  grants: {
    id: string;
    role: UserDto['grants'][number]['role'];
    organisation_id: string | null;
    code: string | null;
  }[];
}

/** The columns of a UserDto; `u` is the users table. */
export const USER_COLUMNS = `
  u.id, u.email, u.display_name, u.locale, u.organisation_id, uo.code AS organisation_code, u.status,
  (u.password_hash IS NOT NULL) AS has_password, u.created_at,
  COALESCE((SELECT json_agg(json_build_object('id', g.id, 'role', g.role, 'organisation_id', g.organisation_id,
                                              'code', go.code) ORDER BY g.created_at)
              FROM role_grants g LEFT JOIN organisations go ON go.id = g.organisation_id
             WHERE g.user_id = u.id), '[]') AS grants`;

export function toUserDto(row: UserRow): UserDto {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    locale: row.locale,
    organisationId: row.organisation_id,
    organisationCode: row.organisation_code,
    status: row.status,
    hasPassword: row.has_password,
    createdAt: new Date(row.created_at).toISOString(),
    grants: row.grants.map((g) => ({
      id: g.id,
      role: g.role,
      organisationId: g.organisation_id,
      organisationCode: g.code,
    })),
  };
}

export async function findUserDto(db: DataSource | EntityManager, id: string): Promise<UserDto | null> {
  const [row] = (await db.query(
    `SELECT ${USER_COLUMNS} FROM users u LEFT JOIN organisations uo ON uo.id = u.organisation_id WHERE u.id = $1`,
    [id],
  )) as UserRow[];
  return row ? toUserDto(row) : null;
}

export async function listUserDtos(
  db: DataSource | EntityManager,
  where: string,
  params: unknown[],
  page: number,
  pageSize: number,
): Promise<{ items: UserDto[]; total: number }> {
  const from = `FROM users u LEFT JOIN organisations uo ON uo.id = u.organisation_id WHERE ${where}`;
  const [{ total }] = (await db.query(`SELECT count(*)::int AS total ${from}`, params)) as {
    total: number;
  }[];
  const rows = (await db.query(
    `SELECT ${USER_COLUMNS} ${from} ORDER BY u.display_name, u.id
      LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, pageSize, (page - 1) * pageSize],
  )) as UserRow[];
  return { items: rows.map(toUserDto), total };
}

export function toMe(user: AuthUser, status: MeResponse['status'] = 'active'): MeResponse {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    locale: user.locale,
    organisationId: user.organisationId,
    status,
    roles: [...new Set(user.grants.map((grant) => grant.role))],
    scopes: user.grants.map((grant) => ({
      role: grant.role,
      organisationId: grant.organisationId,
      organisationCode: grant.organisationCode,
    })),
  };
}
