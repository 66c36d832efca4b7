import { Controller, Get, Query } from '@nestjs/common';
import { CoverageService, type CoverageQuery } from './coverage-grid.service';

@Controller('coverage')
export class CoverageController {
  constructor(private readonly coverage: CoverageService) {}

  /** GET /coverage?sessions=60[&to=YYYY-MM-DD]: the ledger of the active universe as a symbol x session grid. */
  @Get()
  grid(@Query() query: CoverageQuery) {
    return this.coverage.grid(query);
  }
}
