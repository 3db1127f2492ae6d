import { Injectable, type PipeTransform } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { AppException } from '../../common/app.exception.js';
import { toFieldErrors } from '../../common/validation.pipe.js';
import { firstBadRange, ProgressReportBody } from './progress-report.dto.js';

/**
 * Validates a progress report like the global ValidationPipe (same rules: unknown fields refused, field
 * codes in `details`) but answers PROGRESS_INVALID, so the player can tell a refused report (drop it)
 * from other errors (keep it queued). The route declares its body as the contract interface, which the
 * global pipe leaves alone.
 */
@Injectable()
export class ProgressReportPipe implements PipeTransform<unknown, ProgressReportBody> {
  transform(value: unknown): ProgressReportBody {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new AppException('PROGRESS_INVALID', 'Send a JSON object', { body: 'INVALID' });
    }
    const body = plainToInstance(ProgressReportBody, value);
    const errors = validateSync(body, {
      whitelist: true,
      forbidNonWhitelisted: true,
      stopAtFirstError: true,
    });
    if (errors.length > 0) {
      const details: Record<string, string> = toFieldErrors(errors);
      const watched = (value as { watched?: unknown }).watched;
      if (details.watched === 'INVALID' && Array.isArray(watched) && firstBadRange(watched) >= 0) {
        delete details.watched;
        details[`watched.${firstBadRange(watched)}`] = 'INVALID';
      }
      throw new AppException('PROGRESS_INVALID', 'The progress report is invalid', details);
    }
    return body;
  }
}
