import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Put,
} from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { CourseDraftDto, PublishResult } from '@academy/contracts';
import { CurrentUser, Roles } from '../identity/auth.decorators.js';
import type { AuthUser } from '../identity/auth-user.js';
import { AuthoringService } from './authoring.service.js';
import {
  CreateCourseDto,
  CreateLessonDto,
  ModuleDto,
  OrderDto,
  UpdateCourseDto,
  UpdateLessonDto,
} from './dto/studio.dto.js';
import { PublishingService } from './publishing.service.js';

const uuid = new ParseUUIDPipe();

/** The authoring studio: office staff build and publish courses. */
@ApiTags('studio')
@Roles('author', 'admin')
@Controller('studio')
export class StudioController {
  constructor(
    private readonly authoring: AuthoringService,
    private readonly publishing: PublishingService,
  ) {}

  @Get('courses')
  list() {
    return this.authoring.list();
  }

  @Post('courses')
  create(@CurrentUser() user: AuthUser, @Body() body: CreateCourseDto): Promise<CourseDraftDto> {
    return this.authoring.create(user, body);
  }

  @Get('courses/:id')
  get(@Param('id', uuid) id: string): Promise<CourseDraftDto> {
    return this.authoring.get(id);
  }

  @Patch('courses/:id')
  update(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body() body: UpdateCourseDto) {
    return this.authoring.update(user, id, body);
  }

  @Post('courses/:id/modules')
  addModule(@Param('id', uuid) id: string, @Body() body: ModuleDto) {
    return this.authoring.addModule(id, body);
  }

  @Put('courses/:id/module-order')
  orderModules(@Param('id', uuid) id: string, @Body() body: OrderDto) {
    return this.authoring.orderModules(id, body.ids);
  }

  @Post('courses/:id/publish')
  @HttpCode(200)
  publish(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<PublishResult> {
    return this.publishing.publish(user, id);
  }

  @Post('courses/:id/archive')
  @HttpCode(200)
  archive(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string) {
    return this.publishing.archive(user, id, true);
  }

  @Post('courses/:id/unarchive')
  @HttpCode(200)
  unarchive(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string) {
    return this.publishing.archive(user, id, false);
  }

  @Patch('modules/:id')
  renameModule(@Param('id', uuid) id: string, @Body() body: ModuleDto) {
    return this.authoring.renameModule(id, body);
  }

  @Delete('modules/:id')
  deleteModule(@Param('id', uuid) id: string) {
    return this.authoring.deleteModule(id);
  }

  @Post('modules/:id/lessons')
  addLesson(@Param('id', uuid) id: string, @Body() body: CreateLessonDto) {
    return this.authoring.addLesson(id, body);
  }

  @Put('modules/:id/lesson-order')
  orderLessons(@Param('id', uuid) id: string, @Body() body: OrderDto) {
    return this.authoring.orderLessons(id, body.ids);
  }

  @Patch('lessons/:id')
  updateLesson(@Param('id', uuid) id: string, @Body() body: UpdateLessonDto) {
    return this.authoring.updateLesson(id, body);
  }

  @Delete('lessons/:id')
  deleteLesson(@Param('id', uuid) id: string) {
    return this.authoring.deleteLesson(id);
  }
}
