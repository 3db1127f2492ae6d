import { Module } from '@nestjs/common';
import { ProgressModule } from '../progress/progress.module.js';
import {
  AdminCertificatesController,
  CertificatesController,
  VerifyController,
} from './certificates.controller.js';
import { CertificatesService } from './certificates.service.js';
import { VerifyThrottleGuard } from './verify-throttle.js';

/**
 * Certificates: issued on course completion (certificate-issue.ts, called from the enrolment recount in
 * progress/lesson-completion.ts), PDF download, public verification, revocation.
 */
@Module({
  // ProgressModule for the shared Clock.
  imports: [ProgressModule],
  controllers: [CertificatesController, AdminCertificatesController, VerifyController],
  providers: [CertificatesService, VerifyThrottleGuard],
})
export class CertificatesModule {}
