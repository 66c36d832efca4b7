import { HttpException } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { ADMIN_SESSION_COOKIE, ADMIN_SESSION_SECONDS, issueSession } from '../auth/admin-session';
import type { AdminAccess } from '../auth/admin-access';

/** Everything the page loads comes from the gateway itself. */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');

/**
 * In front of the queue dashboard: the admin token as a bearer header (curl),
 * or the session cookie; `?token=<admin token>` is exchanged once for that
 * cookie (HttpOnly, SameSite=Strict, Path=/admin/queues, an hour) and
 * redirected to the same address without the token. The dashboard is read-only:
 * any other method than GET/HEAD is 405.
 */
export function dashboardAccess(access: AdminAccess, adminToken: () => string | undefined) {
  return async (request: Request, response: Response, next: NextFunction): Promise<void> => {
    try {
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        response.setHeader('Allow', 'GET, HEAD');
        response
          .status(405)
          .json({ statusCode: 405, error: 'Method Not Allowed', message: 'the queue dashboard is read-only' });
        return;
      }
      const credential = await access.authorize(request, response, { browser: true });
      response.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
      response.setHeader('Referrer-Policy', 'no-referrer');
      response.setHeader('Cache-Control', 'no-store');
      if (credential === 'query') {
        const secure = request.secure || request.headers['x-forwarded-proto'] === 'https';
        response.setHeader(
          'Set-Cookie',
          `${ADMIN_SESSION_COOKIE}=${issueSession(adminToken() ?? '')}; Path=/admin/queues; Max-Age=${ADMIN_SESSION_SECONDS}; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`,
        );
        response.redirect(303, withoutToken(request.originalUrl));
        return;
      }
      next();
    } catch (error) {
      if (!(error instanceof HttpException)) return next(error);
      response.status(error.getStatus()).json(error.getResponse());
    }
  };
}

function withoutToken(originalUrl: string): string {
  const url = new URL(originalUrl, 'http://gateway.invalid');
  url.searchParams.delete('token');
  return `${url.pathname}${url.search}`;
}
