import { tokensMatch, bearerTokenOf } from '@mdi/platform';
import { HttpException, Inject, Injectable, ServiceUnavailableException, UnauthorizedException } from '@nestjs/common';
import { normalizeIp, ThrottlerException } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { GatewayConfig } from '../../gateway.config';
import { ADMIN_AUTH_THROTTLER, ADMIN_TOKEN_STORAGE } from './admin-auth.policy';
import { ADMIN_SESSION_COOKIE, cookieValue, sessionIsValid } from './admin-session';
import type { RedisThrottlerStorage } from './redis-throttler.storage';

/** How a request proved it holds the admin token. */
export type AdminCredential = 'bearer' | 'session' | 'query';

export interface AdminAccessOptions {
  /** Accept the dashboard's session cookie and a `?token=` to exchange for one (the queue dashboard only). */
  readonly browser: boolean;
}

/**
 * Decides whether a request may use the admin endpoints: 503 when
 * GATEWAY_ADMIN_TOKEN is not set; 429 (Retry-After) while its address is
 * blocked, whatever it presents; the token compared in constant time; a
 * wrong token counts as a failure (ADMIN_AUTH_THROTTLER, counted in Redis
 * for all replicas) and is 401, the failure over the limit 429.
 */
@Injectable()
export class AdminAccess {
  constructor(
    private readonly config: GatewayConfig,
    @Inject(ADMIN_TOKEN_STORAGE) private readonly failures: RedisThrottlerStorage,
  ) {}

  async authorize(
    request: Request,
    response: Response,
    options: AdminAccessOptions = { browser: false },
  ): Promise<AdminCredential> {
    const adminToken = this.config.GATEWAY_ADMIN_TOKEN;
    if (!adminToken)
      throw new ServiceUnavailableException({
        statusCode: 503,
        error: 'Service Unavailable',
        message: 'admin endpoints are disabled: set GATEWAY_ADMIN_TOKEN',
      });
    const client = normalizeIp(request.ip ?? request.socket.remoteAddress ?? 'unknown');
    const blocked = await this.counted(() => this.failures.blockedFor(client, ADMIN_AUTH_THROTTLER.name));
    if (blocked > 0) throw this.tooMany(response, blocked);

    const bearer = bearerTokenOf(request.headers);
    const queryToken = options.browser ? singleQueryValue(request, 'token') : undefined;
    if (bearer !== null && tokensMatch(bearer, adminToken)) return 'bearer';
    if (options.browser && sessionIsValid(cookieValue(request.headers.cookie, ADMIN_SESSION_COOKIE), adminToken))
      return 'session';
    if (queryToken !== undefined && tokensMatch(queryToken, adminToken)) return 'query';

    response.setHeader('WWW-Authenticate', 'Bearer realm="gateway admin"');
    const presented = bearer ?? queryToken;
    if (presented === undefined) {
      const message =
        request.headers.authorization === undefined
          ? 'missing Authorization: Bearer <GATEWAY_ADMIN_TOKEN> header'
          : 'the Authorization header must be "Bearer <GATEWAY_ADMIN_TOKEN>"';
      throw new UnauthorizedException({ statusCode: 401, error: 'Unauthorized', message });
    }
    const { isBlocked, timeToBlockExpire } = await this.counted(() =>
      this.failures.increment(
        client,
        ADMIN_AUTH_THROTTLER.ttl,
        ADMIN_AUTH_THROTTLER.limit,
        ADMIN_AUTH_THROTTLER.blockDuration,
        ADMIN_AUTH_THROTTLER.name,
      ),
    );
    if (isBlocked) throw this.tooMany(response, timeToBlockExpire);
    throw new UnauthorizedException({ statusCode: 401, error: 'Unauthorized', message: 'invalid admin token' });
  }

  private tooMany(response: Response, retryAfterSeconds: number): HttpException {
    response.setHeader('Retry-After', String(retryAfterSeconds));
    return new ThrottlerException(
      `too many failed admin authentications from this address; retry in ${retryAfterSeconds} s`,
    );
  }

  /** Failed attempts are counted in Redis: without it no admin request is let through. */
  private async counted<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      throw new ServiceUnavailableException({
        statusCode: 503,
        error: 'Service Unavailable',
        message: `admin endpoints need Redis, where failed attempts are counted: ${(error as Error).message}`,
      });
    }
  }
}

function singleQueryValue(request: Request, name: string): string | undefined {
  const value = (request.query as Record<string, unknown>)[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
