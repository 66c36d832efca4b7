import type { IsoDate, MarketDataSource } from '@mdi/domain';
import { COVERAGE_CELL_CODES, type CoverageGridRow } from '@mdi/storage';

/** One symbol's sessions in an export, from the coverage ledger and the stored bars. */
export interface SymbolExportCoverage {
  readonly symbol: string;
  /** Trading sessions of the exported range up to the last published one: the rows a complete series has. */
  readonly expected: number;
  /** Bars stored in the exported range: the symbol's rows in the file. */
  readonly stored: number;
  /** The ledger's cells of the expected sessions, by status; `missing` has no ledger row at all. */
  readonly success: number;
  readonly noData: number;
  readonly notAvailable: number;
  readonly failed: number;
  readonly missing: number;
}

/** What a backtest must know beside the file: which sessions are gaps, not flat prices. */
export interface ExportCoverage {
  readonly source: MarketDataSource;
  readonly adjusted: boolean;
  /** The asked range. */
  readonly from: IsoDate;
  readonly to: IsoDate;
  /** The range the file covers: the asked one, cut to the splits ledger's dates when adjusted. */
  readonly coveredFrom: IsoDate;
  readonly coveredThrough: IsoDate;
  /** True when an adjusted export left dates out that the splits ledger does not cover yet. */
  readonly truncated: boolean;
  readonly lastPublishedSession: IsoDate;
  /** Sessions expected of every symbol (trading sessions of the covered range, up to the last published one). */
  readonly sessions: number;
  /** Rows of the file: every symbol's stored bars together. */
  readonly rows: number;
  readonly symbols: readonly SymbolExportCoverage[];
}

/** Per-symbol counts of a coverage grid row (storage's COVERAGE_CELL_CODES) and the stored bars. */
export function symbolCoverage(row: CoverageGridRow, stored: number): SymbolExportCoverage {
  const count = (code: string) => {
    let n = 0;
    for (const cell of row.cells) if (cell === code) n += 1;
    return n;
  };
  return {
    symbol: row.symbol,
    expected: row.cells.length,
    stored,
    success: count(COVERAGE_CELL_CODES.success),
    noData: count(COVERAGE_CELL_CODES.no_data),
    notAvailable: count(COVERAGE_CELL_CODES.not_available),
    failed: count(COVERAGE_CELL_CODES.failed),
    missing: count(COVERAGE_CELL_CODES.missing),
  };
}
