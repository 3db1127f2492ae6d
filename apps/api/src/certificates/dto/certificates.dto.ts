import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LOCALES, REVOKE_REASON_MAX, REVOKE_REASON_MIN, type Locale } from '@academy/contracts';
import { Transform } from 'class-transformer';
import { IsDefined, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { PagingDto } from '../../common/paging.dto.js';

export class CertificatePdfQueryDto {
  @ApiPropertyOptional({ enum: LOCALES, description: 'Language of the PDF; default the user’s' })
  @IsOptional()
  @IsIn(LOCALES)
  locale?: Locale;
}

export class RevokeCertificateDto {
  @ApiProperty({ minLength: REVOKE_REASON_MIN, maxLength: REVOKE_REASON_MAX })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  // class-validator runs these bottom-up; with stopAtFirstError the first failure names the field's code.
  @MaxLength(REVOKE_REASON_MAX)
  @MinLength(REVOKE_REASON_MIN)
  @IsString()
  @IsDefined()
  reason: string;
}

export class CertificateSearchDto extends PagingDto {
  @ApiPropertyOptional({ description: 'Certificate code (as typed), holder name or e-mail' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
}
