import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { QUESTION_TYPES, QUIZ_MAX_OPTIONS, QUIZ_MAX_QUESTIONS, type QuestionType } from '@academy/contracts';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

/** Question and option text, `{ en?, ru? }`; empty or null means "not written in that language". */
export class QuizTextDto {
  @ApiPropertyOptional()
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsString()
  @MaxLength(2000)
  en?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsString()
  @MaxLength(2000)
  ru?: string | null;
}

export class QuizOptionDto {
  @ApiPropertyOptional({ description: 'Kept from the draft; left out for a new option' })
  @IsOptional()
  @IsUUID()
  id?: string;

  @ApiProperty({ type: QuizTextDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => QuizTextDto)
  text: QuizTextDto;

  @ApiProperty()
  @IsBoolean()
  correct: boolean;
}

export class QuizQuestionDto {
  @ApiPropertyOptional({ description: 'Kept from the draft; left out for a new question' })
  @IsOptional()
  @IsUUID()
  id?: string;

  @ApiProperty({ enum: QUESTION_TYPES })
  @IsIn(QUESTION_TYPES)
  type: QuestionType;

  @ApiProperty({ type: QuizTextDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => QuizTextDto)
  text: QuizTextDto;

  @ApiProperty({ minimum: 1, maximum: 100 })
  @IsInt()
  @Min(1)
  @Max(100)
  points: number;

  @ApiPropertyOptional({ type: QuizTextDto, description: 'Shown after submission' })
  @IsOptional()
  @ValidateNested()
  @Type(() => QuizTextDto)
  explanation?: QuizTextDto;

  @ApiPropertyOptional({ type: [QuizOptionDto], description: 'single and multiple choice' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(QUIZ_MAX_OPTIONS)
  @ValidateNested({ each: true })
  @Type(() => QuizOptionDto)
  options?: QuizOptionDto[];

  @ApiPropertyOptional({ description: 'true_false: the correct value' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsBoolean()
  answer?: boolean | null;
}

export class QuizSettingsDto {
  @ApiPropertyOptional({ minimum: 0, maximum: 100 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  passMarkPct?: number;

  @ApiPropertyOptional({ description: 'null = unlimited' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsInt()
  @Min(1)
  @Max(100)
  attemptsAllowed?: number | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  shuffleQuestions?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  shuffleOptions?: boolean;

  @ApiPropertyOptional({ description: 'Questions drawn from the pool per attempt; null = all' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsInt()
  @Min(1)
  @Max(QUIZ_MAX_QUESTIONS)
  drawCount?: number | null;

  @ApiPropertyOptional({ description: 'Seconds; null = no limit' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsInt()
  @Min(30)
  @Max(86400)
  timeLimitS?: number | null;
}

/** The whole quiz of a lesson: replaces what was there (questions keep their ids when sent back). */
export class QuizDto {
  @ApiPropertyOptional({ type: QuizSettingsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => QuizSettingsDto)
  settings?: QuizSettingsDto;

  @ApiProperty({ type: [QuizQuestionDto] })
  @IsArray()
  @ArrayMaxSize(QUIZ_MAX_QUESTIONS)
  @ValidateNested({ each: true })
  @Type(() => QuizQuestionDto)
  questions: QuizQuestionDto[];
}
