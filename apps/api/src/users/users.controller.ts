import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { CreatedUserResponse, Page, UserDto } from '@academy/contracts';
import { CurrentUser, Roles } from '../identity/auth.decorators.js';
import type { AuthUser } from '../identity/auth-user.js';
import { CreateUserDto, GrantRoleDto, UserQueryDto } from './dto/users.dto.js';
import { UsersService } from './users.service.js';

/** Administration of every account in the region. */
@ApiTags('users')
@Roles('admin')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  search(@Query() query: UserQueryDto): Promise<Page<UserDto>> {
    return this.users.search(query, null);
  }

  @Post()
  create(@CurrentUser() actor: AuthUser, @Body() body: CreateUserDto): Promise<CreatedUserResponse> {
    const { roles, ...person } = body;
    return this.users.create(actor, person, roles ?? ['learner']);
  }

  @Get(':id')
  get(@Param('id', new ParseUUIDPipe()) id: string): Promise<UserDto> {
    return this.users.get(id);
  }

  @Post(':id/disable')
  @HttpCode(200)
  disable(@CurrentUser() actor: AuthUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<UserDto> {
    return this.users.setStatus(actor, id, 'disabled');
  }

  @Post(':id/enable')
  @HttpCode(200)
  enable(@CurrentUser() actor: AuthUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<UserDto> {
    return this.users.setStatus(actor, id, 'active');
  }

  @Post(':id/grants')
  @HttpCode(200)
  grant(
    @CurrentUser() actor: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: GrantRoleDto,
  ): Promise<UserDto> {
    return this.users.grant(actor, id, body);
  }

  @Delete(':id/grants/:grantId')
  revoke(
    @CurrentUser() actor: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('grantId', new ParseUUIDPipe()) grantId: string,
  ): Promise<UserDto> {
    return this.users.revoke(actor, id, grantId);
  }

  @Post(':id/password-link')
  @HttpCode(200)
  passwordLink(
    @CurrentUser() actor: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<{ passwordLink: string; expiresAt: string }> {
    return this.users.newPasswordLink(actor, id);
  }
}
