import { endianness } from 'node:os';
import type { DataSource, EntityManager } from 'typeorm';
import type { ChangeSeq } from './change-watermark.repository';

/** A finding as the symbol state keeps it (the symbol is the row's). */
export interface StateFinding {
  readonly checkType: string;
  readonly code: string;
  readonly date: string | null;
  readonly detail: string;
}

/** One symbol as the last quality run that checked it saw it. */
export interface QualitySymbolState {
  readonly symbol: string;
  /** Every stored bar of the symbol, sessions or not. */
  readonly bars: number;
  /** First and last session with a bar (ISO dates); null when every bar is off-session. */
  readonly firstSessionDay: string | null;
  readonly lastSessionDay: string | null;
  /** The day of its newest bar, session or not. */
  readonly lastBarDay: string;
  /**
   * Where the price-jump window of its newest bars starts: loading from this
   * day gives the returns a new session is judged by. Null while the symbol
   * has too few bars for a window (a new bar then changes older judgements).
   */
  readonly windowStartDay: string | null;
  /** Sessions from the first to the last session with a bar, and how many of them have none. */
  readonly expected: number;
  readonly missing: number;
  /** Its findings in check order, each check's by date; `stale` is not kept (it follows the clock). */
  readonly findings: readonly StateFinding[];
  /** Its price-jump window (the bars from windowStartDay on that the check reads); null with fewer. */
  readonly priceWindow: PriceWindow | null;
}

/**
 * A symbol's last priced bars (the first bar of a session, a positive finite
 * close), oldest first, as the price-jump check read them, so a run can judge
 * the sessions after them without reading them again. Stored as packed
 * little-endian int4 and float8, bit for bit.
 */
export interface PriceWindow {
  /** Day numbers (days since 1970-01-01). */
  readonly days: Int32Array;
  /** ln(close) of each, as the check computed it: the returns it judges are their differences. */
  readonly logCloses: Float64Array;
  /** The newest one's close. */
  readonly lastClose: number;
}

export interface QualityBaseline {
  /** Grows with every write: a run writes its state only if it is still the one it read. */
  readonly generation: string;
  /** Changes at or after this mark are not in the state yet. */
  readonly changeSeq: ChangeSeq;
  /** What the state was computed with; a run with another one starts over. */
  readonly fingerprint: string;
  readonly runId: string;
  /** When the last full run wrote the baseline. */
  readonly fullRunAt: Date;
  readonly symbols: readonly QualitySymbolState[];
}

export interface BaselineWrite {
  readonly runId: string;
  readonly at: Date;
  readonly changeSeq: ChangeSeq;
  readonly fingerprint: string;
  /** A full run replaces every symbol's state; an incremental run changes the symbols it checked. */
  readonly full: boolean;
  /**
   * The generation the run read before it took its mark (null: there was no
   * baseline). The write happens only if the baseline is still at it: the
   * state was computed on top of that baseline (or, for a full run, with a
   * mark no older than its), so a run that lost a race writes nothing and
   * never puts an older view over changes a newer run already took in.
   */
  readonly readGeneration: string | null;
  readonly upsert: readonly QualitySymbolState[];
  /** Symbols with no bar any more (incremental runs). */
  readonly remove: readonly string[];
}

const READ_BASELINE_SQL = `
  SELECT generation::text, change_seq::text, fingerprint, run_id, full_run_at
    FROM data_ingestion.quality_baseline WHERE id = 1`;

const READ_STATE_SQL = `
  SELECT symbol, bars, first_session_day::text, last_session_day::text, last_bar_day::text, window_start_day::text,
         expected, missing, findings, window_days, window_log_closes, window_last_close
    FROM data_ingestion.quality_symbol_state ORDER BY symbol`;

