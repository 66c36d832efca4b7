import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { bearerTokenOf, tokensMatch } from './bearer-token';
import { SKIP_SERVICE_TOKEN } from './skip-service-token.decorator';

/** The service's INTERNAL_API_TOKEN, or null when it has none. */
export const SERVICE_TOKEN = Symbol('SERVICE_TOKEN');

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Global guard of every service (PlatformModule): reads are open; any other
 * method needs `Authorization: Bearer <INTERNAL_API_TOKEN>` unless the route
 * is marked @SkipServiceToken(). It runs before pipes and handlers, so a
 * refused request changes nothing. Without a configured token, writes are
 * closed (403).
 */
@Injectable()
export class ServiceTokenGuard implements CanActivate {
  constructor(
    @Inject(SERVICE_TOKEN) private readonly expected: string | null,
    private readonly reflector: Reflector,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<Request>();
    if (READS.has(request.method)) return true;
    if (this.reflector.getAllAndOverride<boolean>(SKIP_SERVICE_TOKEN, [context.getHandler(), context.getClass()]))
      return true;
    if (this.expected === null) {
      throw new ForbiddenException({
        statusCode: 403,
        error: 'Forbidden',
        message: 'write endpoints are closed: this service has no INTERNAL_API_TOKEN',
      });
    }
    const presented = bearerTokenOf(request.headers);
    if (presented !== null && tokensMatch(presented, this.expected)) return true;
    context.switchToHttp().getResponse<Response>().setHeader('WWW-Authenticate', 'Bearer realm="service"');
    const message =
      request.headers['authorization'] === undefined
        ? 'missing Authorization header: write endpoints take "Authorization: Bearer <INTERNAL_API_TOKEN>"'
        : presented === null
          ? 'the Authorization header must be "Bearer <INTERNAL_API_TOKEN>"'
          : 'invalid service token in the Authorization header';
    throw new UnauthorizedException({ statusCode: 401, error: 'Unauthorized', message });
  }
}
