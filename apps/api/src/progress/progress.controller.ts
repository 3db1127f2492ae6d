import { SkipCacheBarrier } from '../common/cache-barrier.interceptor.js';
import { Body, Controller, Get, Param, ParseUUIDPipe, Put } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import type {
  CourseProgressDetailDto,
  LessonProgressDto,
  ProgressReportDto,
  ProgressReportResultDto,
} from '@academy/contracts';
import { AnyRole, CurrentUser } from '../identity/auth.decorators.js';
import type { AuthUser } from '../identity/auth-user.js';
import { ProgressReportBody } from './dto/progress-report.dto.js';
import { ProgressReportPipe } from './dto/progress-report.pipe.js';
import { ProgressService } from './progress.service.js';

const uuid = new ParseUUIDPipe();

/**
 * The caller's own progress; there is no way to name another user. Open to every signed-in role, with
 * the catalogue's visibility: whoever may open a published lesson may record watching it (learners
 * in the course's audience; authors and admins previewing any published course). Lessons and courses
 * the caller cannot see answer 404, drafts included.
 */
@ApiTags('progress')
@AnyRole()
@Controller()
export class ProgressController {
  constructor(private readonly progress: ProgressService) {}

  @SkipCacheBarrier() // hot path; progress is in no per-process cache
  @Put('lessons/:id/progress')
  @ApiBody({ type: ProgressReportBody })
  report(
    @CurrentUser() user: AuthUser,
    @Param('id', uuid) id: string,
    // Typed by the contract interface so the global pipe skips it: ProgressReportPipe answers PROGRESS_INVALID.
    @Body(ProgressReportPipe) body: ProgressReportDto,
  ): Promise<ProgressReportResultDto> {
    return this.progress.report(user, id, body);
  }

  @Get('lessons/:id/progress')
  lesson(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<LessonProgressDto> {
    return this.progress.lesson(user, id);
  }

  @Get('courses/:id/progress')
  course(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<CourseProgressDetailDto> {
    return this.progress.course(user, id);
  }
}