const UPSERT_STATE_SQL = `
  INSERT INTO data_ingestion.quality_symbol_state AS s
         (symbol, bars, first_session_day, last_session_day, last_bar_day, window_start_day, expected, missing,
          findings, window_days, window_log_closes, window_last_close, checked_run)
  SELECT r.symbol, r.bars, r.first_session_day, r.last_session_day, r.last_bar_day, r.window_start_day, r.expected,
         r.missing, r.findings, substring($3::bytea FROM r.window_at * 4 + 1 FOR r.window_length * 4),
         substring($4::bytea FROM r.window_at * 8 + 1 FOR r.window_length * 8), r.window_last_close, $2
    FROM jsonb_to_recordset($1::jsonb) AS r(symbol varchar, bars int, first_session_day date, last_session_day date,
                                           last_bar_day date, window_start_day date, expected int, missing int,
                                           findings jsonb, window_at int, window_length int,
                                           window_last_close float8)
   ORDER BY r.symbol
  ON CONFLICT (symbol) DO UPDATE
     SET bars = EXCLUDED.bars, first_session_day = EXCLUDED.first_session_day,
         last_session_day = EXCLUDED.last_session_day, last_bar_day = EXCLUDED.last_bar_day,
         window_start_day = EXCLUDED.window_start_day, expected = EXCLUDED.expected, missing = EXCLUDED.missing,
         findings = EXCLUDED.findings, window_days = EXCLUDED.window_days,
         window_log_closes = EXCLUDED.window_log_closes, window_last_close = EXCLUDED.window_last_close,
         checked_run = EXCLUDED.checked_run`;

const WRITE_BASELINE_SQL = `
  INSERT INTO data_ingestion.quality_baseline AS b
         (id, generation, change_seq, fingerprint, run_id, full_run_at, updated_at)
  VALUES (1, 1, $1::bigint, $2, $3, $4, $4)
  ON CONFLICT (id) DO UPDATE
     SET generation = b.generation + 1, change_seq = EXCLUDED.change_seq, fingerprint = EXCLUDED.fingerprint,
         run_id = EXCLUDED.run_id, updated_at = EXCLUDED.updated_at,
         full_run_at = CASE WHEN $5 THEN EXCLUDED.full_run_at ELSE b.full_run_at END`;

/** Rows per upsert statement: keeps one statement's JSON parameter to a few MB. */
const STATE_ROWS_PER_STATEMENT = 2000;

/**
 * The incremental quality run's baseline (quality_baseline, one row) and
 * per-symbol state (quality_symbol_state), written together in one
 * transaction so a reader never sees the state of one run with the mark of
 * another. The mark is also what the writers' triggers compare a series'
 * previous change with: one older than it was taken in, so their next write
 * starts market_data_changes.first_changed_at over (migration
 * ChangesStartAfterBaseline1764900000000); the baseline writes no change row.
 */
export class QualityBaselineRepository {
  constructor(private readonly dataSource: DataSource) {}

  async read(): Promise<QualityBaseline | null> {
    const rows: BaselineRow[] = await this.dataSource.query(READ_BASELINE_SQL);
    const row = rows[0];
    if (row === undefined) return null;
    const states: StateRow[] = await this.dataSource.query(READ_STATE_SQL);
    return {
      generation: row.generation,
      changeSeq: row.change_seq,
      fingerprint: row.fingerprint,
      runId: row.run_id,
      fullRunAt: row.full_run_at,
      symbols: unpackStates(states),
    };
  }

  /** The current generation, or null before the first baseline: read it before taking a mark. */
  async generation(): Promise<string | null> {
    const rows: { generation: string }[] = await this.dataSource.query(
      `SELECT generation::text FROM data_ingestion.quality_baseline WHERE id = 1`,
    );
    return rows[0]?.generation ?? null;
  }

  /** Writes the run's state and mark; false when the run lost the race to another write. */
  write(change: BaselineWrite): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const current: { generation: string }[] = await manager.query(
        `SELECT generation::text FROM data_ingestion.quality_baseline WHERE id = 1 FOR UPDATE`,
      );
      if ((current[0]?.generation ?? null) !== change.readGeneration) return false;
      if (change.full) await manager.query(`DELETE FROM data_ingestion.quality_symbol_state`);
      else if (change.remove.length > 0) {
        await manager.query(`DELETE FROM data_ingestion.quality_symbol_state WHERE symbol = ANY($1::varchar[])`, [
          change.remove,
        ]);
      }
      await upsertStates(manager, change.upsert, change.runId);
      await manager.query(WRITE_BASELINE_SQL, [
        change.changeSeq,
        change.fingerprint,
        change.runId,
        change.at,
        change.full,
      ]);
      return true;
    });
  }
}

/**
 * The windows go as two binary parameters (every row's days, then every
 * row's closes, end to end) that each row takes its slice of: sent as they
 * are, instead of twice their size in hex inside the JSON.
 */
