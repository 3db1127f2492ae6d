import { Injectable } from '@nestjs/common';
import type { UserDto } from '@academy/contracts';
import { DataSource } from 'typeorm';
import { AppException } from '../common/app.exception.js';
import type { AuthUser } from '../identity/auth-user.js';
import { coordinatorScope, hasRole, pathInScope } from '../identity/auth-user.js';
import { findUserDto } from '../users/user-views.js';

@Injectable()
export class OfficersService {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * An officer (a learner) of the caller's subtree, as listed by GET /officers. Someone outside it is
   * "not found", so nothing leaks.
   */
  async get(actor: AuthUser, id: string): Promise<UserDto> {
    const [row] = (await this.dataSource.query(
      `SELECT o.path FROM users u JOIN organisations o ON o.id = u.organisation_id WHERE u.id = $1`,
      [id],
    )) as { path: string }[];
    const user =
      row && pathInScope(row.path, coordinatorScope(actor)) ? await findUserDto(this.dataSource, id) : null;
    if (!user || !user.grants.some((grant) => grant.role === 'learner')) {
      throw new AppException('USER_NOT_FOUND', 'No such officer in your organisations', { id });
    }
    return user;
  }

  /**
   * An officer the caller may issue a password link for. A link lets whoever holds it take over the
   * account, so only an admin may issue one for a coordinator, author or admin.
   */
  async getForPasswordLink(actor: AuthUser, id: string): Promise<UserDto> {
    const user = await this.get(actor, id);
    if (!hasRole(actor, 'admin') && user.grants.some((grant) => grant.role !== 'learner')) {
      throw new AppException('FORBIDDEN', 'Only an admin can issue a password link for this account');
    }
    return user;
  }
}
