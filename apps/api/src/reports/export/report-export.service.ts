import { Injectable, Logger } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import type pg from 'pg';
import { DataSource } from 'typeorm';
import { AppException } from '../../common/app.exception.js';
import type { ReportTable } from '../report-table.js';
import { exportFileName } from './export-cells.js';
import {
  EXPORT_CONTENT_TYPES,
  ExportAborted,
  exportReportTable,
  type ExportFormat,
} from './report-export.js';

/**
 * Exports running at once in one process. Each holds a pooled connection for its whole length (seconds for
 * a million rows); the pool (20) must keep room for everything else.
 */
export const MAX_CONCURRENT_EXPORTS = 4;

/** Sends a report table to an HTTP response as a CSV or XLSX download, streamed. */
@Injectable()
export class ReportExportService {
  private readonly logger = new Logger('ReportExport');
  private running = 0;

  constructor(private readonly dataSource: DataSource) {}

  private get pool(): pg.Pool {
    return (this.dataSource.driver as unknown as { master: pg.Pool }).master;
  }

  /**
   * Errors before the first byte (the query fails, too many exports) reject and leave `res` to the
   * exception filter. After it, a failure cuts the connection (`res.destroy`), so the download is seen to
   * fail instead of ending as a silently short file. A client that leaves mid-download just ends it.
   */
  async send(table: ReportTable, format: ExportFormat, res: ServerResponse, now = new Date()): Promise<void> {
    if (this.running >= MAX_CONCURRENT_EXPORTS) {
      throw new AppException('RATE_LIMITED', 'Too many exports are running; try again in a moment', {
        retryAfterS: 5,
      });
    }
    this.running++;
    const started = Date.now();
    try {
      const { rows } = await exportReportTable(this.pool, table, format, res, {
        onStart: () => {
          const file = exportFileName(table.name, now, format);
          res.statusCode = 200;
          res.setHeader('Content-Type', EXPORT_CONTENT_TYPES[format]);
          res.setHeader('Content-Disposition', `attachment; filename="${file}"`);
          res.setHeader('Cache-Control', 'no-store');
        },
      });
      this.logger.log({ report: table.name, format, rows, ms: Date.now() - started }, 'Report exported');
    } catch (error) {
      if (error instanceof ExportAborted) {
        this.logger.log({ report: table.name, format, ms: Date.now() - started }, 'Report export aborted');
        return;
      }
      if (!res.headersSent) throw error;
      this.logger.error({ err: error, report: table.name, format }, 'Report export failed mid-stream');
      res.destroy(error instanceof Error ? error : undefined);
    } finally {
      this.running--;
    }
  }
}
