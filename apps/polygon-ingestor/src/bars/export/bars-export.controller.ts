import { MARKET_DATA_SOURCES } from '@mdi/domain';
import { ApiError } from '@mdi/platform';
import { applyDecorators, Controller, Get, Header, Query, Req, Res, StreamableFile } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { EXPORT_COVERAGE_SCHEMA } from '../../core/api-schemas';
import { ApiSessionRangeQuery } from '../../core/session-range-query.api';
import { BarsExportQueryParams } from './bars-export.query';
import { BarsExportService } from './bars-export.service';
import { EXPORT_FORMAT_SPECS } from './export-format';
import { EXPORT_FORMATS, MAX_LISTED_EXPORT_SYMBOLS } from './export-request';

const REFUSED_400 =
  'every reason at once: a malformed or unknown symbol, a symbol listed twice, more than ' +
  `${MAX_LISTED_EXPORT_SYMBOLS} symbols, a malformed date, \`from\` after \`to\`, \`adjusted\` not true or false, ` +
  'an unknown source or format, a parameter given twice, an unknown parameter';

/** The query both routes share, so the coverage of a file is asked with the file's own query string. */
const ApiExportQuery = () =>
  applyDecorators(
    ApiQuery({
      name: 'symbols',
      required: false,
      schema: { type: 'string', example: 'AAPL,MSFT,BRK.B' },
      description: `tickers of the universe (any status), comma-separated, at most ${MAX_LISTED_EXPORT_SYMBOLS}; default: every active symbol`,
    }),
    ApiSessionRangeQuery(),
    ApiQuery({
      name: 'adjusted',
      required: false,
      schema: { type: 'boolean', default: false },
      description: 'true: split-adjusted, only over the dates the splits ledger covers (as GET /bars/{symbol})',
    }),
    ApiQuery({
      name: 'source',
      required: false,
      schema: { type: 'string', enum: [...MARKET_DATA_SOURCES] },
      description: "whose bars and coverage ledger; default: this ingestor's source",
    }),
    ApiQuery({
      name: 'format',
      required: false,
      schema: { type: 'string', enum: [...EXPORT_FORMATS], default: 'parquet' },
    }),
  );

@ApiTags('bars')
@Controller('bars/export')
export class BarsExportController {
  constructor(private readonly exports: BarsExportService) {}

  /** GET /bars/export?symbols=AAPL,MSFT&from=2024-01-02&to=2024-06-28&adjusted=true&format=parquet */
  @Get()
  @ApiOperation({
    summary: 'Daily bars of many symbols as one Parquet, Arrow or CSV file for backtests',
    description:
      'Columns: symbol (Utf8), date (Date), timestamp (Datetime ms UTC), open/high/low/close/volume (Float64), ' +
      'vwap (Float64) and transactions (Int64), always null, source (Utf8), adjusted (Boolean), split_factor (Float64). ' +
      'Sorted by symbol and date. Which sessions are gaps is answered by GET /bars/export/coverage with the same query.',
  })
  @ApiExportQuery()
  @ApiProduces(...Object.values(EXPORT_FORMAT_SPECS).map((f) => f.contentType))
  @ApiOkResponse({
    description: 'the file, with a Content-Disposition filename; a Link header names its coverage summary',
    content: Object.fromEntries(
      Object.values(EXPORT_FORMAT_SPECS).map((f) => [f.contentType, { schema: { type: 'string', format: 'binary' } }]),
    ),
  })
  @ApiError(400, `${REFUSED_400}; or the export would hold more bars than BARS_EXPORT_MAX_ROWS (counted first)`)
  @ApiError(409, '`adjusted=true` before the splits ledger has been loaded (run a corporate-actions refresh)')
  @Header('Cache-Control', 'no-store')
  async file(
    @Query() query: BarsExportQueryParams,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    const file = await this.exports.file(query);
    const search = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
    response.setHeader('Link', `<export/coverage${search}>; rel="describedby"; type="application/json"`);
    return new StreamableFile(file.body, {
      type: file.contentType,
      length: file.body.length,
      disposition: `attachment; filename="${file.filename}"`,
    });
  }

  /** GET /bars/export/coverage with the export's query: per symbol, sessions expected, stored, not available, failed. */
  @Get('coverage')
  @ApiOperation({ summary: 'The coverage summary of an export: per symbol, which sessions are gaps' })
  @ApiExportQuery()
  @ApiOkResponse({ description: 'one entry per symbol, from the coverage ledger', schema: EXPORT_COVERAGE_SCHEMA })
  @ApiError(400, REFUSED_400)
  @ApiError(409, '`adjusted=true` before the splits ledger has been loaded (run a corporate-actions refresh)')
  coverage(@Query() query: BarsExportQueryParams) {
    return this.exports.coverage(query);
  }
}
