import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type {
  CourseReportDto,
  LearnerReportDto,
  Page,
  PersonRowDto,
  RegionCompletionsDto,
  RegionCourseRowDto,
  RegionLanguagesDto,
  RegionReportDto,
  ReportFiltersDto,
  UnitReportDto,
  WeeklyCompletionsDto,
} from '@academy/contracts';
import { CurrentUser, Roles } from '../identity/auth.decorators.js';
import type { AuthUser } from '../identity/auth-user.js';
import { ReportPageQueryDto, ReportQueryDto } from './dto/report-query.dto.js';
import { ReportsService } from './reports.service.js';

/**
 * Coordinator dashboard, people behind the numbers, learner drill-downs and the regional office dashboard.
 * Who sees what: docs/adr/0008-report-scope.md (roles here, scope and author limits in report-scope.ts).
 */
@ApiTags('reports')
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('filters')
  @Roles('coordinator', 'author', 'admin')
  filters(@CurrentUser() user: AuthUser, @Query() query: ReportQueryDto): Promise<ReportFiltersDto> {
    return this.reports.filters(user, query.locale);
  }

  @Get('courses')
  @Roles('coordinator', 'author', 'admin')
  courses(@CurrentUser() user: AuthUser, @Query() query: ReportQueryDto): Promise<CourseReportDto> {
    return this.reports.courses(user, query);
  }

  @Get('units')
  @Roles('coordinator', 'author', 'admin')
  units(@CurrentUser() user: AuthUser, @Query() query: ReportQueryDto): Promise<UnitReportDto> {
    return this.reports.units(user, query);
  }

  @Get('completions-weekly')
  @Roles('coordinator', 'author', 'admin')
  weekly(@CurrentUser() user: AuthUser, @Query() query: ReportQueryDto): Promise<WeeklyCompletionsDto> {
    return this.reports.weekly(user, query);
  }

  @Get('people')
  @Roles('coordinator', 'admin')
  people(@CurrentUser() user: AuthUser, @Query() query: ReportPageQueryDto): Promise<Page<PersonRowDto>> {
    return this.reports.people(user, 'people', query);
  }

  @Get('overdue')
  @Roles('coordinator', 'admin')
  overdue(@CurrentUser() user: AuthUser, @Query() query: ReportPageQueryDto): Promise<Page<PersonRowDto>> {
    return this.reports.people(user, 'overdue', query);
  }

  @Get('learners/:userId')
  @Roles('coordinator', 'admin')
  learner(
    @CurrentUser() user: AuthUser,
    @Param('userId', new ParseUUIDPipe()) userId: string,
    @Query() query: ReportQueryDto,
  ): Promise<LearnerReportDto> {
    return this.reports.learner(user, userId, query);
  }

  @Get('region')
  @Roles('author', 'admin')
  region(@CurrentUser() user: AuthUser, @Query() query: ReportQueryDto): Promise<RegionReportDto> {
    return this.reports.region(user, query);
  }

  @Get('region/completions')
  @Roles('author', 'admin')
  regionCompletions(
    @CurrentUser() user: AuthUser,
    @Query() query: ReportQueryDto,
  ): Promise<RegionCompletionsDto> {
    return this.reports.regionCompletions(user, query);
  }

  @Get('region/courses')
  @Roles('author', 'admin')
  regionCourses(
    @CurrentUser() user: AuthUser,
    @Query() query: ReportPageQueryDto,
  ): Promise<Page<RegionCourseRowDto>> {
    return this.reports.regionCourses(user, query);
  }

  @Get('region/languages')
  @Roles('author', 'admin')
  regionLanguages(
    @CurrentUser() user: AuthUser,
    @Query() query: ReportQueryDto,
  ): Promise<RegionLanguagesDto> {
    return this.reports.regionLanguages(user, query);
  }
}
