import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { OrganisationDto } from '@academy/contracts';
import { CurrentUser, Roles } from '../identity/auth.decorators.js';
import type { AuthUser } from '../identity/auth-user.js';
import { CreateOrganisationDto, UpdateOrganisationDto } from './dto/organisation.dto.js';
import { OrganisationsService } from './organisations.service.js';

@ApiTags('organisations')
@Controller('organisations')
export class OrganisationsController {
  constructor(private readonly organisations: OrganisationsService) {}

  /** Admins see the whole tree; coordinators their own subtrees. */
  @Roles('admin', 'coordinator')
  @Get()
  list(@CurrentUser() user: AuthUser): Promise<OrganisationDto[]> {
    return this.organisations.list(user);
  }

  @Roles('admin')
  @Post()
  create(@CurrentUser() user: AuthUser, @Body() body: CreateOrganisationDto): Promise<OrganisationDto> {
    return this.organisations.create(user, body);
  }

  @Roles('admin')
  @Patch(':id')
  update(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: UpdateOrganisationDto,
  ): Promise<OrganisationDto> {
    return this.organisations.update(user, id, body);
  }
}
