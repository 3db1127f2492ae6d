import { ApiPropertyOptional } from '@nestjs/swagger';
import { MEDIA_KINDS, type MediaKind } from '@academy/contracts';
import { PagingDto } from '../../common/paging.dto.js';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';

export class MediaQueryDto extends PagingDto {
  @ApiPropertyOptional({ enum: MEDIA_KINDS })
  @IsOptional()
  @IsIn(MEDIA_KINDS)
  kind?: MediaKind;

  @ApiPropertyOptional({ description: 'Part of the file name' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
}
