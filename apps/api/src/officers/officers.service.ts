import { Injectable } from '@nestjs/common';
import type { UserDto } from '@academy/contracts';
import { DataSource } from 'typeorm';
import { AppException } from '../common/app.exception.js';
import type { AuthUser } from '../identity/auth-user.js';
import { coordinatorScope, pathInScope } from '../identity/auth-user.js';
import { findUserDto } from '../users/user-views.js';

@Injectable()
export class OfficersService {
  constructor(private readonly dataSource: DataSource) {}

  /** An officer of the caller's subtree. Someone outside it is "not found", so nothing leaks. */
  async get(actor: AuthUser, id: string): Promise<UserDto> {
    const [row] = (await this.dataSource.query(
      `SELECT o.path FROM users u JOIN organisations o ON o.id = u.organisation_id WHERE u.id = $1`,
      [id],
    )) as { path: string }[];
    const user =
      row && pathInScope(row.path, coordinatorScope(actor)) ? await findUserDto(this.dataSource, id) : null;
    if (!user) throw new AppException('USER_NOT_FOUND', 'No such officer in your organisations', { id });
    return user;
  }
}
