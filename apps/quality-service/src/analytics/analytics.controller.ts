import { sessionDateOf } from '@mdi/domain';
import { BadRequestException, Controller, Get, Param, Query } from '@nestjs/common';
import { dateRangeParams, singleParam } from '../http/query-params';
import { SymbolDirectory } from '../http/symbol-directory';
import { AnalyticsService, type IndicatorSeries } from './analytics.service';
import { parseIndicatorList } from './indicators/indicator-registry';

const ALL_INDICATORS = 'sma,ema,rsi,macd,bollinger,atr';

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
  async indicators(@Param('symbol') rawSymbol: string, @Query() query: Record<string, unknown>): Promise<IndicatorSeries> {
    const params = Object.fromEntries(['from', 'to', 'indicators'].map((name) => [name, singleParam(name, query[name])]));
    const { from, to } = dateRangeParams(params, sessionDateOf(new Date()), 365);
    const list = params['indicators'] === undefined ? ALL_INDICATORS : params['indicators'];
    if (typeof list !== 'string') throw new BadRequestException('indicators must be a comma-separated list');
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
