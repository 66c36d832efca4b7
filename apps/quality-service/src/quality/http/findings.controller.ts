import { ApiError } from '@mdi/platform';
import { QualityFindingRepository, type FindingStatus, type StoredFinding } from '@mdi/storage';
import { BadRequestException, Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { FINDING_LIST_SCHEMA } from '../../http/api-schemas';
import { intParam } from '../../http/query-params';
import { SymbolDirectory } from '../../http/symbol-directory';
import { FindingsQuery } from './findings.query';

const STATUSES: readonly FindingStatus[] = ['open', 'resolved'];

/** The findings ledger: what quality runs found, since when, and what was fixed when. */
@ApiTags('quality')
@Controller('findings')
export class FindingsController {
  private readonly ledger: QualityFindingRepository;

  constructor(
    dataSource: DataSource,
    private readonly symbols: SymbolDirectory,
  ) {
    this.ledger = new QualityFindingRepository(dataSource);
  }

  @Get()
  @ApiOperation({ summary: 'Open or resolved quality findings, with when each was first seen, last seen and resolved' })
  @ApiQuery({ name: 'status', required: false, schema: { type: 'string', enum: [...STATUSES], default: 'open' } })
  @ApiQuery({
    name: 'symbol',
    required: false,
    schema: { type: 'string', example: 'AAPL' },
    description: "only this symbol's findings (a symbol listed in `symbols` or with bars)",
  })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } })
  @ApiOkResponse({ description: 'the findings', schema: FINDING_LIST_SCHEMA })
  @ApiError(
    400,
    '`status` other than open or resolved, an unknown or malformed symbol, `limit` out of range, a parameter given twice, or an unknown parameter',
  )
  async list(
    @Query() query: FindingsQuery,
  ): Promise<{ status: FindingStatus; symbol: string | null; findings: StoredFinding[] }> {
    const status = statusParam(query.status);
    const limit = intParam('limit', query.limit, 100, 1, 1000);
    const symbol =
      query.symbol === undefined || query.symbol === '' ? undefined : await this.symbols.requireKnown(query.symbol);
    const findings = await this.ledger.list({ status, symbol, limit });
    return { status, symbol: symbol ?? null, findings };
  }
}

function statusParam(value: string | undefined): FindingStatus {
  if (value === undefined || value === '') return 'open';
  const status = STATUSES.find((s) => s === value);
  if (status === undefined)
    throw new BadRequestException(`status must be one of ${STATUSES.join(', ')}, got ${JSON.stringify(value)}`);
  return status;
}
