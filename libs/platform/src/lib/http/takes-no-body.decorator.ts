import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
  UseInterceptors,
} from '@nestjs/common';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import { RequestContractError } from './request-contract.error';

/**
 * Refuses any body on a write route that takes none: no body or `{}` passes;
 * every field is named (`unknown field "symbols" (this request takes none)`),
 * any other JSON value is refused too. A non-JSON body never gets here
 * (JsonBodyInterceptor runs first).
 */
@Injectable()
export class NoBodyInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const body: unknown = context.switchToHttp().getRequest<Request>().body;
    const problems = bodyProblems(body);
    if (problems.length > 0) throw new RequestContractError(problems);
    return next.handle();
  }
}

function bodyProblems(body: unknown): string[] {
  if (body === undefined || body === null) return [];
  if (typeof body !== 'object' || Array.isArray(body))
    return [`this request takes no body, got ${Array.isArray(body) ? 'an array' : typeof body}`];
  return Object.keys(body).map((name) => `unknown field ${JSON.stringify(name)} (this request takes none)`);
}

/** A write route without a request body (see NoBodyInterceptor). */
export function TakesNoBody(): MethodDecorator & ClassDecorator {
  return UseInterceptors(NoBodyInterceptor);
}
