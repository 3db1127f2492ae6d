import { ApiPropertyOptional } from '@nestjs/swagger';
import { LOCALES, type Locale } from '@academy/contracts';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export class LocaleQueryDto {
  @ApiPropertyOptional({ enum: LOCALES, description: 'Content language; falls back to yours, then the base' })
  @IsOptional()
  @IsIn(LOCALES)
  locale?: Locale;
}

export class CatalogueQueryDto extends LocaleQueryDto {
  @ApiPropertyOptional({ description: 'Words in English or Russian (any inflection)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(40)
  topic?: string;

  @ApiPropertyOptional({ enum: LOCALES, description: 'Only courses fully available in this language' })
  @IsOptional()
  @IsIn(LOCALES)
  language?: Locale;

  @ApiPropertyOptional({ default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10000)
  page = 1;

  @ApiPropertyOptional({ default: 20, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  pageSize = 20;
}
