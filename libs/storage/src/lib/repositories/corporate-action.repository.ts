import {
  isIsoDate,
  symbolProblem,
  type CashDividend,
  type IsoDate,
  type MarketDataSource,
  type StockSplit,
} from '@mdi/domain';
import type { DataSource } from 'typeorm';
import { lastPerKey, partitionRows, type RejectedInputRow } from './rejected-input-row';

export const CORPORATE_ACTION_TYPES = ['split', 'dividend'] as const;
export type CorporateActionType = (typeof CORPORATE_ACTION_TYPES)[number];

/** The dates a ledger has been fetched for, both inclusive. */
export interface CorporateActionCoverage {
  readonly from: IsoDate;
  readonly through: IsoDate;
}

export interface UpsertActionsResult {
  readonly written: number;
  readonly rejected: readonly RejectedInputRow[];
}

interface SplitRow {
  symbol: string;
  ex_date: string;
  split_from: string;
  split_to: string;
}

interface DividendRow {
  symbol: string;
  ex_date: string;
  cash_amount: string;
  pay_date: string | null;
  declaration_date: string | null;
  frequency: number | null;
  dividend_type: string | null;
}

/**
 * data_ingestion.corporate_actions (splits and cash dividends) and the range
 * each has been fetched for. Writes are bulk and idempotent: the natural key
 * is (symbol, type, ex date); a re-fetched action overwrites its row.
 */
export class CorporateActionRepository {
  constructor(private readonly dataSource: DataSource) {}

  async upsertSplits(splits: readonly StockSplit[], source: MarketDataSource): Promise<UpsertActionsResult> {
    const { valid, rejected } = partitionRows(splits, splitProblems);
    const { rows } = lastPerKey(valid, (s) => `${s.symbol} ${s.executionDate}`);
    if (rows.length === 0) return { written: 0, rejected };
    const result: unknown[] = await this.dataSource.query(
      `INSERT INTO data_ingestion.corporate_actions (symbol, action_type, ex_date, split_from, split_to, source)
       SELECT s, 'split', d, f, t, $5 FROM unnest($1::varchar[], $2::date[], $3::numeric[], $4::numeric[]) AS u(s, d, f, t)
       ON CONFLICT (symbol, action_type, ex_date) DO UPDATE
          SET split_from = EXCLUDED.split_from, split_to = EXCLUDED.split_to, source = EXCLUDED.source, recorded_at = now()
       RETURNING 1`,
      [
        rows.map((s) => s.symbol),
        rows.map((s) => s.executionDate),
        rows.map((s) => String(s.splitFrom)),
        rows.map((s) => String(s.splitTo)),
        source,
      ],
    );
    return { written: result.length, rejected };
  }

  async upsertDividends(dividends: readonly CashDividend[], source: MarketDataSource): Promise<UpsertActionsResult> {
    const { valid, rejected } = partitionRows(dividends, dividendProblems);
    const { rows } = lastPerKey(valid, (d) => `${d.symbol} ${d.exDividendDate}`);
    if (rows.length === 0) return { written: 0, rejected };
    const result: unknown[] = await this.dataSource.query(
      `INSERT INTO data_ingestion.corporate_actions
              (symbol, action_type, ex_date, cash_amount, pay_date, declaration_date, frequency, dividend_type, source)
       SELECT s, 'dividend', d, a, p, dd, f, t, $8
         FROM unnest($1::varchar[], $2::date[], $3::numeric[], $4::date[], $5::date[], $6::integer[], $7::varchar[]) AS u(s, d, a, p, dd, f, t)
       ON CONFLICT (symbol, action_type, ex_date) DO UPDATE
          SET cash_amount = EXCLUDED.cash_amount, pay_date = EXCLUDED.pay_date, declaration_date = EXCLUDED.declaration_date,
              frequency = EXCLUDED.frequency, dividend_type = EXCLUDED.dividend_type, source = EXCLUDED.source, recorded_at = now()
       RETURNING 1`,
      [
        rows.map((d) => d.symbol),
        rows.map((d) => d.exDividendDate),
        rows.map((d) => d.cashAmount),
        rows.map((d) => d.payDate),
        rows.map((d) => d.declarationDate),
        rows.map((d) => d.frequency),
        rows.map((d) => d.dividendType),
        source,
      ],
    );
    return { written: result.length, rejected };
  }

  /** Splits of one symbol, oldest first. */
  findSplits(symbol: string): Promise<StockSplit[]> {
    return this.splitsWhere('symbol = $1', [symbol]);
  }

  /** Splits of these symbols, by symbol then date (one query for any number of symbols). */
  findSplitsOf(symbols: readonly string[]): Promise<StockSplit[]> {
    if (symbols.length === 0) return Promise.resolve([]);
    return this.splitsWhere('symbol = ANY($1::varchar[])', [[...symbols]]);
  }

  /** Splits of every symbol, by symbol then date. */
  findAllSplits(): Promise<StockSplit[]> {
    return this.splitsWhere('true', []);
  }

