import { Module, type DynamicModule } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import type { DataSource } from 'typeorm';
import { AssignmentsModule } from './assignments/assignments.module.js';
import { AuditModule } from './audit/audit.module.js';
import { CertificatesModule } from './certificates/certificates.module.js';
import { CatalogueModule } from './catalogue/catalogue.module.js';
import { APP_CONFIG, type AppConfig } from './config/app-config.js';
import { CacheBarrierInterceptor } from './common/cache-barrier.interceptor.js';
import { logFormat } from './common/logging.js';
import { DatabaseNotifications } from './database/notifications.js';
import { HealthController } from './health/health.controller.js';
import { IdentityModule } from './identity/identity.module.js';
import { JWT_SECRET } from './identity/jwt-secret.js';
import { LearningModule } from './learning/learning.module.js';
import { MailModule } from './mail/mail.module.js';
import { MediaModule } from './media/media.module.js';
import { OfficersModule } from './officers/officers.module.js';
import { OrganisationsModule } from './organisations/organisations.module.js';
import { ProgressModule } from './progress/progress.module.js';
import { ReportsModule } from './reports/reports.module.js';
import { QuizzesModule } from './quizzes/quizzes.module.js';
import { UsersModule } from './users/users.module.js';

/** Config, secrets and the data source are made before Nest starts (see bootstrap.ts) and handed in. */
@Module({})
export class CoreModule {}

export function appModule(config: AppConfig, jwtSecret: string, dataSource: DataSource): DynamicModule {
  const core: DynamicModule = {
    module: CoreModule,
    global: true,
    providers: [
      { provide: APP_CONFIG, useValue: config },
      { provide: JWT_SECRET, useValue: jwtSecret },
      DatabaseNotifications,
      { provide: APP_INTERCEPTOR, useClass: CacheBarrierInterceptor },
    ],
    exports: [APP_CONFIG, JWT_SECRET, DatabaseNotifications],
  };
  return {
    module: AppModule,
    imports: [
      core,
      LoggerModule.forRoot(logFormat(config)),
      TypeOrmModule.forRootAsync({
        useFactory: () => dataSource.options,
        dataSourceFactory: () => Promise.resolve(dataSource),
      }),
      AuditModule,
      IdentityModule,
      OrganisationsModule,
      UsersModule,
      OfficersModule,
      MediaModule,
      CatalogueModule,
      ProgressModule,
      QuizzesModule,
      LearningModule,
      AssignmentsModule,
      CertificatesModule,
      MailModule,
      ReportsModule,
    ],
    controllers: [HealthController],
  };
}

@Module({})
export class AppModule {}
