import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  COURSE_AUDIENCES,
  LESSON_KINDS,
  LOCALES,
  type CourseAudience,
  type LessonKind,
  type Locale,
} from '@academy/contracts';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { QuizDto } from './quiz.dto.js';

/** `{ en?, ru? }`: a language set to "" or null is removed (never the base language). */
export class TextDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(300)
  en?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(300)
  ru?: string | null;
}

export class LongTextDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  en?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  ru?: string | null;
}

class CourseFieldsDto {
  @ApiPropertyOptional({ type: LongTextDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => LongTextDto)
  summary?: LongTextDto;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(12)
  @ArrayUnique()
  @IsString({ each: true })
  @Matches(/^[a-z0-9][a-z0-9-]{0,39}$/, { each: true })
  topics?: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsInt()
  @Min(1)
  @Max(10000)
  estimatedMinutes?: number | null;

  @ApiPropertyOptional({ enum: COURSE_AUDIENCES })
  @IsOptional()
  @IsIn(COURSE_AUDIENCES)
  audience?: CourseAudience;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  audienceOrganisationIds?: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsUUID()
  coverAssetId?: string | null;

  @ApiPropertyOptional({
    description: 'Learners may enrol themselves (default true); false: by assignment only',
  })
  @IsOptional()
  @IsBoolean()
  selfEnrolment?: boolean;
}

export class CreateCourseDto extends CourseFieldsDto {
  @ApiProperty({ example: 'HS-BASICS' })
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9-]{1,39}$/)
  code: string;

  @ApiProperty({ enum: LOCALES })
  @IsIn(LOCALES)
  baseLocale: Locale;

  @ApiProperty({ type: TextDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => TextDto)
  title: TextDto;
}

export class UpdateCourseDto extends CourseFieldsDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9-]{1,39}$/)
  code?: string;

  @ApiPropertyOptional({ enum: LOCALES })
  @IsOptional()
  @IsIn(LOCALES)
  baseLocale?: Locale;

  @ApiPropertyOptional({ type: TextDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => TextDto)
  title?: TextDto;
}

export class ModuleDto {
  @ApiProperty({ type: TextDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => TextDto)
  title: TextDto;
}

export class OrderDto {
  @ApiProperty({ type: [String], description: 'Every id of the parent, each once, in the new order' })
  @IsArray()
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  ids: string[];
}

export class VariantDto {
  @ApiPropertyOptional({ description: 'Markdown (articles)' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsString()
  @MaxLength(200000)
  body?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsUUID()
  mediaAssetId?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsUUID()
  captionsAssetId?: string | null;
}

export class VariantsDto {
  @ApiPropertyOptional({ type: VariantDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => VariantDto)
  en?: VariantDto;

  @ApiPropertyOptional({ type: VariantDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => VariantDto)
  ru?: VariantDto;
}

class LessonFieldsDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  required?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsInt()
  @Min(1)
  @Max(1000)
  estimatedMinutes?: number | null;

  @ApiPropertyOptional({
    description: 'Videos: share of the duration to watch for completion, 0.1..1; null for the default (0.9)',
  })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0.1)
  @Max(1)
  completionThreshold?: number | null;

  @ApiPropertyOptional({ type: VariantsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => VariantsDto)
  variants?: VariantsDto;

  @ApiPropertyOptional({
    type: QuizDto,
    description: 'Quiz lessons: replaces the whole quiz; null clears it',
  })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @ValidateNested()
  @Type(() => QuizDto)
  quiz?: QuizDto | null;
}

export class CreateLessonDto extends LessonFieldsDto {
  @ApiProperty({ enum: LESSON_KINDS })
  @IsIn(LESSON_KINDS)
  kind: LessonKind;

  @ApiProperty({ type: TextDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => TextDto)
  title: TextDto;
}

export class UpdateLessonDto extends LessonFieldsDto {
  @ApiPropertyOptional({ type: TextDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => TextDto)
  title?: TextDto;
}
