import { MARKET_DATA_SOURCES } from '@mdi/domain';
import { ApiError } from '@mdi/platform';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { BAR_SERIES_SCHEMA, TICKER } from '../core/api-schemas';
import { ApiSessionRangeQuery } from '../core/session-range-query.api';
import { BarsQueryParams } from './bars.query';
import { BarsService } from './bars.service';

@ApiTags('bars')
@Controller('bars')
export class BarsController {
  constructor(private readonly bars: BarsService) {}

  /** GET /bars/AAPL?from=2025-01-02&to=2025-06-30&adjusted=true */
  @Get(':symbol')
  @ApiOperation({ summary: 'Daily bars of one symbol, as stored or split-adjusted on read' })
  @ApiParam({ name: 'symbol', schema: TICKER })
  @ApiSessionRangeQuery()
  @ApiQuery({
    name: 'adjusted',
    required: false,
    schema: { type: 'boolean', default: false },
    description: 'true: split-adjusted, only over the dates the splits ledger covers',
  })
  @ApiOkResponse({ description: 'the bars, prices and volumes as decimal text', schema: BAR_SERIES_SCHEMA })
  @ApiError(
    400,
    'every reason at once: a malformed symbol or date, `from` after `to`, `adjusted` not true or false, a parameter given twice, an unknown parameter',
  )
  @ApiError(409, '`adjusted=true` before the splits ledger has been loaded (run a corporate-actions refresh)')
  series(@Param('symbol') symbol: string, @Query() query: BarsQueryParams) {
    return this.bars.series(symbol, query);
  }

  /** GET /bars/AAPL/sources/alpaca: another source's series of the symbol (its chart next to the primary's). */
  @Get(':symbol/sources/:source')
  @ApiOperation({ summary: 'Daily bars of one symbol from one source (polygon or alpaca), as GET /bars/:symbol' })
  @ApiParam({ name: 'symbol', schema: TICKER })
  @ApiParam({ name: 'source', schema: { type: 'string', enum: [...MARKET_DATA_SOURCES] } })
  @ApiSessionRangeQuery()
  @ApiQuery({ name: 'adjusted', required: false, schema: { type: 'boolean', default: false } })
  @ApiOkResponse({ description: 'the bars of that source, as GET /bars/:symbol answers', schema: BAR_SERIES_SCHEMA })
  @ApiError(400, 'every reason at once, as GET /bars/:symbol, and a source that is not polygon or alpaca')
  @ApiError(409, '`adjusted=true` before the splits ledger has been loaded (run a corporate-actions refresh)')
  seriesOfSource(@Param('symbol') symbol: string, @Param('source') source: string, @Query() query: BarsQueryParams) {
    return this.bars.series(symbol, query, source);
  }
}
