import {
  etMidnight,
  isIsoDate,
  MARKET_DATA_SOURCES,
  sessionDateOf,
  splitAdjust,
  symbolProblem,
  type IsoDate,
  type MarketDataSource,
  type StockSplit,
  sourceParameterProblem,
} from '@mdi/domain';
import { CorporateActionRepository, MarketDataRepository } from '@mdi/storage';
import { Inject, Injectable } from '@nestjs/common';
import { FillPlanner } from '../backfill/fill-planner.service';
import { MARKET_DATA_SOURCE } from '../core/market-data-source';
import { badRequest, conflict } from '../core/request-errors';
import { adjustableRange, SPLITS_NOT_LOADED } from './adjusted-range';

export interface BarsQuery {
  readonly from?: unknown;
  readonly to?: unknown;
  readonly adjusted?: unknown;
}

/**
 * Daily bars of one source (the ingestor's own, MARKET_DATA_SOURCE, unless another is asked for) as stored (unadjusted) or split-adjusted on read from the
 * corporate-actions ledger. An adjusted series only covers dates the splits
 * ledger is complete for: a bar after `covered_through` could follow a split
 * we do not know yet, so it is left out (and the answer says so) rather than
 * mixed with wrongly scaled history.
 */
@Injectable()
export class BarsService {
  constructor(
    private readonly bars: MarketDataRepository,
    private readonly actions: CorporateActionRepository,
    private readonly planner: FillPlanner,
    @Inject(MARKET_DATA_SOURCE) private readonly source: MarketDataSource,
  ) {}

  /**
   * `source` (GET /bars/:symbol/sources/:source) picks another source's series of the symbol, e.g. Alpaca's next to
   * Polygon's for a chart of both; every answer names its source and the other sources with bars of the symbol in
   * the range (none: a chart has no second series to ask for).
   */
  async series(symbol: string, query: BarsQuery, source?: unknown) {
    const { from, to, adjusted } = this.parse(symbol, query, source);
    const chosen = (source ?? this.source) as MarketDataSource;
    const others = MARKET_DATA_SOURCES.filter((s) => s !== chosen);
    const otherSources = this.bars.sourcesWithBars(symbol, etMidnight(from), etMidnight(to), others);
    if (!adjusted) {
      const [bars, splits, withBars] = await Promise.all([
        this.bars.findBars(symbol, etMidnight(from), etMidnight(to), chosen),
        this.actions.findSplits(symbol),
        otherSources,
      ]);
      const sources = { source: chosen, otherSources: withBars };
      return {
        symbol,
        ...sources,
        adjusted,
        from,
        to,
        count: bars.length,
        bars: bars.map(view),
        splits: splitsWithin(splits, from, to),
      };
    }
    const [coverage, withBars] = await Promise.all([this.actions.coverage('split'), otherSources]);
    const sources = { source: chosen, otherSources: withBars };
    if (!coverage) throw conflict(SPLITS_NOT_LOADED);
    const { first, last } = adjustableRange(from, to, coverage);
    const bars = first > last ? [] : await this.bars.findBars(symbol, etMidnight(first), etMidnight(last), chosen);
    const splits = await this.actions.findSplits(symbol);
    const adjustedBars = splitAdjust(bars, splits);
    return {
      symbol,
      ...sources,
      adjusted,
      from,
      to,
      adjustedFrom: first,
      adjustedThrough: last,
      truncated: first !== from || last !== to,
      count: adjustedBars.length,
      bars: adjustedBars.map((b) => ({ ...view(b), splitFactor: b.splitFactor })),
      splits: splitsWithin(splits, from, to),
    };
  }

  private parse(symbol: string, query: BarsQuery, source: unknown): { from: IsoDate; to: IsoDate; adjusted: boolean } {
    const reasons: string[] = [];
    const problem = symbolProblem(symbol);
    if (problem) reasons.push(problem);
    const sourceProblem = source === undefined ? null : sourceParameterProblem(source);
    if (sourceProblem) reasons.push(sourceProblem);
    const window = this.planner.window();
    const date = (value: unknown, name: string, fallback: IsoDate): IsoDate => {
      if (value === undefined || value === '') return fallback;
      if (!isIsoDate(value)) reasons.push(`${name} must be a YYYY-MM-DD date, got ${JSON.stringify(value)}`);
      return value as IsoDate;
    };
    const from = date(query.from, 'from', window.from);
    const to = date(query.to, 'to', window.to);
    if (isIsoDate(from) && isIsoDate(to) && from > to) reasons.push(`from ${from} is after to ${to}`);
    const flag = query.adjusted;
    if (flag !== undefined && flag !== 'true' && flag !== 'false')
      reasons.push(`adjusted must be true or false, got ${JSON.stringify(flag)}`);
    if (reasons.length > 0) throw badRequest('invalid bars request', reasons);
    return { from, to, adjusted: flag === 'true' };
  }
}

function view(bar: { timestamp: Date; open: string; high: string; low: string; close: string; volume: string }) {
  return {
    date: sessionDateOf(bar.timestamp),
    open: bar.open,
    high: bar.high,
    low: bar.low,
    close: bar.close,
    volume: bar.volume,
  };
}

/** The splits ledger's splits of the asked range (ex-date within it), e.g. {date: '2025-06-09', from: 1, to: 4}. */
function splitsWithin(splits: readonly StockSplit[], from: IsoDate, to: IsoDate) {
  return splits
    .filter((s) => s.executionDate >= from && s.executionDate <= to)
    .map((s) => ({ date: s.executionDate, from: s.splitFrom, to: s.splitTo }));
}
