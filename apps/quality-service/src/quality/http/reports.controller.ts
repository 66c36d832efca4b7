import { addDays, etMidnight, sessionDateOf } from '@mdi/domain';
import { Controller, Get, NotFoundException, Query } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { dateRangeParams, intParam, singleParam } from '../../http/query-params';
import { SymbolDirectory } from '../../http/symbol-directory';
import { QualityReportRepository } from '../report/quality-report.repository';
import type { StoredReport } from '../report/stored-report';

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
  async list(@Query() query: Record<string, unknown>): Promise<{ from: string; to: string; symbol: string | null; reports: StoredReport[] }> {
    const params = Object.fromEntries(['from', 'to', 'symbol', 'limit'].map((name) => [name, singleParam(name, query[name])]));
    const { from, to } = dateRangeParams(params, sessionDateOf(new Date()), 30);
    const limit = intParam('limit', params['limit'], 100, 1, 1000);
    const symbol = params['symbol'] === undefined || params['symbol'] === '' ? undefined : await this.symbols.requireKnown(params['symbol']);
    const reports = await this.reports.between({ since: etMidnight(from), until: etMidnight(addDays(to, 1)), symbol, limit });
    return { from, to, symbol: symbol ?? null, reports };
  }
}
