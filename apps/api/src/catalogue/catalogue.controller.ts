import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { CatalogueItemDto, CourseOutlineDto, LessonContentDto, Page } from '@academy/contracts';
import { AnyRole, CurrentUser } from '../identity/auth.decorators.js';
import type { AuthUser } from '../identity/auth-user.js';
import { CatalogueService } from './catalogue.service.js';
import { CatalogueQueryDto, LocaleQueryDto } from './dto/catalogue.dto.js';

const uuid = new ParseUUIDPipe();

/** Published courses open to the caller; anything outside their audience is "not found". */
@ApiTags('catalogue')
@AnyRole()
@Controller()
export class CatalogueController {
  constructor(private readonly catalogue: CatalogueService) {}

  @Get('courses')
  list(@CurrentUser() user: AuthUser, @Query() query: CatalogueQueryDto): Promise<Page<CatalogueItemDto>> {
    return this.catalogue.list(user, query);
  }

  @Get('courses/topics')
  topics(@CurrentUser() user: AuthUser) {
    return this.catalogue.topics(user);
  }

  @Get('courses/:id')
  outline(
    @CurrentUser() user: AuthUser,
    @Param('id', uuid) id: string,
    @Query() query: LocaleQueryDto,
  ): Promise<CourseOutlineDto> {
    return this.catalogue.outline(user, id, query.locale);
  }

  @Get('lessons/:id')
  lesson(
    @CurrentUser() user: AuthUser,
    @Param('id', uuid) id: string,
    @Query() query: LocaleQueryDto,
  ): Promise<LessonContentDto> {
    return this.catalogue.lesson(user, id, query.locale);
  }
}
