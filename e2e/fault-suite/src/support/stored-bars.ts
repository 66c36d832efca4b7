import type { FaultSystem } from './system';
import { AUDIT_POLYGON_KEY } from './system-env';
import { waitFor } from './wait-for';

interface SimBar {
  readonly t: number;
  readonly o: number;
  readonly h: number;
  readonly l: number;
  readonly c: number;
  readonly v: number;
}

/** One symbol's unadjusted daily bars as the simulator serves them (with the suite's own key, counted apart from the service's). */
async function simulatorBars(system: FaultSystem, symbol: string, from: string, to: string): Promise<SimBar[]> {
  const url = `${system.polygon.url}/v2/aggs/ticker/${encodeURIComponent(symbol)}/range/1/day/${from}/${to}?adjusted=false&sort=asc&limit=50000&apiKey=${AUDIT_POLYGON_KEY}`;
  const { value } = await waitFor(`the simulator's bars of ${symbol}`, 30_000, async () => {
    const response = await fetch(url);
    if (response.status === 429) return null;
    if (!response.ok) throw new Error(`simulator answered ${response.status}: ${await response.text()}`);
    const body = (await response.json()) as { results?: SimBar[] };
    return { bars: body.results ?? [] };
  });
  return value.bars;
}

export interface BarsVerdict {
  readonly expected: number;
  readonly stored: number;
  /** symbol|YYYY-MM-DD of bars the simulator serves and the table lacks (first 10). */
  readonly missing: string[];
  /** Stored rows the simulator does not serve (first 10). */
  readonly unexpected: string[];
  /** Rows whose OHLCV differ from the simulator's (first 10). */
  readonly differing: string[];
}

export interface LedgerVerdict {
  readonly expectedCells: number;
  /** Cells (symbol|date) with no ledger row, or a row that is not `success` (status shown); first 10. */
  readonly unsettled: string[];
  /** Ledger rows for sessions the simulator has no bar for (first 10). */
  readonly unexpected: string[];
}

const cell = (symbol: string, t: number) => `${symbol}|${new Date(t).toISOString().slice(0, 10)}`;

/**
 * Every stored bar of `symbols` (each case owns its symbols) against the
 * simulator's series over [from, to]: the same set of (symbol, session), none
 * twice, equal open/high/low/close/volume.
 */
export async function compareBars(
  system: FaultSystem,
  symbols: readonly string[],
  from: string,
  to: string,
): Promise<BarsVerdict> {
  const expected = new Map<string, number[]>();
  for (const symbol of symbols) {
    for (const bar of await simulatorBars(system, symbol, from, to))
      expected.set(cell(symbol, bar.t), [bar.o, bar.h, bar.l, bar.c, bar.v]);
  }
  const rows = await system.sql<{
    symbol: string;
    ms: string;
    open: string;
    high: string;
    low: string;
    close: string;
    volume: string;
  }>(
    `SELECT symbol, (extract(epoch FROM timestamp) * 1000)::bigint::text AS ms, open::text, high::text, low::text, close::text, volume::text
       FROM data_ingestion.market_data
      WHERE symbol = ANY($1)`,
    [symbols],
  );
  const seen = new Set<string>();
  const unexpected: string[] = [];
  const differing: string[] = [];
  for (const row of rows) {
    const key = cell(row.symbol, Number(row.ms));
    const want = expected.get(key);
    if (!want || seen.has(key)) {
      unexpected.push(key);
      continue;
    }
    seen.add(key);
    const got = [row.open, row.high, row.low, row.close, row.volume].map(Number);
    if (got.some((value, i) => value !== want[i]))
      differing.push(`${key}: stored ${got.join('/')} served ${want.join('/')}`);
  }
  const missing = [...expected.keys()].filter((key) => !seen.has(key));
  return {
    expected: expected.size,
    stored: rows.length,
    missing: missing.slice(0, 10),
    unexpected: unexpected.slice(0, 10),
    differing: differing.slice(0, 10),
  };
}

/** Every ledger row of `symbols`: one `success` cell per session the simulator has a bar for in [from, to], nothing else (no failed, no missing). */
export async function compareLedger(
  system: FaultSystem,
  symbols: readonly string[],
  from: string,
  to: string,
): Promise<LedgerVerdict> {
  const expected = new Set<string>();
  for (const symbol of symbols)
    for (const bar of await simulatorBars(system, symbol, from, to)) expected.add(cell(symbol, bar.t));
  const rows = await system.sql<{ symbol: string; date: string; status: string }>(
    `SELECT symbol, date::text AS date, status FROM data_ingestion.symbol_data_status
      WHERE symbol = ANY($1)`,
    [symbols],
  );
  const status = new Map(rows.map((r) => [`${r.symbol}|${r.date}`, r.status]));
  const unsettled = [...expected]
    .filter((key) => status.get(key) !== 'success')
    .map((key) => `${key}: ${status.get(key) ?? 'no row'}`);
  const unexpected = [...status.keys()].filter((key) => !expected.has(key));
  return { expectedCells: expected.size, unsettled: unsettled.slice(0, 10), unexpected: unexpected.slice(0, 10) };
}
