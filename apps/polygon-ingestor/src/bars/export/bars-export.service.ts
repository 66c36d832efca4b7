import { daysBetween, type IsoDate, type MarketDataSource, type TradingCalendar } from '@mdi/domain';
import {
  CorporateActionRepository,
  MarketDataExportRepository,
  SymbolDataStatusRepository,
  type BarExportScope,
} from '@mdi/storage';
import { Inject, Injectable } from '@nestjs/common';
import { Mutex } from 'async-mutex';
import { PolygonIngestorConfig } from '../../app/polygon-ingestor.config';
import { FillPlanner } from '../../backfill/fill-planner.service';
import { MARKET_DATA_SOURCE } from '../../core/market-data-source';
import { badRequest, conflict } from '../../core/request-errors';
import { TRADING_CALENDAR } from '../../core/trading-calendar.token';
import { SymbolUniverseService } from '../../symbols/symbol-universe.service';
import { adjustableRange, SPLITS_NOT_LOADED } from '../adjusted-range';
import { symbolCoverage, type ExportCoverage } from './export-coverage';
import { EXPORT_FORMAT_SPECS } from './export-format';
import { exportSizeBound } from './export-size-bound';
import { parseExportRequest, type ExportQuery, type ExportRequest } from './export-request';
import { ExportEncoderThread } from './export-worker-thread';
import { copyOwnedBarColumns } from './owned-bar-columns';
import { NO_SPLIT_FACTORS, splitFactorTable } from './split-factor-table';

/** An encoded export and how to name it. */
export interface ExportFile {
  readonly body: Buffer;
  readonly contentType: string;
  readonly filename: string;
  readonly rows: number;
}

/** A checked request: its symbols resolved and the range the file covers. */
interface PlannedExport {
  readonly request: ExportRequest;
  readonly scope: BarExportScope;
  /** False when an adjusted export has no date the splits ledger covers: the file has no rows. */
  readonly covered: boolean;
}

const REFUSAL = 'invalid export request';

/**
 * COPY streams of one export: PostgreSQL reads and sends each in its own backend, on its own core (most
 * of a large export's time), while this process decodes what arrives. Two: more than the database's free
 * cores would only take turns.
 */
const EXPORT_COPY_STREAMS = 2;

/**
 * Stored bars of many symbols as one file for backtests, built with
 * nodejs-polars from storage's binary COPY, raw or split-adjusted under the
 * bars API's rules (adjustableRange, the domain's split factors), and the
 * per-symbol coverage of the same range from the coverage ledger. An export
 * over BARS_EXPORT_MAX_ROWS is refused before any bar is read. Files are
 * built one at a time per process, each in a worker thread that ends with it
 * (encodeInWorker): the memory limit holds one export of BARS_EXPORT_MAX_ROWS
 * (k8s/README.md), and a request arriving meanwhile waits its turn.
 */
@Injectable()
export class BarsExportService {
  private readonly building = new Mutex();

  constructor(
    private readonly config: PolygonIngestorConfig,
    private readonly planner: FillPlanner,
    private readonly universe: SymbolUniverseService,
    private readonly bars: MarketDataExportRepository,
    private readonly actions: CorporateActionRepository,
    private readonly statuses: SymbolDataStatusRepository,
    @Inject(TRADING_CALENDAR) private readonly calendar: TradingCalendar,
    @Inject(MARKET_DATA_SOURCE) private readonly source: MarketDataSource,
  ) {}

  async file(query: ExportQuery): Promise<ExportFile> {
    const { request, scope, covered } = await this.plan(query);
    if (covered) await this.assertWithinLimit(scope);
    const encoded = await this.building.runExclusive(async () => {
      const splits = request.adjusted && covered ? await this.actions.findSplitsOf(scope.symbols) : [];
      const thread = ExportEncoderThread.start({
        source: request.source,
        adjusted: request.adjusted,
        splitFactors: splits.length > 0 ? splitFactorTable(splits) : NO_SPLIT_FACTORS,
        format: request.format,
      });
      try {
        if (covered)
          await this.bars.copyBarColumnsInParts(scope, EXPORT_COPY_STREAMS, (copy, part) =>
            copyOwnedBarColumns(copy, (chunk) => thread.add(part, chunk)),
          );
      } catch (error) {
        await thread.abort();
        throw error;
      }
      return thread.finish();
    });
    const format = EXPORT_FORMAT_SPECS[request.format];
    const kind = request.adjusted ? 'adjusted' : 'raw';
    return {
      body: Buffer.from(encoded.body.buffer, encoded.body.byteOffset, encoded.body.byteLength),
      contentType: format.contentType,
      filename: `bars-${request.source}-${request.from}-${request.to}-${kind}.${format.extension}`,
      rows: encoded.rows,
    };
  }

