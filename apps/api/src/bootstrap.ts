import 'reflect-metadata';
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import express, { type NextFunction, type Request, type Response } from 'express';
import { Logger } from 'nestjs-pino';
import type { DataSource } from 'typeorm';
import { appModule } from './app.module.js';
import { AllExceptionsFilter } from './common/all-exceptions.filter.js';
import { docsHeaders, strictHeaders } from './common/security-headers.js';
import { createValidationPipe } from './common/validation.pipe.js';
import type { AppConfig } from './config/app-config.js';
import { ProgressHttp } from './progress/progress-http.js';

/** Builds the Nest application (API under /api, OpenAPI at /api/docs, web app at /) without listening. */
export async function createApp(
  config: AppConfig,
  jwtSecret: string,
  dataSource: DataSource,
): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(appModule(config, jwtSecret, dataSource), {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  app.set('trust proxy', 'loopback, linklocal, uniquelocal');
  app.disable('x-powered-by');
  app.use((request: Request, response: Response, next: NextFunction) =>
    (request.path.startsWith('/api/docs') ? docsHeaders : strictHeaders)(request, response, next),
  );
  app.use(cookieParser());
  app.useBodyParser('json', { limit: '1mb' });
  app.setGlobalPrefix('api');
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter());
  app.enableShutdownHooks();

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Customs Academy API')
      .setDescription(
        'Learning platform for customs administrations. Errors: { error: { code, message, details }, requestId }.',
      )
      .setVersion('1')
      .addCookieAuth('ca_access')
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs/openapi.json' });

  if (config.webDir && existsSync(path.join(config.webDir, 'index.html'))) serveWebApp(app, config.webDir);
  // Progress reports take a lean path in front of Express (ADR 0009); everything else goes on to Express.
  const server = app.getHttpServer() as Server;
  const [expressApp] = server.listeners('request') as Parameters<ProgressHttp['listener']>[0][];
  server.removeAllListeners('request');
  server.on('request', app.get(ProgressHttp).listener(expressApp));
  return app;
}

/** The built web app: hashed assets cached for long, index.html for every other non-API path. */
function serveWebApp(app: NestExpressApplication, webDir: string): void {
  app.use(
    '/assets',
    express.static(path.join(webDir, 'assets'), { immutable: true, maxAge: '1y', fallthrough: false }),
  );
  const files = express.static(webDir, { index: false, maxAge: '1h' });
  const isApi = (request: Request) => request.path === '/api' || request.path.startsWith('/api/');
  // API requests skip the file system entirely (a stat per request otherwise).
  app.use((request: Request, response: Response, next: NextFunction) =>
    isApi(request) ? next() : files(request, response, next),
  );
  app.use((request: Request, response: Response, next: NextFunction) => {
    if (request.method !== 'GET' || isApi(request)) return next();
    response.setHeader('Cache-Control', 'no-cache');
    response.sendFile(path.join(webDir, 'index.html'));
  });
}
