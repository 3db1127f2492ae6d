import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ASSIGNEE_STATES, type AssigneeState } from '@academy/contracts';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { PagingDto } from '../../common/paging.dto.js';

/** Most officers named in one request (a unit or a CSV reaches more). */
export const MAX_USER_IDS = 10_000;

/** `''` from a form field means "not given". */
const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

class TargetDto {
  @ApiProperty()
  @IsUUID()
  courseId: string;

  @ApiPropertyOptional({ type: [String], description: 'Chosen officers (or organisationId, not both)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_USER_IDS)
  @IsUUID('all', { each: true })
  userIds?: string[];

  @ApiPropertyOptional({ description: 'A unit: its whole subtree (or userIds, not both)' })
  @IsOptional()
  @IsUUID()
  organisationId?: string;
}

export class AssignDto extends TargetDto {
  @ApiPropertyOptional({ description: 'Unit assignments only: officers who join the unit later get it too' })
  @IsOptional()
  @IsBoolean()
  includeFuture?: boolean;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'ISO date-time in the future; null: none',
  })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsISO8601({ strict: true })
  dueAt?: string | null;
}

export class DueDateDto extends TargetDto {
  @ApiProperty({ type: String, nullable: true, description: 'ISO date-time in the future; null: none' })
  @ValidateIf((_, value) => value !== null)
  @IsISO8601({ strict: true })
  dueAt: string | null;
}

export class WithdrawDto extends TargetDto {}

/** The text fields of the multipart CSV upload (the file is `file`). */
export class AssignCsvFieldsDto {
  @ApiProperty()
  @IsUUID()
  courseId: string;

  @ApiPropertyOptional({ description: 'ISO date-time in the future; empty: none' })
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsISO8601({ strict: true })
  dueAt?: string;
}

export class AssigneeQueryDto extends PagingDto {
  @ApiPropertyOptional({ description: 'A unit: its whole subtree' })
  @IsOptional()
  @IsUUID()
  organisationId?: string;

  @ApiPropertyOptional({ enum: ASSIGNEE_STATES })
  @IsOptional()
  @IsIn(ASSIGNEE_STATES)
  status?: AssigneeState;

  @ApiPropertyOptional({ description: 'Name or e-mail' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}
