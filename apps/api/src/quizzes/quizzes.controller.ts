import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { QuizAttemptDto, QuizAttemptsDto, QuizSubmitResultDto } from '@academy/contracts';
import { LocaleQueryDto } from '../catalogue/dto/catalogue.dto.js';
import { AnyRole, CurrentUser } from '../identity/auth.decorators.js';
import type { AuthUser } from '../identity/auth-user.js';
import { SubmitAttemptDto } from './dto/submit-attempt.dto.js';
import { QuizzesService } from './quizzes.service.js';

const uuid = new ParseUUIDPipe();

/**
 * The caller's own quiz attempts. Open to every signed-in role with the catalogue's visibility, like
 * progress: quizzes of lessons the caller cannot see, and other people's attempts, answer 404.
 * `?locale=` picks the language of question texts (then the user's, then the course's base language).
 */
@ApiTags('quizzes')
@AnyRole()
@Controller()
export class QuizzesController {
  constructor(private readonly quizzes: QuizzesService) {}

  @Get('lessons/:id/attempts')
  list(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<QuizAttemptsDto> {
    return this.quizzes.list(user, id);
  }

  /** Starts an attempt, or resumes the one still open (201 either way). */
  @Post('lessons/:id/attempts')
  start(
    @CurrentUser() user: AuthUser,
    @Param('id', uuid) id: string,
    @Query() query: LocaleQueryDto,
  ): Promise<QuizAttemptDto> {
    return this.quizzes.start(user, id, query.locale);
  }

  @Get('attempts/:id')
  get(
    @CurrentUser() user: AuthUser,
    @Param('id', uuid) id: string,
    @Query() query: LocaleQueryDto,
  ): Promise<QuizAttemptDto> {
    return this.quizzes.get(user, id, query.locale);
  }

  @Post('attempts/:id/submit')
  @HttpCode(200)
  submit(
    @CurrentUser() user: AuthUser,
    @Param('id', uuid) id: string,
    @Body() body: SubmitAttemptDto,
    @Query() query: LocaleQueryDto,
  ): Promise<QuizSubmitResultDto> {
    return this.quizzes.submit(user, id, body.answers, query.locale);
  }
}
