import { ApiProperty } from '@nestjs/swagger';
import { PROGRESS_MAX_RANGES, type ProgressReportDto } from '@academy/contracts';
import {
  ArrayMaxSize,
  IsArray,
  IsDefined,
  IsInt,
  IsNumber,
  Max,
  Min,
  Validate,
  type ValidatorConstraintInterface,
  ValidatorConstraint,
} from 'class-validator';

const isSeconds = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0;

/** Index of the first entry that is not a `[from, to]` pair of finite seconds with 0 ≤ from ≤ to; -1 when all are. */
export function firstBadRange(watched: unknown[]): number {
  return watched.findIndex(
    (range) =>
      !Array.isArray(range) ||
      range.length !== 2 ||
      !isSeconds(range[0]) ||
      !isSeconds(range[1]) ||
      range[0] > range[1],
  );
}

@ValidatorConstraint({ name: 'watchedRanges' })
class WatchedRanges implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return Array.isArray(value) && firstBadRange(value) === -1;
  }
}

/**
 * The body of PUT /api/lessons/:id/progress. Numbers must be JSON numbers (no strings, no NaN): anything
 * else is refused with PROGRESS_INVALID. Seconds past the video's end are accepted and clipped.
 */
export class ProgressReportBody implements ProgressReportDto {
  @ApiProperty({ minimum: 0, description: 'Playback position in seconds (for resume)' })
  @IsDefined()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  positionS: number;

  @ApiProperty({
    type: 'array',
    items: { type: 'array', items: { type: 'number' }, minItems: 2, maxItems: 2 },
    maxItems: PROGRESS_MAX_RANGES,
    example: [
      [0, 10.2],
      [31.5, 40],
    ],
    description: 'Watched [from, to] seconds, 0 ≤ from ≤ to; may repeat earlier reports',
  })
  @IsDefined()
  @IsArray()
  @ArrayMaxSize(PROGRESS_MAX_RANGES)
  @Validate(WatchedRanges)
  watched: [number, number][];

  @ApiProperty({ minimum: 0, description: 'Increasing per page load; the position is kept from the highest' })
  @IsDefined()
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  seq: number;
}
