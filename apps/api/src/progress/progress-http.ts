import type { IncomingMessage, ServerResponse } from 'node:http';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import express from 'express';
import { ACCESS_COOKIE } from '@academy/contracts';
import { pinoHttp, type HttpLogger } from 'pino-http';
import { AppException } from '../common/app.exception.js';
import { errorResponse } from '../common/error-response.js';
import { httpLogOptions } from '../common/logging.js';
import { strictHeaders } from '../common/security-headers.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { AccessTokens, cookieValue } from '../identity/access-tokens.js';
import { ProgressReportPipe } from './dto/progress-report.pipe.js';
import { ProgressService } from './progress.service.js';

/** `PUT /api/lessons/:id/progress`, the id a UUID as ParseUUIDPipe accepts it (any version). */
const ROUTE =
  /^\/api\/lessons\/([0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12})\/progress$/i;

/** The JSON body limit of every other route (bootstrap.ts). */
const BODY_LIMIT = '1mb';

type Request = IncomingMessage & { id?: string | number };
type Listener = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * The lean HTTP path for progress reports (ADR 0009): the one request a player sends every ten seconds per
 * viewer, so the one where the framework's fixed cost per request (Express routing, the Nest pipeline,
 * passport) is what limits throughput. Only the common case is served here, with the very same pieces as the
 * Nest route (ProgressController.report): the access token checked as the passport strategy checks it, the
 * same roles rule (any signed-in role), the same body limit and validation (ProgressReportPipe), the same
 * service call, error shape (errorResponse), security headers (helmet) and request log (pino-http).
 * Whatever is unusual is handed to the normal pipeline untouched, which answers it as for any route: no
 * access cookie or a token that does not name a live session (401), an id that is not a UUID (400), a
 * compressed body.
 */
@Injectable()
export class ProgressHttp {
  private readonly logger = new Logger('Errors');
  private readonly log: HttpLogger;

  constructor(
    private readonly tokens: AccessTokens,
    private readonly progress: ProgressService,
    private readonly adapter: HttpAdapterHost,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.log = pinoHttp(httpLogOptions(config));
  }

  /** The server's request listener: this path first, `next` (Express and Nest) for everything else. */
  listener(next: Listener): Listener {
    const pipe = new ProgressReportPipe();
    return (request, response) => {
      const match = request.method === 'PUT' ? ROUTE.exec(pathOf(request.url)) : null;
      const token = match ? cookieValue(request.headers.cookie, ACCESS_COOKIE) : null;
      if (!match || !token || request.headers['content-encoding']) return next(request, response);
      void this.tokens.user(token).then(
        (user) => {
          if (!user) return next(request, response);
          this.log(request, response);
          strictHeaders(request, response, () => undefined);
          void this.serve(request as Request, response, async () => {
            if (user.grants.length === 0) throw new AppException('FORBIDDEN', 'Your roles do not allow this');
            const body = pipe.transform(await readJson(request, response));
            return this.progress.report(user, match[1].toLowerCase(), body);
          });
        },
        () => next(request, response),
      );
    };
  }

  private async serve(request: Request, response: ServerResponse, work: () => Promise<unknown>) {
    let status = 200;
    let body: unknown;
    try {
      body = await work();
    } catch (error: unknown) {
      // As Nest maps them: body-parser's errors become HttpExceptions (express-adapter.js mapException).
      const mapped: unknown = this.adapter.httpAdapter.mapException?.(error) ?? error;
      ({ status, body } = errorResponse(mapped, String(request.id)));
      if (status >= 500) this.logger.error({ err: error, requestId: request.id }, 'Unhandled error');
    }
    const json = JSON.stringify(body);
    response.writeHead(status, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(json),
    });
    response.end(json);
  }
}

function pathOf(url = ''): string {
  const query = url.indexOf('?');
  return query < 0 ? url : url.slice(0, query);
}

/** body-parser's json(), as bootstrap.ts sets it up for the other routes (same limit, same errors). */
const parseJson = express.json({ limit: BODY_LIMIT });

function readJson(request: IncomingMessage, response: ServerResponse): Promise<unknown> {
  const withBody = request as IncomingMessage & { body?: unknown };
  return new Promise((resolve, reject) =>
    parseJson(withBody as express.Request, response as express.Response, (error?: unknown) =>
      error ? reject(error as Error) : resolve(withBody.body),
    ),
  );
}
