import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import { RequestContractError } from './request-contract.error';

/**
 * Every request body a service reads is JSON: a body of any other type (a
 * form, text/plain) is refused with a 400 naming its Content-Type, never read
 * as an empty request, which would mean "all defaults" (a full backfill).
 * A request without a body passes. Global (PlatformModule); it runs after the
 * guards, so an unauthenticated request is still a 401.
 */
@Injectable()
export class JsonBodyInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() === 'http') {
      const problem = bodyTypeProblem(context.switchToHttp().getRequest<Request>());
      if (problem !== null) throw new RequestContractError([problem]);
    }
    return next.handle();
  }
}

/** Why a request's body is not JSON, or null when it is JSON or there is none. */
export function bodyTypeProblem(request: Request): string | null {
  if (!hasBody(request)) return null;
  const type = request.headers['content-type'];
  if (type && request.is(['application/json', '+json'])) return null;
  return `the request body must be JSON (Content-Type: application/json), got ${type ? `Content-Type: ${type.split(';')[0]}` : 'no Content-Type'}`;
}

function hasBody(request: Request): boolean {
  const length = request.headers['content-length'];
  return (length !== undefined && length !== '0') || request.headers['transfer-encoding'] !== undefined;
}
