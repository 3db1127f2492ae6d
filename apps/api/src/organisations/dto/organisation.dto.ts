import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ORGANISATION_KINDS, type OrganisationKind } from '@academy/contracts';
import { Type } from 'class-transformer';
import {
  IsDefined,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';

export class OrganisationNameDto {
  @ApiProperty({ example: 'Baku Sea Port Customs' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  en: string;

  @ApiProperty({ example: 'Таможня Бакинского морского порта' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  ru: string;
}

export class PartialOrganisationNameDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  en?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  ru?: string;
}

export class CreateOrganisationDto {
  @ApiProperty()
  @IsUUID()
  parentId: string;

  @ApiProperty({ enum: ORGANISATION_KINDS })
  @IsIn(ORGANISATION_KINDS.filter((kind) => kind !== 'region'))
  kind: OrganisationKind;

  @ApiProperty({ example: 'AZ-BAKU-PORT', description: 'Unique; capital letters, digits and dashes' })
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9-]{1,39}$/)
  code: string;

  @ApiProperty({ type: OrganisationNameDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => OrganisationNameDto)
  name: OrganisationNameDto;
}

export class UpdateOrganisationDto {
  @ApiPropertyOptional({ type: PartialOrganisationNameDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => PartialOrganisationNameDto)
  name?: PartialOrganisationNameDto;

  @ApiPropertyOptional({ description: 'Move under this organisation' })
  @IsOptional()
  @IsUUID()
  parentId?: string;
}
