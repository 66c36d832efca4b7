import { isIsoDate } from '@mdi/domain';
import { Controller, Get, Header, Inject, Logger, NotFoundException, Param, Query, Req, Res } from '@nestjs/common';
import { ApiError, TakesNoQuery } from '@mdi/platform';
import { ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DOWNSTREAM_SERVICES, type DownstreamService } from '../aggregation/downstream-services';
import { FreshFor } from '../aggregation/fresh-for';
import { SystemStatus } from '../aggregation/system-status';
import { GatewayConfig } from '../gateway.config';
import { forwardGet } from './downstream-json';
import { PageAssets } from './page-assets';
import { renderFindings, renderStatusPage, type FindingsModel, type PageReport } from './status-page.html';

export const DEFAULT_REFRESH_MS = 5_000;
export const DEFAULT_SESSIONS = 60;

/**
 * Where the page may load anything from: this gateway only (no CDN, no
 * inline script), so an offline deployment shows the same page and a stray
 * external reference fails loudly in the browser console.
 */
export const PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const SYMBOL = /^[A-Za-z][A-Za-z0-9.]{0,11}$/;

/**
 * GET /: the status page (HTML rendered here, live parts filled in by its
 * script), GET /ui/:asset its script, style sheet and chart library, and
 * GET /ui/findings the findings list alone (the script swaps it in when a
 * newer quality report appears). Nothing here writes.
 */
@ApiTags('status page')
@Controller()
export class StatusPageController {
  private readonly logger = new Logger(StatusPageController.name);
  private readonly assets = new PageAssets();
  private readonly quality: DownstreamService;
  /** The latest findings, read from the quality-service at most once per GATEWAY_STATUS_CACHE_MS, like /status. */
  private readonly latestFindings: FreshFor<FindingsModel>;

  constructor(
    private readonly system: SystemStatus,
    @Inject(DOWNSTREAM_SERVICES) services: DownstreamService[],
    config: GatewayConfig,
  ) {
    const quality = services.find((s) => s.name === 'quality-service');
    if (!quality) throw new Error('the gateway has no quality-service to read findings from');
    this.quality = quality;
    this.latestFindings = new FreshFor(config.GATEWAY_STATUS_CACHE_MS, () => this.readFindings());
  }

  /** ?symbol=AAPL&date=2025-11-20 opens the chart there; ?adjusted=true, ?sessions=N (1-260), ?refresh=seconds (1-300). */
  @Get()
  @ApiOperation({
    summary: 'The status page (HTML)',
    description: 'A parameter that is malformed or out of range is ignored: the page never refuses a request.',
  })
  @ApiQuery({
    name: 'symbol',
    required: false,
    schema: { type: 'string', pattern: SYMBOL.source, example: 'AAPL' },
    description: 'open the chart of this symbol',
  })
  @ApiQuery({
    name: 'date',
    required: false,
    schema: { type: 'string', format: 'date' },
    description: 'open the chart at this session',
  })
  @ApiQuery({
    name: 'adjusted',
    required: false,
    schema: { type: 'boolean', default: false },
    description: 'split-adjusted chart',
  })
  @ApiQuery({
    name: 'sessions',
    required: false,
    schema: { type: 'integer', minimum: 1, maximum: 260, default: DEFAULT_SESSIONS },
    description: 'sessions of the coverage heat map',
  })
  @ApiQuery({
    name: 'refresh',
    required: false,
    schema: { type: 'integer', minimum: 1, maximum: 300, default: DEFAULT_REFRESH_MS / 1000 },
    description: 'seconds between redraws',
  })
  @ApiProduces('text/html')
  @ApiOkResponse({
    description: 'the page, rendered with the current status; its script and styles come from /ui/*',
    content: { 'text/html': { schema: { type: 'string' } } },
  })
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  @Header('Content-Security-Policy', PAGE_CSP)
  async page(@Query() query: Record<string, unknown>): Promise<string> {
    const [status, findings] = await Promise.all([this.system.status(), this.findings()]);
    const symbol =
      typeof query['symbol'] === 'string' && SYMBOL.test(query['symbol']) ? query['symbol'].toUpperCase() : null;
    const date = isIsoDate(query['date']) ? query['date'] : null;
    return renderStatusPage({
      status,
      findings,
      selection: { symbol, date, adjusted: query['adjusted'] === 'true' },
      refreshMs: wholeNumber(query['refresh'], 1, 300) * 1000 || DEFAULT_REFRESH_MS,
      sessions: wholeNumber(query['sessions'], 1, 260) || DEFAULT_SESSIONS,
    });
  }

  @Get('ui/findings')
  @ApiOperation({ summary: 'The latest quality findings as an HTML fragment of the page' })
  @ApiProduces('text/html')
  @ApiOkResponse({
    description: 'the findings list (or why there is none)',
    content: { 'text/html': { schema: { type: 'string' } } },
  })
  @ApiError(400, 'a query parameter was given')
  @TakesNoQuery()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  async findingsFragment(): Promise<string> {
    return renderFindings(await this.findings());
  }

  @Get('ui/:asset')
  @ApiOperation({ summary: 'A script or style sheet of the page, from this gateway' })
  @ApiParam({ name: 'asset', schema: { type: 'string', enum: PageAssets.names() } })
  @ApiProduces('text/javascript', 'text/css')
  @ApiOkResponse({
    description: 'the asset, with its ETag',
    content: { 'text/javascript': { schema: { type: 'string' } }, 'text/css': { schema: { type: 'string' } } },
  })
  @ApiResponse({ status: 304, description: 'unchanged since the ETag in If-None-Match' })
  @ApiError(404, 'not an asset of the page')
  asset(@Param('asset') name: string, @Req() request: Request, @Res() response: Response): void {
    let asset;
    try {
      asset = this.assets.get(name);
    } catch (error) {
      this.logger.error((error as Error).message);
      response
        .status(500)
        .json({ statusCode: 500, error: 'Internal Server Error', message: `${name} is missing from this build` });
      return;
    }
    if (!asset)
      throw new NotFoundException({
        statusCode: 404,
        error: 'Not Found',
        message: `no page asset ${name} (there are ${PageAssets.names().join(', ')})`,
      });
    response.setHeader('Content-Type', asset.contentType);
    response.setHeader('ETag', asset.etag);
    // Revalidated on every load (a 304 costs nothing), so a new build is never hidden by a cached copy.
    response.setHeader('Cache-Control', 'no-cache');
    response.setHeader('X-Content-Type-Options', 'nosniff');
    if (request.headers['if-none-match'] === asset.etag) {
      response.status(304).end();
      return;
    }
    response.status(200).end(asset.body);
  }

  private async findings(): Promise<FindingsModel> {
    return (await this.latestFindings.get()).value;
  }

  private async readFindings(): Promise<FindingsModel> {
    const latest = await forwardGet('quality-service', this.quality.baseUrl, '/reports/latest');
    if (latest.status === 404) return { kind: 'none' };
    if (latest.status !== 200 || typeof latest.body !== 'object' || latest.body === null) {
      const message = (latest.body as { message?: unknown } | null)?.message;
      return { kind: 'unavailable', reason: typeof message === 'string' ? message : `HTTP ${latest.status}` };
    }
    return { kind: 'report', report: latest.body as PageReport };
  }
}

/** A whole number within [min, max] from a query parameter, else 0. */
function wholeNumber(value: unknown, min: number, max: number): number {
  if (typeof value !== 'string' || !/^\d{1,6}$/.test(value)) return 0;
  const n = Number(value);
  return n >= min && n <= max ? n : 0;
}
