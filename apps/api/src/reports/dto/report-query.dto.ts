import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  ENROLMENT_SOURCES,
  LOCALES,
  REGION_INTERVALS,
  REPORT_DEFAULT_PAGE_SIZE,
  REPORT_MAX_PAGE_SIZE,
  REPORT_STATUSES,
  type EnrolmentSource,
  type Locale,
  type RegionInterval,
  type ReportStatus,
} from '@academy/contracts';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Filters every report accepts (libs/contracts/src/reports.ts). The exporter extends this with `format`. */
export class ReportQueryDto {
  @ApiPropertyOptional({
    enum: LOCALES,
    description: "Course titles and names; default: the caller's language",
  })
  @IsOptional()
  @IsIn(LOCALES)
  locale?: Locale;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  courseId?: string;

  @ApiPropertyOptional({ description: 'Any organisation in scope: its whole subtree' })
  @IsOptional()
  @IsUUID()
  unitId?: string;

  @ApiPropertyOptional({
    description: 'YYYY-MM-DD, inclusive (enrolment date; completion date for time series)',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(DAY)
  from?: string;

  @ApiPropertyOptional({ description: 'YYYY-MM-DD, inclusive' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(DAY)
  to?: string;

  @ApiPropertyOptional({ enum: REPORT_STATUSES })
  @IsOptional()
  @IsIn(REPORT_STATUSES)
  status?: ReportStatus;

  @ApiPropertyOptional({ enum: ENROLMENT_SOURCES })
  @IsOptional()
  @IsIn(ENROLMENT_SOURCES)
  source?: EnrolmentSource;

  /** People lists and region courses: `key` or `-key`. */
  @ApiPropertyOptional({ description: 'Sort key, `-` prefix for descending' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  sort?: string;

  @ApiPropertyOptional({ description: 'Part of a name or e-mail (people lists)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ description: 'learner-* exports: whose' })
  @IsOptional()
  @IsUUID()
  userId?: string;

  @ApiPropertyOptional({ enum: REGION_INTERVALS })
  @IsOptional()
  @IsIn(REGION_INTERVALS)
  interval?: RegionInterval;
}

/** ReportQueryDto plus paging, for the JSON lists. */
export class ReportPageQueryDto extends ReportQueryDto {
  @ApiPropertyOptional({ default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  page = 1;

  @ApiPropertyOptional({ default: REPORT_DEFAULT_PAGE_SIZE, maximum: REPORT_MAX_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(REPORT_MAX_PAGE_SIZE)
  pageSize = REPORT_DEFAULT_PAGE_SIZE;
}
