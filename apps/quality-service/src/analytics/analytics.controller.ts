import { sessionDateOf } from '@mdi/domain';
import { ApiError } from '@mdi/platform';
import { BadRequestException, Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { INDICATOR_SERIES_SCHEMA, SESSION_DATE } from '../http/api-schemas';
import { dateRangeParams } from '../http/query-params';
import { SymbolDirectory } from '../http/symbol-directory';
import { AnalyticsService, type IndicatorSeries } from './analytics.service';
import { parseIndicatorList } from './indicators/indicator-registry';
import { IndicatorsQuery } from './indicators.query';

const ALL_INDICATORS = 'sma,ema,rsi,macd,bollinger,atr';

@ApiTags('analytics')
@Controller('analytics')
export class AnalyticsController {
  constructor(
    private readonly analytics: AnalyticsService,
    private readonly symbols: SymbolDirectory,
  ) {}

  /**
   * Indicators for one symbol over from..to (New York session dates,
   * inclusive; default the last 365 days). `indicators` is a list such as
   * `sma,ema:10,macd:12:26:9`; all six with standard parameters by default.
   */
  @Get(':symbol/indicators')
  @ApiOperation({ summary: 'Technical indicators of one symbol over a range of sessions' })
  @ApiParam({
    name: 'symbol',
    schema: { type: 'string', pattern: '^[A-Za-z0-9.-]{1,10}$', example: 'AAPL' },
    description: 'a symbol listed in `symbols` or with bars (any case)',
  })
  @ApiQuery({
    name: 'from',
    required: false,
    schema: SESSION_DATE,
    description: 'first session (default: 365 days before `to`)',
  })
  @ApiQuery({
    name: 'to',
    required: false,
    schema: SESSION_DATE,
    description: 'last session, inclusive (default: today in New York)',
  })
  @ApiQuery({
    name: 'indicators',
    required: false,
    schema: { type: 'string', default: ALL_INDICATORS, example: 'sma,ema:10,macd:12:26:9' },
    description:
      'comma-separated names of sma, ema, rsi, macd, bollinger, atr, each optionally with `:`-separated parameters',
  })
  @ApiOkResponse({ description: 'one row per session with a column per indicator', schema: INDICATOR_SERIES_SCHEMA })
  @ApiError(
    400,
    'a malformed or unknown symbol, a malformed date or one outside 1970-01-01..2099-12-31, `from` after `to`, an unknown indicator, bad indicator parameters or an indicator listed twice, a parameter given twice, or an unknown parameter',
  )
  async indicators(@Param('symbol') rawSymbol: string, @Query() query: IndicatorsQuery): Promise<IndicatorSeries> {
    const { from, to } = dateRangeParams(query, sessionDateOf(new Date()), 365);
    const list = query.indicators ?? ALL_INDICATORS;
    let requests;
    try {
      requests = parseIndicatorList(list);
    } catch (error) {
      throw new BadRequestException((error as Error).message);
    }
    const symbol = await this.symbols.requireKnown(rawSymbol);
    return this.analytics.indicators(symbol, from, to, requests);
  }
}
