import type { IngestionStatus, IsoDate, LedgerEntry, SymbolDataStatus } from '@mdi/domain';
import { SymbolDataStatusRepository } from '@mdi/storage';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

const SOURCE = 'polygon';

/**
 * Bulk reads and writes of the coverage ledger (symbol_data_status) for the
 * Polygon source: one row per (symbol, session) saying success, no_data
 * (known empty) or failed. Planning reads whole windows at once.
 */
@Injectable()
export class CoverageLedger {
  constructor(
    private readonly dataSource: DataSource,
    private readonly statuses: SymbolDataStatusRepository,
  ) {}

  /** Every ledger row of these symbols in [from, to]. */
  async entries(symbols: readonly string[], from: IsoDate, to: IsoDate): Promise<LedgerEntry[]> {
    if (symbols.length === 0) return [];
    return this.dataSource.query(
      `SELECT symbol, date::text AS date, status FROM data_ingestion.symbol_data_status
        WHERE data_source = $1 AND symbol = ANY($2::varchar[]) AND date BETWEEN $3::date AND $4::date`,
      [SOURCE, [...symbols], from, to],
    );
  }

  /** The symbols with no settled (success / no_data) cell on `date`. */
  async unsettledOn(symbols: readonly string[], date: IsoDate): Promise<string[]> {
    if (symbols.length === 0) return [];
    const settled: { symbol: string }[] = await this.dataSource.query(
      `SELECT symbol FROM data_ingestion.symbol_data_status
        WHERE data_source = $1 AND date = $2::date AND symbol = ANY($3::varchar[]) AND status IN ('success', 'no_data')`,
      [SOURCE, date, [...symbols]],
    );
    const done = new Set(settled.map((s) => s.symbol));
    return symbols.filter((s) => !done.has(s));
  }

  /** The latest `count` ledger rows of each symbol, newest first. */
  async latest(symbols: readonly string[], count: number): Promise<Map<string, { date: IsoDate; status: IngestionStatus }[]>> {
    const rows: { symbol: string; date: string; status: IngestionStatus }[] = symbols.length === 0 ? [] : await this.dataSource.query(
      `SELECT symbol, date, status FROM (
         SELECT symbol, date::text AS date, status, row_number() OVER (PARTITION BY symbol ORDER BY date DESC) AS rn
           FROM data_ingestion.symbol_data_status WHERE data_source = $1 AND symbol = ANY($2::varchar[])) t
        WHERE rn <= $3 ORDER BY symbol, date DESC`,
      [SOURCE, [...symbols], count],
    );
    const bySymbol = new Map<string, { date: IsoDate; status: IngestionStatus }[]>();
    for (const row of rows) {
      const list = bySymbol.get(row.symbol) ?? [];
      list.push({ date: row.date, status: row.status });
      bySymbol.set(row.symbol, list);
    }
    return bySymbol;
  }

  /** The last session with a bar, and its close (for delisted_symbols.last_price). */
  async lastBar(symbol: string): Promise<{ date: IsoDate; close: string } | null> {
    const rows: { date: string; close: string }[] = await this.dataSource.query(
      `SELECT (timestamp AT TIME ZONE 'America/New_York')::date::text AS date, trim_scale(close)::text AS close
         FROM data_ingestion.market_data WHERE symbol = $1 AND source = $2 ORDER BY timestamp DESC LIMIT 1`,
      [symbol, SOURCE],
    );
    return rows[0] ?? null;
  }

  /** The newest session with a success row for any symbol (the last end-of-day date). */
  async lastSuccessDate(): Promise<IsoDate | null> {
    const [row]: { date: string | null }[] = await this.dataSource.query(
      `SELECT max(date)::text AS date FROM data_ingestion.symbol_data_status WHERE data_source = $1 AND status = 'success'`,
      [SOURCE],
    );
    return row?.date ?? null;
  }

  async write(rows: readonly Omit<SymbolDataStatus, 'dataSource'>[]): Promise<void> {
    if (rows.length === 0) return;
    const { rejected } = await this.statuses.upsertStatuses(rows.map((r) => ({ ...r, dataSource: SOURCE })));
    if (rejected.length > 0) throw new Error(`ledger rows refused: ${rejected.slice(0, 3).map((r) => r.reasons.join('; ')).join(' | ')}`);
  }
}