  async coverage(query: ExportQuery): Promise<ExportCoverage> {
    const { request, scope, covered } = await this.plan(query);
    const lastPublishedSession = this.planner.window().to;
    const through = scope.to < lastPublishedSession ? scope.to : lastPublishedSession;
    const sessions = covered && scope.from <= through ? this.sessionsBetween(scope.from, through) : [];
    const [grid, counts] = await Promise.all([
      this.statuses.coverageGrid(scope.symbols, sessions, scope.source),
      covered ? this.bars.countBars(scope) : Promise.resolve(new Map<string, number>()),
    ]);
    const symbols = grid.map((row) => symbolCoverage(row, counts.get(row.symbol) ?? 0));
    return {
      source: request.source,
      adjusted: request.adjusted,
      from: request.from,
      to: request.to,
      coveredFrom: scope.from,
      coveredThrough: scope.to,
      truncated: scope.from !== request.from || scope.to !== request.to,
      lastPublishedSession,
      sessions: sessions.length,
      rows: symbols.reduce((sum, s) => sum + s.stored, 0),
      symbols,
    };
  }

  /**
   * Refuses an export over BARS_EXPORT_MAX_ROWS before any bar is read. A symbol has at most one bar a
   * calendar day (a bar's timestamp is its session's midnight in New York, unique per symbol and source),
   * so when symbols x days fits there is nothing to read; when symbols x sessions plus the bars of the days
   * without a session fits (exportSizeBound, one cheap query), nothing to count; otherwise the stored bars
   * are counted, and the refusal says how many there are.
   */
  private async assertWithinLimit(scope: BarExportScope): Promise<void> {
    const limit = this.config.BARS_EXPORT_MAX_ROWS;
    if (scope.symbols.length * (daysBetween(scope.from, scope.to) + 1) <= limit) return;
    const bound = await exportSizeBound(scope, this.calendar, (dates) => this.bars.countBarsOn(scope, dates));
    if (bound !== null && bound <= limit) return;
    let total = 0;
    for (const bars of (await this.bars.countBars(scope)).values()) total += bars;
    if (total > limit)
      throw badRequest('export too large', [
        `the export would hold ${total} bars, more than BARS_EXPORT_MAX_ROWS (${limit}): ask for fewer symbols or a shorter range`,
      ]);
  }

  /** Checks the request with every reason, resolves its symbols and cuts an adjusted range to the splits ledger. */
  private async plan(query: ExportQuery): Promise<PlannedExport> {
    const window = this.planner.window();
    const parsed = parseExportRequest(query, { from: window.from, to: window.to, source: this.source });
    if ('reasons' in parsed) throw badRequest(REFUSAL, parsed.reasons);
    const { request } = parsed;
    const symbols = request.symbols ?? [...(await this.universe.activeSymbolsFresh())].sort();
    if (request.symbols) {
      const known = new Set((await this.universe.list()).map((s) => s.symbol));
      const unknown = request.symbols.filter((s) => !known.has(s));
      if (unknown.length > 0)
        throw badRequest(
          REFUSAL,
          unknown.map((s) => `symbols: ${s} is not a symbol of the universe`),
        );
    }
    if (!request.adjusted)
      return { request, scope: { symbols, from: request.from, to: request.to, source: request.source }, covered: true };
    const coverage = await this.actions.coverage('split');
    if (!coverage) throw conflict(SPLITS_NOT_LOADED);
    const { first, last } = adjustableRange(request.from, request.to, coverage);
    return {
      request,
      scope: { symbols, from: first, to: last, source: request.source },
      covered: first <= last,
    };
  }

  private sessionsBetween(from: IsoDate, to: IsoDate): IsoDate[] {
    try {
      return this.calendar.sessionsBetween(from, to).map((s) => s.date);
    } catch (error) {
      // The calendar knows a fixed range of years; dates before it cannot be counted.
      if (error instanceof RangeError) throw badRequest(REFUSAL, [error.message]);
      throw error;
    }
  }
}
