import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { errorResponse } from './error-response.js';
import { requestIdFor } from './logging.js';

/** Every error leaves the API in one shape: `{ error: { code, message, details }, requestId }`. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request & { id?: string }>();
    const response = http.getResponse<Response>();
    // Errors raised before the logging middleware ran (the body parser's) have no id yet.
    request.id ??= requestIdFor(request);
    const { status, body } = errorResponse(exception, String(request.id));
    if (status >= 500) {
      this.logger.error({ err: exception, requestId: body.requestId }, 'Unhandled error');
    }
    if (response.headersSent) {
      response.end();
      return;
    }
    response.status(status).json(body);
  }
}
