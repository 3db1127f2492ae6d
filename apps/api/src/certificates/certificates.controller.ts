import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  StreamableFile,
  UseGuards,
} from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type {
  AdminCertificateDto,
  CertificateDto,
  CertificateVerificationDto,
  Page,
} from '@academy/contracts';
import { AnyRole, CurrentUser, Public, Roles } from '../identity/auth.decorators.js';
import type { AuthUser } from '../identity/auth-user.js';
import { CertificatesService } from './certificates.service.js';
import { VerifyThrottleGuard } from './verify-throttle.js';
import {
  CertificatePdfQueryDto,
  CertificateSearchDto,
  RevokeCertificateDto,
} from './dto/certificates.dto.js';

const uuid = new ParseUUIDPipe();

/**
 * The caller's own certificates (administrators: anyone's by id). Another learner's certificate answers
 * 404 CERTIFICATE_NOT_FOUND, never 403, so ids reveal nothing.
 */
@ApiTags('certificates')
@Controller('certificates')
export class CertificatesController {
  constructor(private readonly certificates: CertificatesService) {}

  @Get()
  @AnyRole()
  list(@CurrentUser() user: AuthUser): Promise<CertificateDto[]> {
    return this.certificates.list(user);
  }

  @Get(':id')
  @AnyRole()
  get(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<CertificateDto> {
    return this.certificates.get(user, id);
  }

  /** The certificate as a PDF download in the requested language (default the user's). */
  @Get(':id/pdf')
  @AnyRole()
  async pdf(
    @CurrentUser() user: AuthUser,
    @Param('id', uuid) id: string,
    @Query() query: CertificatePdfQueryDto,
  ): Promise<StreamableFile> {
    const { pdf, filename } = await this.certificates.pdf(user, id, query.locale);
    return new StreamableFile(pdf, {
      type: 'application/pdf',
      disposition: `attachment; filename="${filename}"`,
      length: pdf.length,
    });
  }

  @Post(':id/revoke')
  @Roles('admin')
  @HttpCode(200)
  revoke(
    @CurrentUser() admin: AuthUser,
    @Param('id', uuid) id: string,
    @Body() body: RevokeCertificateDto,
  ): Promise<CertificateDto> {
    return this.certificates.revoke(admin, id, body.reason);
  }
}

/** Administrators find certificates by code or holder. */
@ApiTags('certificates')
@Roles('admin')
@Controller('admin/certificates')
export class AdminCertificatesController {
  constructor(private readonly certificates: CertificatesService) {}

  @Get()
  search(@Query() query: CertificateSearchDto): Promise<Page<AdminCertificateDto>> {
    return this.certificates.search(query);
  }
}

/**
 * Public verification, no login: anyone holding a code (or the QR code) checks it. Throttled per client
 * address (verify-throttle.ts); codes carry 50 random bits, so guessing one is hopeless anyway.
 */
@ApiTags('certificates')
@Public()
@UseGuards(VerifyThrottleGuard)
@Controller('verify')
export class VerifyController {
  constructor(private readonly certificates: CertificatesService) {}

  @Get(':code')
  verify(@Param('code') code: string): Promise<CertificateVerificationDto> {
    return this.certificates.verify(code);
  }
}
