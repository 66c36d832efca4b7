import { ApiError } from '@mdi/platform';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { COVERAGE_SCHEMA, SESSION_DATE } from '../core/api-schemas';
import { CoverageService, DEFAULT_COVERAGE_SESSIONS, MAX_COVERAGE_SESSIONS } from './coverage-grid.service';
import { CoverageQueryParams } from './coverage.query';

@ApiTags('coverage')
@Controller('coverage')
export class CoverageController {
  constructor(private readonly coverage: CoverageService) {}

  /** GET /coverage?sessions=60[&to=YYYY-MM-DD]: the ledger of the active universe as a symbol x session grid. */
  @Get()
  @ApiOperation({ summary: 'The coverage ledger of the active universe over the last sessions' })
  @ApiQuery({
    name: 'sessions',
    required: false,
    schema: { type: 'integer', minimum: 1, maximum: MAX_COVERAGE_SESSIONS, default: DEFAULT_COVERAGE_SESSIONS },
  })
  @ApiQuery({
    name: 'to',
    required: false,
    schema: SESSION_DATE,
    description: 'last session of the grid (default: the last published one)',
  })
  @ApiOkResponse({ description: 'one row of cell codes per active symbol', schema: COVERAGE_SCHEMA })
  @ApiError(
    400,
    'every reason at once: `sessions` out of range, a malformed `to` or one after the last published session, a parameter given twice, an unknown parameter',
  )
  grid(@Query() query: CoverageQueryParams) {
    return this.coverage.grid(query);
  }
}
