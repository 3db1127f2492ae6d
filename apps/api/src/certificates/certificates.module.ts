import { Module } from '@nestjs/common';

/** Certificates: issued on course completion, PDF download, public verification, revocation. */
@Module({})
export class CertificatesModule {}
