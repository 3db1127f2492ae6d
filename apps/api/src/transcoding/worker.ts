import { Module, type DynamicModule, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Logger, LoggerModule } from 'nestjs-pino';
import type { DataSource } from 'typeorm';
import { logFormat } from '../common/logging.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { MailModule } from '../mail/mail.module.js';
import { TranscodingModule } from './transcoding.module.js';

@Module({})
class WorkerCoreModule {}

@Module({})
class WorkerModule {}

function workerModule(config: AppConfig, dataSource: DataSource): DynamicModule {
  return {
    module: WorkerModule,
    imports: [
      {
        module: WorkerCoreModule,
        global: true,
        providers: [{ provide: APP_CONFIG, useValue: config }],
        exports: [APP_CONFIG],
      },
      LoggerModule.forRoot(logFormat(config)),
      TypeOrmModule.forRootAsync({
        useFactory: () => dataSource.options,
        dataSourceFactory: () => Promise.resolve(dataSource),
      }),
      TranscodingModule,
      MailModule,
    ],
  };
}

/**
 * A worker process (WORKER=true): the background job runners without the HTTP API. Close the returned
 * context to stop it (running jobs are interrupted and queued again).
 */
export async function startWorker(
  config: AppConfig,
  dataSource: DataSource,
): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(workerModule(config, dataSource), {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  await app.init();
  return app;
}
