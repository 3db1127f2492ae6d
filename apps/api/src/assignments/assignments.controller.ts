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
import type {
  AssignableCourseDto,
  AssigneeDto,
  AssignResultDto,
  DueDateResultDto,
  Page,
  WithdrawResultDto,
} from '@academy/contracts';
import { AppException } from '../common/app.exception.js';
import { CurrentUser, Roles } from '../identity/auth.decorators.js';
import type { AuthUser } from '../identity/auth-user.js';
import { AssignmentsService } from './assignments.service.js';
import {
  AssignCsvFieldsDto,
  AssignDto,
  AssigneeQueryDto,
  DueDateDto,
  WithdrawDto,
} from './dto/assignments.dto.js';

/** 10,000 e-mail addresses (plus the other columns of an officers file) stay well under this. */
const MAX_CSV_BYTES = 4 * 1024 * 1024;

/**
 * Coordinators assign published courses to the officers of their own subtrees (by name, unit or CSV),
 * change due dates and withdraw; admins may do the same anywhere in the region.
 */
@ApiTags('assignments')
@Roles('coordinator', 'admin')
@Controller('assignments')
export class AssignmentsController {
  constructor(private readonly assignments: AssignmentsService) {}

  @Get('courses')
  courses(@CurrentUser() actor: AuthUser): Promise<AssignableCourseDto[]> {
    return this.assignments.courses(actor);
  }

  @Get('courses/:courseId/assignees')
  assignees(
    @CurrentUser() actor: AuthUser,
    @Param('courseId', new ParseUUIDPipe()) courseId: string,
    @Query() query: AssigneeQueryDto,
  ): Promise<Page<AssigneeDto>> {
    return this.assignments.assignees(actor, courseId, query);
  }

  @Post()
  @HttpCode(200)
  assign(@CurrentUser() actor: AuthUser, @Body() body: AssignDto): Promise<AssignResultDto> {
    return this.assignments.assign(actor, body);
  }

  @Post('csv')
  @HttpCode(200)
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      properties: {
        file: { type: 'string', format: 'binary' },
        courseId: { type: 'string', format: 'uuid' },
        dueAt: { type: 'string', format: 'date-time' },
      },
    },
  })
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_CSV_BYTES, files: 1 } }))
  assignCsv(
    @CurrentUser() actor: AuthUser,
    @UploadedFile() file: Express.Multer.File | undefined,
    @Body() fields: AssignCsvFieldsDto,
  ): Promise<AssignResultDto> {
    if (!file)
      throw new AppException('VALIDATION_FAILED', 'Attach the CSV file as "file"', { file: 'REQUIRED' });
    return this.assignments.assignCsv(actor, file.buffer, fields);
  }

  @Post('due-date')
  @HttpCode(200)
  changeDueDate(@CurrentUser() actor: AuthUser, @Body() body: DueDateDto): Promise<DueDateResultDto> {
    return this.assignments.changeDueDate(actor, body);
  }

  @Post('withdraw')
  @HttpCode(200)
  withdraw(@CurrentUser() actor: AuthUser, @Body() body: WithdrawDto): Promise<WithdrawResultDto> {
    return this.assignments.withdraw(actor, body);
  }
}
