import { Controller, Get, Param, Query } from '@nestjs/common';
import { BarsService, type BarsQuery } from './bars.service';

@Controller('bars')
export class BarsController {
  constructor(private readonly bars: BarsService) {}

  /** GET /bars/AAPL?from=2025-01-02&to=2025-06-30&adjusted=true */
  @Get(':symbol')
  series(@Param('symbol') symbol: string, @Query() query: BarsQuery) {
    return this.bars.series(symbol, query);
  }
}
