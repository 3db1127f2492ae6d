import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { CreatedUserResponse, ImportReport, Page, UserDto } from '@academy/contracts';
import { AppException } from '../common/app.exception.js';
import { CurrentUser, Roles } from '../identity/auth.decorators.js';
import type { AuthUser } from '../identity/auth-user.js';
import { coordinatorScope } from '../identity/auth-user.js';
import { CreatePersonDto, PageQueryDto } from '../users/dto/users.dto.js';
import { UsersService } from '../users/users.service.js';
import { OfficersImportService } from './officers-import.service.js';
import { OfficersService } from './officers.service.js';

/** 10,000 rows of e-mail, name, locale and unit code stay well under this. */
const MAX_CSV_BYTES = 4 * 1024 * 1024;

/** Coordinators manage the officers of their own subtree; admins may act anywhere. */
@ApiTags('officers')
@Roles('coordinator', 'admin')
@Controller('officers')
export class OfficersController {
  constructor(
    private readonly users: UsersService,
    private readonly officers: OfficersService,
    private readonly importer: OfficersImportService,
  ) {}

  @Get()
  list(@CurrentUser() actor: AuthUser, @Query() query: PageQueryDto): Promise<Page<UserDto>> {
    return this.users.search({ ...query, role: 'learner' }, coordinatorScope(actor));
  }

  @Post()
  create(@CurrentUser() actor: AuthUser, @Body() body: CreatePersonDto): Promise<CreatedUserResponse> {
    return this.users.create(actor, body, ['learner']);
  }

  @Post('import')
  @HttpCode(200)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } })
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_CSV_BYTES, files: 1 } }))
  import(
    @CurrentUser() actor: AuthUser,
    @UploadedFile() file: Express.Multer.File | undefined,
  ): Promise<ImportReport> {
    if (!file)
      throw new AppException('VALIDATION_FAILED', 'Attach the CSV file as "file"', { file: 'REQUIRED' });
    return this.importer.import(actor, file.buffer);
  }

  @Get(':id')
  get(@CurrentUser() actor: AuthUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<UserDto> {
    return this.officers.get(actor, id);
  }

  @Post(':id/password-link')
  @HttpCode(200)
  async passwordLink(
    @CurrentUser() actor: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<{ passwordLink: string; expiresAt: string }> {
    await this.officers.getForPasswordLink(actor, id);
    return this.users.newPasswordLink(actor, id);
  }
}
