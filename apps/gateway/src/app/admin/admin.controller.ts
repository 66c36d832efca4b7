import { ApiAdminToken, ApiError, SkipServiceToken } from '@mdi/platform';
import {
  applyDecorators,
  BadRequestException,
  Controller,
  Delete,
  Get,
  Param,
  Post,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ADMIN_BACKFILL_BODY, ADMIN_END_OF_DAY_BODY, ADMIN_SYMBOL_BODY, forwardedAnswer } from '../api-schemas';
import { AdminGuard } from './auth/admin.guard';
import { adminRequestBody } from './forwarding/admin-request-body';
import { ServiceForwarder, type ForwardedCall } from './forwarding/service-forwarder';

/**
 * Admin actions, each forwarded to the service that owns it (the service
 * validates and answers; its 2xx and 4xx come back unchanged). Protected by
 * the admin token (AdminGuard), not by the service token.
 */
@ApiTags('admin')
@ApiAdminToken()
@ApiError(429, 'too many failed admin authentications from this address (Retry-After says when to try again)')
@ApiError(
  503,
  'admin endpoints are disabled (no GATEWAY_ADMIN_TOKEN), or Redis, where failed attempts are counted, does not answer',
)
@ApiError(502, "the owning service is unreachable, refused the gateway's service token, or failed (5xx)")
@ApiError(504, 'the owning service did not answer within GATEWAY_FORWARD_TIMEOUT_MS')
@Controller('admin')
@UseGuards(AdminGuard)
@SkipServiceToken()
export class AdminController {
  constructor(private readonly forwarder: ServiceForwarder) {}

  /** The plan first: missing cells, calls, ETA. Nothing is enqueued. */
  @Get('backfill/plan')
  @ApiOperation({ summary: 'Backfill dry run: the plan, its calls and duration (polygon-ingestor)' })
  @ApiResponse({ status: 200, ...forwardedAnswer('polygon-ingestor', 'GET /backfill/plan') })
  @ApiError(400, 'the service refused the query (its reasons, unchanged)')
  @ApiQuery({
    name: 'symbols',
    required: false,
    schema: { type: 'string', example: 'AAPL,MSFT' },
    description: 'passed on as written, like every parameter',
  })
  @ApiQuery({ name: 'from', required: false, schema: { type: 'string', format: 'date' } })
  @ApiQuery({ name: 'to', required: false, schema: { type: 'string', format: 'date' } })
  plan(@Req() request: Request, @Res() response: Response) {
    return this.send(response, {
      service: 'polygon-ingestor',
      method: 'GET',
      path: `/backfill/plan${queryOf(request)}`,
    });
  }

  @Post('backfill')
  @ApiOperation({ summary: 'Start a backfill (polygon-ingestor)' })
  @ApiBody({ required: false, schema: ADMIN_BACKFILL_BODY })
  @ApiResponse({ status: 202, ...forwardedAnswer('polygon-ingestor', 'POST /backfill') })
  @ApiError(400, 'a body that is not JSON, or the service refused the request (its reasons, unchanged)')
  @ApiError(409, 'historical backfill is disabled on the polygon-ingestor')
  backfill(@Req() request: Request, @Res() response: Response) {
    return this.forwardBody(request, response, 'polygon-ingestor', '/backfill', {});
  }

  @Get('backfill/runs')
  @ApiOperation({ summary: 'Recent backfill runs with their progress (polygon-ingestor)' })
  @ApiResponse({ status: 200, ...forwardedAnswer('polygon-ingestor', 'GET /backfill/runs') })
  runs(@Res() response: Response) {
    return this.send(response, { service: 'polygon-ingestor', method: 'GET', path: '/backfill/runs' });
  }

  @Get('backfill/runs/:id')
  @ApiOperation({ summary: 'One backfill run (polygon-ingestor)' })
  @ApiParam({ name: 'id', schema: { type: 'integer', minimum: 1 } })
  @ApiResponse({ status: 200, ...forwardedAnswer('polygon-ingestor', 'GET /backfill/runs/:id') })
  @ApiError(400, 'the id is not a positive integer')
  @ApiError(404, 'no backfill run has this id')
  run(@Param('id') id: string, @Res() response: Response) {
    return this.send(response, { service: 'polygon-ingestor', method: 'GET', path: `/backfill/runs/${segment(id)}` });
  }

  /** No body: the scheduled tick; `{"date": "YYYY-MM-DD"}`: that session. */
  @Post('end-of-day')
  @ApiOperation({ summary: 'End-of-day now, or for one session (polygon-ingestor)' })
  @ApiBody({ required: false, schema: ADMIN_END_OF_DAY_BODY })
  @ApiResponse({ status: 202, ...forwardedAnswer('polygon-ingestor', 'POST /operations/end-of-day') })
  @ApiError(400, 'a body that is not JSON, or the service refused the request (its reasons, unchanged)')
  endOfDay(@Req() request: Request, @Res() response: Response) {
    return this.forwardBody(request, response, 'polygon-ingestor', '/operations/end-of-day');
  }

  @IngestorOperation('gap-repair', 'Backfill whatever is missing')
  gapRepair(@Req() request: Request, @Res() response: Response) {
    return this.forwardBody(request, response, 'polygon-ingestor', '/operations/gap-repair');
  }

