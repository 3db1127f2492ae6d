import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiProduces, ApiProperty, ApiTags } from '@nestjs/swagger';
import { EXPORT_FORMATS, REPORT_KINDS, type ExportFormat, type ReportKind } from '@academy/contracts';
import { IsIn } from 'class-validator';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { AppException } from '../../common/app.exception.js';
import { Clock } from '../../common/clock.js';
import { CurrentUser, Roles } from '../../identity/auth.decorators.js';
import type { AuthUser } from '../../identity/auth-user.js';
import { ReportQueryDto } from '../dto/report-query.dto.js';
import { buildReportTable } from '../report-tables.js';
import { EXPORT_CONTENT_TYPES } from './report-export.js';
import { ReportExportService } from './report-export.service.js';

/** The filters of the report itself plus the file format (no paging: an export is the whole table). */
export class ExportQueryDto extends ReportQueryDto {
  @ApiProperty({ enum: EXPORT_FORMATS })
  @IsIn(EXPORT_FORMATS)
  format: ExportFormat;
}

const isReportKind = (kind: string): kind is ReportKind => (REPORT_KINDS as readonly string[]).includes(kind);

/**
 * CSV and XLSX downloads of every report table. Roles, scope and filter checks are the report's own
 * (buildReportTable): an author asking for a people list gets 403 here as on the JSON route.
 */
@ApiTags('reports')
@Roles('coordinator', 'author', 'admin')
@Controller('reports')
export class ReportExportController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly exporter: ReportExportService,
    private readonly clock: Clock,
  ) {}

  @Get(':kind/export')
  @ApiOperation({
    summary: 'Download a report table as CSV (UTF-8 with BOM) or XLSX, streamed',
    description:
      'Headers and course titles in `locale` (default: your language); dates ISO 8601 (UTC). Same filters, ' +
      'roles and scope as the report; errors before the first byte are JSON, later failures cut the download.',
  })
  @ApiParam({ name: 'kind', enum: REPORT_KINDS })
  @ApiProduces(EXPORT_CONTENT_TYPES.csv, EXPORT_CONTENT_TYPES.xlsx)
  async export(
    @CurrentUser() user: AuthUser,
    @Param('kind') kind: string,
    @Query() query: ExportQueryDto,
    @Res() res: Response,
  ): Promise<void> {
    if (!isReportKind(kind)) throw new AppException('ROUTE_NOT_FOUND', `There is no report "${kind}"`);
    const { format, locale, ...filters } = query;
    const now = this.clock.now();
    const table = await buildReportTable(
      { db: this.dataSource, now },
      kind,
      user,
      filters,
      locale ?? user.locale,
    );
    await this.exporter.send(table, format, res, now);
  }
}
