import type { TradingCalendar } from '../calendar/trading-calendar';
import type { MarketDataSource } from '../market-data/market-data-bar';
import type { IsoDate } from '../time/iso-date';
import type { CallBudget, FillPlan, LedgerCell } from './fill-plan';
import type { ListingWindow } from './listing-window';
import { missingCells, type LedgerEntry } from './missing-cells';
import { planAlpacaFill, type AlpacaFillPlan } from './plan-alpaca-fill';
import { planFill } from './plan-fill';

/**
 * What a source does in a plan: `fill` fetches the cells no source has
 * settled; `confirm` fetches, from the secondary, every cell its own ledger
 * has not settled yet (the cells the primary fills now and filled before),
 * so both sources end up holding the same cells and can be reconciled.
 */
export type SourceRole = 'fill' | 'confirm';

export interface SourcedFillInput {
  readonly calendar: TradingCalendar;
  readonly from: IsoDate;
  readonly to: IsoDate;
  readonly symbols: readonly ListingWindow[];
  /** HISTORICAL_DATA_SOURCE. */
  readonly primary: MarketDataSource;
  /** BACKFILL_SECONDARY_SOURCE; null = none. */
  readonly secondary: MarketDataSource | null;
  /** Each source's coverage-ledger rows over the window (a source without rows: none). */
  readonly ledgers: Partial<Record<MarketDataSource, readonly LedgerEntry[]>>;
  /** Each source's call budget (Polygon: per call; Alpaca: per page). */
  readonly budgets: Record<MarketDataSource, CallBudget>;
}

export interface SourcePlanSummary {
  readonly source: MarketDataSource;
  readonly role: SourceRole;
  readonly cellCount: number;
  /** Jobs planned. */
  readonly callCount: number;
  /** HTTP calls, follow-up pages included (Polygon's calls are one page each). */
  readonly pageCount: number;
  readonly budget: CallBudget;
  readonly estimatedSeconds: number;
}

export interface SourcedFillPlan {
  readonly primary: MarketDataSource;
  readonly secondary: MarketDataSource | null;
  /** Polygon's calls (grouped-daily and ranges), whichever role Polygon has; empty when it has none. */
  readonly polygon: FillPlan;
  /** Alpaca's bars calls; null when Alpaca has no role. */
  readonly alpaca: AlpacaFillPlan | null;
  /** The primary first. */
  readonly sources: readonly SourcePlanSummary[];
  /** Cells no source has settled: what the primary fills. */
  readonly missingCellCount: number;
  readonly callCount: number;
  /** The sources' budgets are separate and spent at once: the slowest source's seconds. */
  readonly estimatedSeconds: number;
}

/**
 * Which source serves which cells, with the cheapest calls of each: the
 * primary fills every expected cell that no source's ledger has settled
 * (success or no_data), so a cell Alpaca filled is never fetched from Polygon
 * again unless Polygon is the secondary; the secondary, when configured,
 * confirms every expected cell its own ledger lacks. Polygon's cells go
 * through planFill (grouped-daily vs ranges), Alpaca's through planAlpacaFill.
 */
export function planBySource(input: SourcedFillInput): SourcedFillPlan {
  if (input.secondary === input.primary) {
    throw new RangeError(`the secondary source must differ from the primary (${input.primary})`);
  }
  const window = { calendar: input.calendar, from: input.from, to: input.to, symbols: input.symbols };
  const everyLedger = Object.values(input.ledgers).flatMap((rows) => rows ?? []);
  const cellsOf: Partial<Record<MarketDataSource, { role: SourceRole; cells: LedgerCell[] }>> = {
    [input.primary]: { role: 'fill', cells: missingCells({ ...window, ledger: everyLedger }) },
  };
  if (input.secondary !== null) {
    cellsOf[input.secondary] = {
      role: 'confirm',
      cells: missingCells({ ...window, ledger: input.ledgers[input.secondary] ?? [] }),
    };
  }
  const polygonCells = cellsOf.polygon?.cells ?? [];
  const polygon = planFill({ missing: polygonCells, from: input.from, to: input.to, budget: input.budgets.polygon });
  const alpaca =
    cellsOf.alpaca === undefined
      ? null
      : planAlpacaFill({ calendar: input.calendar, missing: cellsOf.alpaca.cells, budget: input.budgets.alpaca });

  const summaries: SourcePlanSummary[] = [];
  for (const source of [input.primary, input.secondary]) {
    if (source === null) continue;
    const role = (cellsOf[source] as { role: SourceRole }).role;
    const plan = source === 'polygon' ? { ...polygon, pageCount: polygon.callCount } : (alpaca as AlpacaFillPlan);
    summaries.push({
      source,
      role,
      cellCount: plan.cellCount,
      callCount: plan.callCount,
      pageCount: plan.pageCount,
      budget: input.budgets[source],
      estimatedSeconds: plan.estimatedSeconds,
    });
  }
  return {
    primary: input.primary,
    secondary: input.secondary,
    polygon,
    alpaca,
    sources: summaries,
    missingCellCount: (cellsOf[input.primary] as { cells: LedgerCell[] }).cells.length,
    callCount: summaries.reduce((n, s) => n + s.callCount, 0),
    estimatedSeconds: Math.max(0, ...summaries.map((s) => s.estimatedSeconds)),
  };
}