  private async splitsWhere(condition: string, params: unknown[]): Promise<StockSplit[]> {
    const rows: SplitRow[] = await this.dataSource.query(
      `SELECT symbol, ex_date::text AS ex_date, split_from::text AS split_from, split_to::text AS split_to
         FROM data_ingestion.corporate_actions WHERE action_type = 'split' AND ${condition} ORDER BY symbol, ex_date`,
      params,
    );
    return rows.map((r) => ({
      symbol: r.symbol,
      executionDate: r.ex_date,
      splitFrom: Number(r.split_from),
      splitTo: Number(r.split_to),
    }));
  }

  /** Dividends of one symbol with from <= ex date <= to, oldest first. */
  async findDividends(symbol: string, from: IsoDate, to: IsoDate): Promise<CashDividend[]> {
    const rows: DividendRow[] = await this.dataSource.query(
      `SELECT symbol, ex_date::text AS ex_date, trim_scale(cash_amount)::text AS cash_amount, pay_date::text AS pay_date,
              declaration_date::text AS declaration_date, frequency, dividend_type
         FROM data_ingestion.corporate_actions
        WHERE symbol = $1 AND action_type = 'dividend' AND ex_date BETWEEN $2::date AND $3::date ORDER BY ex_date`,
      [symbol, from, to],
    );
    return rows.map((r) => ({
      symbol: r.symbol,
      exDividendDate: r.ex_date,
      cashAmount: r.cash_amount,
      payDate: r.pay_date,
      declarationDate: r.declaration_date,
      frequency: r.frequency,
      dividendType: r.dividend_type,
    }));
  }

  /**
   * Records that `type` was fetched for [from, through]. A range that touches
   * or overlaps the recorded one extends it; a disjoint one replaces it only
   * when it ends later (coverage must stay one contiguous range to mean
   * "complete from .. through").
   */
  async recordCoverage(type: CorporateActionType, from: IsoDate, through: IsoDate): Promise<CorporateActionCoverage> {
    if (!CORPORATE_ACTION_TYPES.includes(type))
      throw new RangeError(`type must be split or dividend, got ${String(type)}`);
    if (!isIsoDate(from) || !isIsoDate(through) || from > through) {
      throw new RangeError(`coverage must be two YYYY-MM-DD dates in order, got ${String(from)}..${String(through)}`);
    }
    const rows: { covered_from: string; covered_through: string }[] = await this.dataSource.query(
      `INSERT INTO data_ingestion.corporate_action_coverage AS c (action_type, covered_from, covered_through)
       VALUES ($1, $2::date, $3::date)
       ON CONFLICT (action_type) DO UPDATE SET
         covered_from = CASE WHEN EXCLUDED.covered_from <= c.covered_through + 1 AND EXCLUDED.covered_through >= c.covered_from - 1
                             THEN LEAST(c.covered_from, EXCLUDED.covered_from)
                             WHEN EXCLUDED.covered_through > c.covered_through THEN EXCLUDED.covered_from
                             ELSE c.covered_from END,
         covered_through = GREATEST(c.covered_through, EXCLUDED.covered_through),
         updated_at = now()
       RETURNING covered_from::text AS covered_from, covered_through::text AS covered_through`,
      [type, from, through],
    );
    return { from: rows[0].covered_from, through: rows[0].covered_through };
  }

  async coverage(type: CorporateActionType): Promise<CorporateActionCoverage | null> {
    const rows: { covered_from: string; covered_through: string }[] = await this.dataSource.query(
      `SELECT covered_from::text AS covered_from, covered_through::text AS covered_through
         FROM data_ingestion.corporate_action_coverage WHERE action_type = $1`,
      [type],
    );
    return rows[0] ? { from: rows[0].covered_from, through: rows[0].covered_through } : null;
  }
}

function splitProblems(s: StockSplit): string[] {
  const problems: string[] = [];
  const symbol = symbolProblem(s?.symbol);
  if (symbol) problems.push(symbol);
  if (!isIsoDate(s?.executionDate)) problems.push(`executionDate must be YYYY-MM-DD, got ${String(s?.executionDate)}`);
  for (const field of ['splitFrom', 'splitTo'] as const) {
    const value = s?.[field];
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0)
      problems.push(`${field} must be a number > 0, got ${String(value)}`);
  }
  return problems;
}

function dividendProblems(d: CashDividend): string[] {
  const problems: string[] = [];
  const symbol = symbolProblem(d?.symbol);
  if (symbol) problems.push(symbol);
  if (!isIsoDate(d?.exDividendDate))
    problems.push(`exDividendDate must be YYYY-MM-DD, got ${String(d?.exDividendDate)}`);
  if (typeof d?.cashAmount !== 'string' || !/^\d+(\.\d+)?$/.test(d.cashAmount)) {
    problems.push(`cashAmount must be a non-negative decimal string, got ${String(d?.cashAmount)}`);
  }
  for (const field of ['payDate', 'declarationDate'] as const) {
    const value = d?.[field];
    if (value !== null && value !== undefined && !isIsoDate(value))
      problems.push(`${field} must be YYYY-MM-DD or null, got ${String(value)}`);
  }
  return problems;
}
