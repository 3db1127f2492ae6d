import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Params } from 'nestjs-pino';
import type { Options } from 'pino-http';
import type { AppConfig } from '../config/app-config.js';

/** The request id: X-Request-Id when a proxy set a well-formed one, a new UUID otherwise. */
export function requestIdFor(request: IncomingMessage): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && /^[\w-]{1,100}$/.test(given) ? given : randomUUID();
}

/** The request log: one JSON line per request (pino-http), with its request id; cookies redacted. */
export function httpLogOptions(config: AppConfig): Options {
  return {
    level: config.logLevel,
    genReqId: requestIdFor,
    redact: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'],
    customLogLevel: (_request, response, error) =>
      error || response.statusCode >= 500 ? 'error' : response.statusCode >= 400 ? 'warn' : 'info',
    autoLogging: { ignore: (request) => request.url === '/api/health' },
  };
}

/** Structured JSON logs (pino) with a request id, taken from X-Request-Id when a proxy set one. */
export function logFormat(config: AppConfig): Params {
  return { pinoHttp: httpLogOptions(config), exclude: [] };
}
