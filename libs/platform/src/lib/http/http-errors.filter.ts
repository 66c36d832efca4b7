import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Request } from 'express';
import { type ErrorBody, statusText } from './error-body';

/**
 * The global exception filter of every service (PlatformModule). Every error
 * answer has the shape of ErrorBody; an HttpException's own object body is
 * kept as it is (Terminus' readiness report, a 400 with reasons). Anything
 * else is a 500 with a generic message: no stack trace, error text or SQL
 * ever reaches a client. Only a real 5xx is logged as an error, with its
 * stack; a 4xx is the client's mistake and is not an error of this service
 * (the request line still logs its status).
 */
@Catch()
export class HttpErrorsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrors');

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse();
    const { status, body } = answerFor(exception);
    // A 5xx this service chose to answer (502 from a dead downstream, 503) is logged by its message; an unexpected
    // error also by its stack, which is where it is found.
    if (status >= 500) {
      const line = `${request.method} ${request.path} answered ${status}: ${describe(exception)}`;
      if (exception instanceof HttpException) this.logger.error(line);
      else this.logger.error(line, stackOf(exception));
    }
    const adapter = this.adapterHost.httpAdapter;
    if (adapter.isHeadersSent(response)) {
      adapter.end(response);
      return;
    }
    adapter.reply(response, body, status);
  }
}

/** The status and body a client gets for an error. */
export function answerFor(exception: unknown): { status: number; body: ErrorBody | object } {
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const answer = exception.getResponse();
    if (typeof answer === 'object' && answer !== null) return { status, body: answer };
    return { status, body: { statusCode: status, error: statusText(status), message: String(answer) } };
  }
  const clientStatus = clientErrorStatus(exception);
  if (clientStatus !== null) {
    return {
      status: clientStatus,
      body: { statusCode: clientStatus, error: statusText(clientStatus), message: (exception as Error).message },
    };
  }
  return { status: 500, body: { statusCode: 500, error: 'Internal Server Error', message: 'internal server error' } };
}

/**
 * The status of a 4xx raised before any handler by the HTTP stack itself
 * (body-parser: a body over the size limit, an unsupported charset), which
 * marks its message safe to show with `expose`.
 */
function clientErrorStatus(exception: unknown): number | null {
  const error = exception as { status?: unknown; statusCode?: unknown; expose?: unknown } | null;
  if (typeof error !== 'object' || error === null || error.expose !== true) return null;
  const status = typeof error.status === 'number' ? error.status : error.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : null;
}

function describe(exception: unknown): string {
  return exception instanceof Error ? `${exception.name}: ${exception.message}` : String(exception);
}

function stackOf(exception: unknown): string | undefined {
  return exception instanceof Error ? exception.stack : undefined;
}
