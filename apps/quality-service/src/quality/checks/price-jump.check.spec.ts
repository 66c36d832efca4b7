import { type IsoDate, UsEquityCalendar } from '@mdi/domain';
import { createTestDatabase, type TestDatabase } from '@mdi/testing';
import { perRowChecks } from '../../per-row-checks/per-row-checks';
import { type BarColumns, emptyBarColumns } from '../../test-support/bar-columns';
import { writeBars } from '../../test-support/bar-writer';
import { loadPerRowInput } from '../../test-support/per-row-input';
import { normal, seededRandom } from '../../test-support/seeded-random';
import { analyzeStoredBars } from '../analysis/quality-analyzer';
import { priceJumpCheck } from './price-jump.check';

const calendar = new UsEquityCalendar();
const NOW = new Date('2025-06-30T21:00:00Z');
const SESSIONS = calendar.sessionsBetween('2024-01-02', '2025-06-27').map((s) => s.date);

/** Bars of `symbol` on consecutive sessions from the first, one per daily log return given. */
function series(symbol: string, returns: readonly number[], columns: BarColumns = emptyBarColumns()): BarColumns {
  let close = 100;
  [0, ...returns].forEach((r, i) => {
    close = Math.round(close * Math.exp(r) * 1e6) / 1e6;
    columns.symbol.push(symbol);
    columns.date.push(SESSIONS[i] as IsoDate);
    columns.open.push(close);
    columns.high.push(close * 1.001);
    columns.low.push(close * 0.999);
    columns.close.push(close);
    columns.volume.push(1_000_000);
  });
  return columns;
}

const random = seededRandom(17);
const noise = (count: number, sigma: number) => Array.from({ length: count }, () => normal(random) * sigma);

/**
 * The price-jump rule judges a return by the volatility of the 60 returns before it (the first 60 while a symbol has
 * fewer before it). Checked on real rows, vectorised and per row alike.
 */
describe('price_jump check (real PostgreSQL)', () => {
  let db: TestDatabase;

  const jumps = async () => {
    const { findings } = await analyzeStoredBars(db.dataSource, {
      calendar,
      now: NOW,
      activeSymbols: [],
      anomalyDetection: true,
      checks: [priceJumpCheck],
    });
    const { bars, splits } = await loadPerRowInput(db.dataSource);
    const loop = perRowChecks(bars, calendar, NOW, [], splits).filter((f) => f.code === 'price_jump');
    const found = findings.map((f) => `${f.symbol} ${f.date}`);
    expect(loop.map((f) => `${f.symbol} ${f.date}`)).toEqual(found);
    return found;
  };

  // CALM: volatile months, calm weeks, a 16% move, calm days (172 bars); then 150 wild days, written later.
  const calm = series('CALM', [
    ...noise(80, 0.05),
    ...noise(80, 0.004),
    Math.log(1.16),
    ...noise(10, 0.004),
    ...noise(150, 0.08),
  ]);
  const calmRows = (from: number, to: number): BarColumns => {
    const rows = emptyBarColumns();
    for (const key of Object.keys(rows) as (keyof BarColumns)[])
      (rows[key] as unknown[]).push(...calm[key].slice(from, to));
    return rows;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    const bars = calmRows(0, 172);
    series('EARLY', [...noise(10, 0.01), Math.log(1.4), ...noise(100, 0.01)], bars);
    series('WILD', noise(150, 0.05), bars);
    await writeBars(db.dataSource, bars);
  }, 60_000);

  afterAll(async () => {
    await db?.drop();
  });

  it('finds a move that is large for the calm weeks before it, though small for the volatile months long before', async () => {
    // CALM's 81st-160th returns are calm: the 16% move on its 162nd session is ~37 sigma of the 60 before it, while
    // the whole history's MAD (half of it at 5% a day) would make it ordinary. EARLY's 40% move is judged by its
    // first 60 returns. WILD's 5% days hold no jump.
    expect(await jumps()).toEqual([`CALM ${SESSIONS[161]}`, `EARLY ${SESSIONS[11]}`]);
  });

  it('keeps a finding when later bars arrive, however volatile they are', async () => {
    const appended = calmRows(172, calm.symbol.length);
    await writeBars(db.dataSource, appended);
    expect(await jumps()).toContain(`CALM ${SESSIONS[161]}`);
  });
});