  @IngestorOperation('reference-sync', 'Ticker reference sync')
  referenceSync(@Req() request: Request, @Res() response: Response) {
    return this.forwardBody(request, response, 'polygon-ingestor', '/operations/reference-sync');
  }

  @IngestorOperation('corporate-actions', 'Splits and dividends refresh')
  corporateActions(@Req() request: Request, @Res() response: Response) {
    return this.forwardBody(request, response, 'polygon-ingestor', '/operations/corporate-actions');
  }

  @Post('quality/runs')
  @ApiOperation({ summary: 'Run every quality check now (quality-service)' })
  @ApiResponse({ status: 201, ...forwardedAnswer('quality-service', 'POST /runs') })
  @ApiError(400, 'a body that is not JSON')
  qualityRun(@Req() request: Request, @Res() response: Response) {
    return this.forwardBody(request, response, 'quality-service', '/runs');
  }

  /** `{"symbol": "PLTR", "sector"?: "..."}`: add (201) or reactivate (200). */
  @Post('symbols')
  @ApiOperation({ summary: 'Add or reactivate a symbol (polygon-ingestor)' })
  @ApiBody({ required: false, schema: ADMIN_SYMBOL_BODY })
  @ApiResponse({ status: 201, ...forwardedAnswer('polygon-ingestor', 'POST /symbols') })
  @ApiError(400, 'a body that is not JSON, or the service refused the request (its reasons, unchanged)')
  @ApiResponse({
    status: 200,
    ...forwardedAnswer('polygon-ingestor', 'POST /symbols'),
    description: 'the symbol was already in the universe: reactivated',
  })
  addSymbol(@Req() request: Request, @Res() response: Response) {
    return this.forwardBody(request, response, 'polygon-ingestor', '/symbols', {});
  }

  @Delete('symbols/:symbol')
  @ApiOperation({ summary: 'Remove a symbol from the universe (polygon-ingestor)' })
  @AdminSymbolParam()
  @ApiResponse({ status: 204, ...forwardedAnswer('polygon-ingestor', 'DELETE /symbols/:symbol') })
  removeSymbol(@Param('symbol') symbol: string, @Res() response: Response) {
    return this.send(response, { service: 'polygon-ingestor', method: 'DELETE', path: `/symbols/${segment(symbol)}` });
  }

  @Post('symbols/:symbol/suspend')
  @ApiOperation({ summary: 'Suspend a symbol (polygon-ingestor)' })
  @AdminSymbolParam()
  @ApiResponse({ status: 200, ...forwardedAnswer('polygon-ingestor', 'POST /symbols/:symbol/suspend') })
  suspend(@Param('symbol') symbol: string, @Res() response: Response) {
    return this.send(response, {
      service: 'polygon-ingestor',
      method: 'POST',
      path: `/symbols/${segment(symbol)}/suspend`,
    });
  }

  @Post('symbols/:symbol/activate')
  @ApiOperation({ summary: 'Activate a symbol (polygon-ingestor)' })
  @AdminSymbolParam()
  @ApiResponse({ status: 200, ...forwardedAnswer('polygon-ingestor', 'POST /symbols/:symbol/activate') })
  activate(@Param('symbol') symbol: string, @Res() response: Response) {
    return this.send(response, {
      service: 'polygon-ingestor',
      method: 'POST',
      path: `/symbols/${segment(symbol)}/activate`,
    });
  }

  /** POSTs the admin request's JSON body (or `fallback` when it has none) to `path` of `service`. */
  private forwardBody(
    request: Request,
    response: Response,
    service: ForwardedCall['service'],
    path: string,
    fallback?: object,
  ): Promise<void> {
    return this.send(response, { service, method: 'POST', path, body: adminRequestBody(request) ?? fallback });
  }

  private async send(response: Response, call: ForwardedCall): Promise<void> {
    const answer = await this.forwarder.forward(call);
    response.status(answer.status);
    if (answer.contentType) response.setHeader('content-type', answer.contentType);
    response.send(answer.text);
  }
}

/** The raw query string, passed on as the client wrote it. */
function queryOf(request: Request): string {
  const index = request.originalUrl.indexOf('?');
  return index === -1 ? '' : request.originalUrl.slice(index);
}

/**
 * POST /admin/<name>: forwarded to the polygon-ingestor's POST /operations/<name>,
 * which queues it (202); a body must be JSON.
 */
function IngestorOperation(name: string, summary: string): MethodDecorator {
  return applyDecorators(
    Post(name),
    ApiOperation({ summary: `${summary} (polygon-ingestor)` }),
    ApiResponse({ status: 202, ...forwardedAnswer('polygon-ingestor', `POST /operations/${name}`) }),
    ApiError(400, 'a body that is not JSON'),
  );
}

/** The `:symbol` of a symbol command: documented with the 400 and 404 the polygon-ingestor answers. */
function AdminSymbolParam(): MethodDecorator {
  return applyDecorators(
    ApiParam({ name: 'symbol', schema: { type: 'string', example: 'PLTR' } }),
    ApiError(400, 'a malformed symbol, or `.`/`..`'),
    ApiError(404, 'the symbol is not in the universe'),
  );
}

/** A path parameter as one encoded segment: it can never climb to another route of the service. */
function segment(value: string): string {
  if (value === '.' || value === '..') {
    throw new BadRequestException({
      statusCode: 400,
      error: 'Bad Request',
      message: `invalid path segment ${JSON.stringify(value)}`,
    });
  }
  return encodeURIComponent(value);
}