async function upsertStates(manager: EntityManager, states: readonly QualitySymbolState[], runId: string) {
  for (let start = 0; start < states.length; start += STATE_ROWS_PER_STATEMENT) {
    const part = states.slice(start, start + STATE_ROWS_PER_STATEMENT);
    const days: Buffer[] = [];
    const logCloses: Buffer[] = [];
    let at = 0;
    const rows = part.map((s) => {
      const window = s.priceWindow;
      if (window !== null) {
        days.push(packInt32(window.days));
        logCloses.push(packFloat64(window.logCloses));
      }
      const row = {
        symbol: s.symbol,
        bars: s.bars,
        first_session_day: s.firstSessionDay,
        last_session_day: s.lastSessionDay,
        last_bar_day: s.lastBarDay,
        window_start_day: s.windowStartDay,
        expected: s.expected,
        missing: s.missing,
        findings: s.findings,
        window_at: window === null ? null : at,
        window_length: window === null ? null : window.days.length,
        window_last_close: window === null ? null : window.lastClose,
      };
      at += window?.days.length ?? 0;
      return row;
    });
    await manager.query(UPSERT_STATE_SQL, [JSON.stringify(rows), runId, Buffer.concat(days), Buffer.concat(logCloses)]);
  }
}

interface BaselineRow {
  generation: string;
  change_seq: string;
  fingerprint: string;
  run_id: string;
  full_run_at: Date;
}

interface StateRow {
  symbol: string;
  bars: number;
  first_session_day: string | null;
  last_session_day: string | null;
  last_bar_day: string;
  window_start_day: string | null;
  expected: number;
  missing: number;
  findings: StateFinding[];
  window_days: Buffer | null;
  window_log_closes: Buffer | null;
  window_last_close: number | null;
}

/*
 * Typed arrays are in the platform's byte order; the columns are little-endian
 * (every platform Node supports in production is), so on such a platform the
 * windows are one copy each way, and on another one value at a time.
 */
const LITTLE_ENDIAN = endianness() === 'LE';

/**
 * The states, their windows as views into one array per column holding all of
 * them: two allocations, not two per symbol (a baseline holds thousands).
 */
function unpackStates(rows: readonly StateRow[]): QualitySymbolState[] {
  let dayBytes = 0;
  let logBytes = 0;
  for (const row of rows) {
    dayBytes += row.window_days?.length ?? 0;
    logBytes += row.window_log_closes?.length ?? 0;
  }
  const allDays = new Int32Array(dayBytes / 4);
  const allLogs = new Float64Array(logBytes / 8);
  const dayBytesView = new Uint8Array(allDays.buffer);
  const logBytesView = new Uint8Array(allLogs.buffer);
  let dayAt = 0;
  let logAt = 0;
  return rows.map((row) => {
    const { window_days: days, window_log_closes: logs, window_last_close: lastClose } = row;
    let priceWindow: PriceWindow | null = null;
    if (days !== null && logs !== null && lastClose !== null) {
      const window = {
        days: allDays.subarray(dayAt / 4, (dayAt + days.length) / 4),
        logCloses: allLogs.subarray(logAt / 8, (logAt + logs.length) / 8),
        lastClose,
      };
      if (LITTLE_ENDIAN) {
        dayBytesView.set(days, dayAt);
        logBytesView.set(logs, logAt);
      } else {
        for (let i = 0; i < window.days.length; i++) window.days[i] = days.readInt32LE(i * 4);
        for (let i = 0; i < window.logCloses.length; i++) window.logCloses[i] = logs.readDoubleLE(i * 8);
      }
      dayAt += days.length;
      logAt += logs.length;
      priceWindow = window;
    }
    return {
      symbol: row.symbol,
      bars: row.bars,
      firstSessionDay: row.first_session_day,
      lastSessionDay: row.last_session_day,
      lastBarDay: row.last_bar_day,
      windowStartDay: row.window_start_day,
      expected: row.expected,
      missing: row.missing,
      findings: row.findings,
      priceWindow,
    };
  });
}

function packInt32(values: Int32Array): Buffer {
  if (LITTLE_ENDIAN) return Buffer.from(values.buffer, values.byteOffset, values.byteLength);
  const packed = Buffer.allocUnsafe(values.length * 4);
  values.forEach((value, i) => packed.writeInt32LE(value, i * 4));
  return packed;
}

function packFloat64(values: Float64Array): Buffer {
  if (LITTLE_ENDIAN) return Buffer.from(values.buffer, values.byteOffset, values.byteLength);
  const packed = Buffer.allocUnsafe(values.length * 8);
  values.forEach((value, i) => packed.writeDoubleLE(value, i * 8));
  return packed;
}
