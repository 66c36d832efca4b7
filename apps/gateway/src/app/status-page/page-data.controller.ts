import { BadRequestException, Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import { symbolProblem } from '@mdi/domain';
import { ApiError } from '@mdi/platform';
import { ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DOWNSTREAM_SERVICES, type DownstreamService } from '../aggregation/downstream-services';
import { forwardGet } from './downstream-json';
import { BarsDataQuery, CoverageDataQuery, FindingsDataQuery } from './page-data.queries';

/**
 * The status page's data, read from the services that own it (the page only
 * talks to the gateway). Each route forwards one read endpoint and answers
 * its status and body unchanged; a service that does not answer is a 502.
 */
@ApiTags('status page')
@ApiError(502, 'the owning service did not answer')
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
  @ApiOperation({ summary: "The page's coverage heat map data (polygon-ingestor GET /coverage)" })
  @ApiQuery({ name: 'sessions', required: false, schema: { type: 'integer', minimum: 1, maximum: 260 } })
  @ApiQuery({ name: 'to', required: false, schema: { type: 'string', format: 'date' } })
  @ApiOkResponse({
    description: "the polygon-ingestor's answer to `GET /coverage`, unchanged",
    schema: { type: 'object' },
  })
  @ApiError(400, "a parameter given twice or an unknown one, or the polygon-ingestor's reasons, unchanged")
  async coverage(@Query() query: CoverageDataQuery, @Res({ passthrough: true }) response: Response) {
    return this.answer(
      response,
      await forwardGet('polygon-ingestor', this.ingestor.baseUrl, '/coverage', pick(query, ['sessions', 'to'])),
    );
  }

  /** polygon-ingestor GET /bars/:symbol (raw, or split-adjusted with adjusted=true). */
  @Get('bars/:symbol')
  @ApiOperation({ summary: "The page's chart data (polygon-ingestor GET /bars/:symbol)" })
  @ApiParam({ name: 'symbol', schema: { type: 'string', example: 'AAPL' } })
  @ApiQuery({ name: 'from', required: false, schema: { type: 'string', format: 'date' } })
  @ApiQuery({ name: 'to', required: false, schema: { type: 'string', format: 'date' } })
  @ApiQuery({ name: 'adjusted', required: false, schema: { type: 'boolean', default: false } })
  @ApiOkResponse({
    description: "the polygon-ingestor's answer to `GET /bars/:symbol`, unchanged",
    schema: { type: 'object' },
  })
  @ApiError(
    400,
    "a symbol that is not a ticker (never forwarded), a parameter given twice or an unknown one, or the polygon-ingestor's reasons, unchanged",
  )
  @ApiError(409, '`adjusted=true` before the splits ledger has been loaded')
  async bars(
    @Param('symbol') symbol: string,
    @Query() query: BarsDataQuery,
    @Res({ passthrough: true }) response: Response,
  ) {
    return this.answer(response, await this.forwardBars(symbol, `/bars/${encodeURIComponent(symbol)}`, query));
  }

  /** polygon-ingestor GET /bars/:symbol/sources/:source: another source's series of the symbol, for a chart of both. */
  @Get('bars/:symbol/sources/:source')
  @ApiOperation({ summary: "The chart's second series (polygon-ingestor GET /bars/:symbol/sources/:source)" })
  @ApiParam({ name: 'symbol', schema: { type: 'string', example: 'AAPL' } })
  @ApiParam({ name: 'source', schema: { type: 'string', example: 'alpaca' } })
  @ApiQuery({ name: 'from', required: false, schema: { type: 'string', format: 'date' } })
  @ApiQuery({ name: 'to', required: false, schema: { type: 'string', format: 'date' } })
  @ApiQuery({ name: 'adjusted', required: false, schema: { type: 'boolean', default: false } })
  @ApiOkResponse({
    description: "the polygon-ingestor's answer to `GET /bars/:symbol/sources/:source`, unchanged",
    schema: { type: 'object' },
  })
  @ApiError(
    400,
    "a symbol that is not a ticker (never forwarded), a parameter given twice or an unknown one, or the polygon-ingestor's reasons (an unknown source), unchanged",
  )
  @ApiError(409, '`adjusted=true` before the splits ledger has been loaded')
  async barsOfSource(
    @Param('symbol') symbol: string,
    @Param('source') source: string,
    @Query() query: BarsDataQuery,
    @Res({ passthrough: true }) response: Response,
  ) {
    const path = `/bars/${encodeURIComponent(symbol)}/sources/${encodeURIComponent(source)}`;
    return this.answer(response, await this.forwardBars(symbol, path, query));
  }

  /** Only a ticker is forwarded: /bars/export is the ingestor's multi-symbol file export, not a symbol's chart data. */
  private forwardBars(symbol: string, path: string, query: BarsDataQuery) {
    const problem = symbolProblem(symbol);
    if (problem)
      throw new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: 'invalid bars request',
        reasons: [problem],
      });
    return forwardGet('polygon-ingestor', this.ingestor.baseUrl, path, pick(query, ['from', 'to', 'adjusted']));
  }

  /** quality-service GET /reports?symbol=&limit=1: the newest report of the last 30 days with that symbol's findings. */
  @Get('findings')
  @ApiOperation({ summary: "The newest quality report with one symbol's findings (quality-service GET /reports)" })
  @ApiQuery({ name: 'symbol', required: false, schema: { type: 'string', example: 'AAPL' } })
  @ApiOkResponse({
    description: "the quality-service's answer to `GET /reports?limit=1`, unchanged",
    schema: { type: 'object' },
  })
  @ApiError(
    400,
    "`symbol` given twice or an unknown parameter, or the quality-service's reasons, unchanged (an unknown or malformed symbol)",
  )
  async findings(@Query() query: FindingsDataQuery, @Res({ passthrough: true }) response: Response) {
    return this.answer(
      response,
      await forwardGet('quality-service', this.quality.baseUrl, '/reports', { ...pick(query, ['symbol']), limit: '1' }),
    );
  }

  private answer(response: Response, forwarded: { status: number; body: unknown }): unknown {
    response.status(forwarded.status);
    response.setHeader('Cache-Control', 'no-store');
    // Always JSON: a text answer (a proxy's error page, say) is never served to the page as HTML.
    return typeof forwarded.body === 'string'
      ? { statusCode: forwarded.status, message: forwarded.body.slice(0, 500) }
      : forwarded.body;
  }
}

function pick(query: object, names: readonly string[]): Record<string, unknown> {
  const values = query as Record<string, unknown>;
  return Object.fromEntries(names.filter((name) => values[name] !== undefined).map((name) => [name, values[name]]));
}
