import { addDays, etMidnight, sessionDateOf } from '@mdi/domain';
import { ApiError } from '@mdi/platform';
import { Controller, Get, NotFoundException, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { REPORT_LIST_SCHEMA, REPORT_SCHEMA, SESSION_DATE } from '../../http/api-schemas';
import { dateRangeParams, intParam } from '../../http/query-params';
import { SymbolDirectory } from '../../http/symbol-directory';
import { QualityReportRepository } from '../report/quality-report.repository';
import type { StoredReport } from '../report/stored-report';
import { ReportsQuery } from './reports.query';

@ApiTags('quality')
@Controller('reports')
export class ReportsController {
  private readonly reports: QualityReportRepository;

  constructor(
    dataSource: DataSource,
    private readonly symbols: SymbolDirectory,
  ) {
    this.reports = new QualityReportRepository(dataSource);
  }

  /** The newest report with all its findings. */
  @Get('latest')
  @ApiOperation({ summary: 'The newest quality report, with all its findings' })
  @ApiOkResponse({ description: 'the newest stored report', schema: REPORT_SCHEMA })
  @ApiError(404, 'no quality run has been stored yet')
  async latest(): Promise<StoredReport> {
    const report = await this.reports.latest();
    if (report === null) throw new NotFoundException('no quality run has been stored yet');
    return report;
  }

  /**
   * Reports of runs started from `from` to `to` (New York dates, inclusive;
   * default the last 30 days), newest first. With `symbol`, each report
   * carries that symbol's findings.
   */
  @Get()
  @ApiOperation({ summary: 'Quality reports of a date range, newest first' })
  @ApiQuery({
    name: 'from',
    required: false,
    schema: SESSION_DATE,
    description: 'first New York date of a run (default: 30 days before `to`)',
  })
  @ApiQuery({
    name: 'to',
    required: false,
    schema: SESSION_DATE,
    description: 'last New York date of a run, inclusive (default: today)',
  })
  @ApiQuery({
    name: 'symbol',
    required: false,
    schema: { type: 'string', example: 'AAPL' },
    description: "carry this symbol's findings in each report (a symbol listed in `symbols` or with bars)",
  })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } })
  @ApiOkResponse({ description: 'the reports, newest first', schema: REPORT_LIST_SCHEMA })
  @ApiError(
    400,
    'a malformed date or one outside 1970-01-01..2099-12-31, `from` after `to`, an unknown or malformed symbol, `limit` out of range, a parameter given twice, or an unknown parameter',
  )
  async list(
    @Query() query: ReportsQuery,
  ): Promise<{ from: string; to: string; symbol: string | null; reports: StoredReport[] }> {
    const { from, to } = dateRangeParams(query, sessionDateOf(new Date()), 30);
    const limit = intParam('limit', query.limit, 100, 1, 1000);
    const symbol =
      query.symbol === undefined || query.symbol === '' ? undefined : await this.symbols.requireKnown(query.symbol);
    const reports = await this.reports.between({
      since: etMidnight(from),
      until: etMidnight(addDays(to, 1)),
      symbol,
      limit,
    });
    return { from, to, symbol: symbol ?? null, reports };
  }
}
