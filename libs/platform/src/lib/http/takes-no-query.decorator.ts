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

/** Refuses every query parameter of a route that takes none, naming each (`unknown query parameter "x"; this endpoint takes none`). */
@Injectable()
export class NoQueryInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const query = context.switchToHttp().getRequest<Request>().query ?? {};
    const given = Object.keys(query);
    if (given.length > 0)
      throw new RequestContractError(
        given.map((name) => `unknown query parameter ${JSON.stringify(name)}; this endpoint takes none`),
      );
    return next.handle();
  }
}

/** A route without query parameters (see NoQueryInterceptor). */
export function TakesNoQuery(): MethodDecorator & ClassDecorator {
  return UseInterceptors(NoQueryInterceptor);
}
