import { BadRequestException } from '@nestjs/common';
import type { Request } from 'express';

/**
 * The body an admin action forwards: none when the request has none, the
 * parsed JSON when it is JSON. Any other content type is refused with a 400
 * naming it, so a form or text body is never forwarded as an empty request
 * (which would mean "all defaults": a full backfill).
 */
export function adminRequestBody(request: Request): unknown {
  const length = request.headers['content-length'];
  const hasBody = (length !== undefined && length !== '0') || request.headers['transfer-encoding'] !== undefined;
  if (!hasBody) return undefined;
  const type = request.headers['content-type'];
  if (!type || !request.is(['application/json', '+json'])) {
    throw new BadRequestException({
      statusCode: 400,
      error: 'Bad Request',
      message: `the request body must be JSON (Content-Type: application/json), got ${type ? `Content-Type: ${type.split(';')[0]}` : 'no Content-Type'}`,
    });
  }
  return request.body;
}
