import { SkipServiceToken } from '@mdi/platform';
import { BadRequestException, Controller, Delete, Get, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AdminGuard } from './auth/admin.guard';
import { adminRequestBody } from './forwarding/admin-request-body';
import { ServiceForwarder, type ForwardedCall } from './forwarding/service-forwarder';

/**
 * Admin actions, each forwarded to the service that owns it (the service
 * validates and answers; its 2xx and 4xx come back unchanged). Protected by
 * the admin token (AdminGuard), not by the service token.
 */
@Controller('admin')
@UseGuards(AdminGuard)
@SkipServiceToken()
export class AdminController {
  constructor(private readonly forwarder: ServiceForwarder) {}

  /** The plan first: missing cells, calls, ETA. Nothing is enqueued. */
  @Get('backfill/plan')
  plan(@Req() request: Request, @Res() response: Response) {
    return this.send(response, { service: 'polygon-ingestor', method: 'GET', path: `/backfill/plan${queryOf(request)}` });
  }

  @Post('backfill')
  backfill(@Req() request: Request, @Res() response: Response) {
    return this.send(response, { service: 'polygon-ingestor', method: 'POST', path: '/backfill', body: adminRequestBody(request) ?? {} });
  }

  @Get('backfill/runs')
  runs(@Res() response: Response) {
    return this.send(response, { service: 'polygon-ingestor', method: 'GET', path: '/backfill/runs' });
  }

  @Get('backfill/runs/:id')
  run(@Param('id') id: string, @Res() response: Response) {
    return this.send(response, { service: 'polygon-ingestor', method: 'GET', path: `/backfill/runs/${segment(id)}` });
  }

  /** No body: the scheduled tick; `{"date": "YYYY-MM-DD"}`: that session. */
  @Post('end-of-day')
  endOfDay(@Req() request: Request, @Res() response: Response) {
    return this.send(response, { service: 'polygon-ingestor', method: 'POST', path: '/operations/end-of-day', body: adminRequestBody(request) });
  }

  @Post('gap-repair')
  gapRepair(@Req() request: Request, @Res() response: Response) {
    return this.send(response, { service: 'polygon-ingestor', method: 'POST', path: '/operations/gap-repair', body: adminRequestBody(request) });
  }

  @Post('reference-sync')
  referenceSync(@Req() request: Request, @Res() response: Response) {
    return this.send(response, { service: 'polygon-ingestor', method: 'POST', path: '/operations/reference-sync', body: adminRequestBody(request) });
  }

  @Post('corporate-actions')
  corporateActions(@Req() request: Request, @Res() response: Response) {
    return this.send(response, { service: 'polygon-ingestor', method: 'POST', path: '/operations/corporate-actions', body: adminRequestBody(request) });
  }

  @Post('quality/runs')
  qualityRun(@Req() request: Request, @Res() response: Response) {
    return this.send(response, { service: 'quality-service', method: 'POST', path: '/runs', body: adminRequestBody(request) });
  }

  /** `{"symbol": "PLTR", "sector"?: "..."}`: add (201) or reactivate (200). */
  @Post('symbols')
  addSymbol(@Req() request: Request, @Res() response: Response) {
    return this.send(response, { service: 'polygon-ingestor', method: 'POST', path: '/symbols', body: adminRequestBody(request) ?? {} });
  }

  @Delete('symbols/:symbol')
  removeSymbol(@Param('symbol') symbol: string, @Res() response: Response) {
    return this.send(response, { service: 'polygon-ingestor', method: 'DELETE', path: `/symbols/${segment(symbol)}` });
  }

  @Post('symbols/:symbol/suspend')
  suspend(@Param('symbol') symbol: string, @Res() response: Response) {
    return this.send(response, { service: 'polygon-ingestor', method: 'POST', path: `/symbols/${segment(symbol)}/suspend` });
  }

  @Post('symbols/:symbol/activate')
  activate(@Param('symbol') symbol: string, @Res() response: Response) {
    return this.send(response, { service: 'polygon-ingestor', method: 'POST', path: `/symbols/${segment(symbol)}/activate` });
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

/** A path parameter as one encoded segment: it can never climb to another route of the service. */
function segment(value: string): string {
  if (value === '.' || value === '..') {
    throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: `invalid path segment ${JSON.stringify(value)}` });
  }
  return encodeURIComponent(value);
}
