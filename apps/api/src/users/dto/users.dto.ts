import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LOCALES, ROLES, USER_STATUSES, type Locale, type Role, type UserStatus } from '@academy/contracts';
import { PagingDto } from '../../common/paging.dto.js';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
} from 'class-validator';

export class CreatePersonDto {
  @ApiProperty({ example: 'r.aliyev@customs.example' })
  @IsEmail()
  @MaxLength(320)
  email: string;

  @ApiProperty({ example: 'Rashad Aliyev' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(120)
  displayName: string;

  @ApiProperty({ enum: LOCALES })
  @IsIn(LOCALES)
  locale: Locale;

  @ApiProperty()
  @IsUUID()
  organisationId: string;
}

export class CreateUserDto extends CreatePersonDto {
  @ApiPropertyOptional({ enum: ROLES, isArray: true, description: 'Region-wide roles; default learner' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(4)
  @IsIn(ROLES.filter((role) => role !== 'coordinator'), { each: true })
  roles?: Role[];
}

export class GrantRoleDto {
  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role: Role;

  @ApiPropertyOptional({ description: 'Required for coordinator: the subtree it covers' })
  @IsOptional()
  @IsUUID()
  organisationId?: string;
}

export class PageQueryDto extends PagingDto {
  @ApiPropertyOptional({ description: 'Search in name and e-mail' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  organisationId?: string;
}

export class UserQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ enum: USER_STATUSES })
  @IsOptional()
  @IsIn(USER_STATUSES)
  status?: UserStatus;
}
