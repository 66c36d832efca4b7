import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { DOWNSTREAM_SERVICES, type DownstreamService } from '../aggregation/downstream-services';
import { forwardGet } from './downstream-json';

/**
 * The status page's data, read from the services that own it (the page only
 * talks to the gateway). Each route forwards one read endpoint and answers
 * its status and body unchanged; a service that does not answer is a 502.
 */
@Controller('ui/data')
export class PageDataController {
  private readonly ingestor: DownstreamService;
  private readonly quality: DownstreamService;

  constructor(@Inject(DOWNSTREAM_SERVICES) services: DownstreamService[]) {
    const byName = (name: string) => {
      const service = services.find((s) => s.name === name);
      if (!service) throw new Error(`the gateway has no ${name} to read page data from`);
      return service;
    };
    this.ingestor = byName('polygon-ingestor');
    this.quality = byName('quality-service');
  }

  /** polygon-ingestor GET /coverage: the ledger as a symbol x session grid. */
  @Get('coverage')
  async coverage(@Query() query: Record<string, unknown>, @Res({ passthrough: true }) response: Response) {
    return this.answer(response, await forwardGet('polygon-ingestor', this.ingestor.baseUrl, '/coverage', pick(query, ['sessions', 'to'])));
  }

  /** polygon-ingestor GET /bars/:symbol (raw, or split-adjusted with adjusted=true). */
  @Get('bars/:symbol')
  async bars(@Param('symbol') symbol: string, @Query() query: Record<string, unknown>, @Res({ passthrough: true }) response: Response) {
    const path = `/bars/${encodeURIComponent(symbol)}`;
    return this.answer(response, await forwardGet('polygon-ingestor', this.ingestor.baseUrl, path, pick(query, ['from', 'to', 'adjusted'])));
  }

  /** quality-service GET /reports?symbol=&limit=1: the newest report of the last 30 days with that symbol's findings. */
  @Get('findings')
  async findings(@Query() query: Record<string, unknown>, @Res({ passthrough: true }) response: Response) {
    return this.answer(response, await forwardGet('quality-service', this.quality.baseUrl, '/reports', { ...pick(query, ['symbol']), limit: '1' }));
  }

  private answer(response: Response, forwarded: { status: number; body: unknown }): unknown {
    response.status(forwarded.status);
    response.setHeader('Cache-Control', 'no-store');
    // Always JSON: a text answer (a proxy's error page, say) is never served to the page as HTML.
    return typeof forwarded.body === 'string' ? { statusCode: forwarded.status, message: forwarded.body.slice(0, 500) } : forwarded.body;
  }
}

function pick(query: Record<string, unknown>, names: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(names.filter((name) => query[name] !== undefined).map((name) => [name, query[name]]));
}
