import { Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { EnrolmentDto, LessonCompletionResultDto, MyLearningDto } from '@academy/contracts';
import type { Response } from 'express';
import { LocaleQueryDto } from '../catalogue/dto/catalogue.dto.js';
import { AnyRole, CurrentUser } from '../identity/auth.decorators.js';
import type { AuthUser } from '../identity/auth-user.js';
import { LearningService } from './learning.service.js';

const uuid = new ParseUUIDPipe();

/**
 * The caller's own learning: there is no way to name another user. Open to every signed-in role with the
 * catalogue's visibility (a course the caller cannot see answers 404, as the catalogue does).
 */
@ApiTags('learning')
@AnyRole()
@Controller()
export class LearningController {
  constructor(private readonly learning: LearningService) {}

  @Get('me/learning')
  myLearning(@CurrentUser() user: AuthUser, @Query() query: LocaleQueryDto): Promise<MyLearningDto> {
    return this.learning.myLearning(user, query.locale);
  }

  @Post('courses/:id/enrolment')
  @HttpCode(200)
  enrol(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<EnrolmentDto> {
    return this.learning.enrol(user, id);
  }

  @Delete('courses/:id/enrolment')
  @HttpCode(204)
  async leave(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<void> {
    await this.learning.leave(user, id);
  }

  @Get('courses/:id/enrolment')
  @ApiOkResponse({ description: 'The enrolment, or JSON null when the caller is not enrolled' })
  async enrolment(
    @CurrentUser() user: AuthUser,
    @Param('id', uuid) id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<EnrolmentDto | string> {
    const enrolment = await this.learning.enrolment(user, id);
    if (enrolment) return enrolment;
    // Nest answers a null result with an empty body; the contract is a JSON null.
    res.type('application/json');
    return 'null';
  }

  @Post('lessons/:id/completion')
  @HttpCode(200)
  complete(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<LessonCompletionResultDto> {
    return this.learning.complete(user, id);
  }
}
