import { addDays, type IsoDate, UsEquityCalendar } from '@mdi/domain';
import { createTestDatabase, settledChangeMark, type TestDatabase } from '@mdi/testing';
import { QualityBaselineRepository } from '@mdi/storage';
import type { DataSource } from 'typeorm';
import { writeBars, writeSymbols } from '../../test-support/bar-writer';
import { generateCleanBars } from '../../test-support/clean-bars.generator';
import { PLANTED_ACTIVE, PLANTED_DELISTED, PLANTED_NOW, seedPlantedDataset } from '../../test-support/planted-dataset';
import { seededRandom } from '../../test-support/seeded-random';
import { type QualityRunOutcome, QualityRunner, type QualityRunSettings } from './quality-runner';

const calendar = new UsEquityCalendar();
const at = (date: IsoDate) => `(DATE '${date}'::timestamp AT TIME ZONE 'America/New_York')`;
const SETTINGS: QualityRunSettings = {
  maxMissingRatio: 0.001,
  anomalyDetection: true,
  batchSymbols: 4,
  checksRevision: 'spec',
  // Full runs come from the rounds below, not from the clock (a case of its own asks for that).
  fullRunIntervalMs: 365 * 86_400_000,
};

/** One random change to the stored data: the symbols whose bars or splits it touched (none for a status change). */
type Mutation = (db: DataSource, pick: <T>(values: readonly T[]) => T, random: () => number) => Promise<string[]>;

const barDates = async (db: DataSource, symbol: string): Promise<IsoDate[]> =>
  (
    await db.query(
      `SELECT DISTINCT (timestamp AT TIME ZONE 'America/New_York')::date::text AS d FROM data_ingestion.market_data
        WHERE symbol = $1 ORDER BY 1`,
      [symbol],
    )
  ).map((row: { d: string }) => row.d);

const storedSymbols = async (db: DataSource): Promise<string[]> =>
  (await db.query(`SELECT DISTINCT symbol FROM data_ingestion.market_data ORDER BY 1`)).map(
    (row: { symbol: string }) => row.symbol,
  );

const copyBar = (db: DataSource, symbol: string, from: IsoDate, to: IsoDate, source = 'polygon', factor = 1) =>
  db.query(
    `INSERT INTO data_ingestion.market_data (symbol, timestamp, open, high, low, close, volume, source)
     SELECT symbol, ${at(to)}, open * $3, high * $3, low * $3, close * $3, volume, $2
       FROM data_ingestion.market_data WHERE symbol = $1 AND timestamp = ${at(from)} AND source = 'polygon'
     ON CONFLICT DO NOTHING`,
    [symbol, source, factor],
  );

let newSymbols = 0;

const MUTATIONS: Record<string, Mutation> = {
  async appendNextSession(db, pick) {
    const symbol = pick(await storedSymbols(db));
    const last = (await barDates(db, symbol)).at(-1) as IsoDate;
    await copyBar(db, symbol, last, calendar.nextSession(last).date, 'polygon', 1.01);
    return [symbol];
  },
  async correctClose(db, pick, random) {
    const symbol = pick(await storedSymbols(db));
    const date = pick(await barDates(db, symbol));
    await db.query(
      `UPDATE data_ingestion.market_data SET close = round(close * $2, 6) WHERE symbol = $1 AND timestamp = ${at(date)}`,
      [symbol, 0.5 + random() * 1.2],
    );
    return [symbol];
  },
  async deleteBar(db, pick) {
    const symbol = pick(await storedSymbols(db));
    await db.query(
      `DELETE FROM data_ingestion.market_data WHERE symbol = $1 AND timestamp = ${at(pick(await barDates(db, symbol)))}`,
      [symbol],
    );
    return [symbol];
  },
  async fillGap(db, pick) {
    const symbol = pick(await storedSymbols(db));
    const dates = await barDates(db, symbol);
    const gap = calendar.sessionsBetween(dates[0], dates.at(-1) as IsoDate).find((s) => !dates.includes(s.date));
    if (gap === undefined) return [];
    await copyBar(db, symbol, calendar.previousSession(gap.date).date, gap.date);
    return (await barDates(db, symbol)).includes(gap.date) ? [symbol] : [];
  },
  async weekendBar(db, pick) {
    const symbol = pick(await storedSymbols(db));
    const date = pick(await barDates(db, symbol));
    const saturday = addDays(date, (6 - new Date(`${date}T00:00:00Z`).getUTCDay() + 7) % 7 || 7);
    await copyBar(db, symbol, date, saturday);
    return [symbol];
  },
  async secondSourceBar(db, pick) {
    const symbol = pick(await storedSymbols(db));
    const date = pick(await barDates(db, symbol));
    await copyBar(db, symbol, date, date, 'alpaca', 1.002);
    return [symbol];
  },
  async removeSymbol(db, pick) {
    const symbol = pick(await storedSymbols(db));
    await db.query(`DELETE FROM data_ingestion.market_data WHERE symbol = $1`, [symbol]);
    return [symbol];
  },
  async newSymbol(db, _pick, random) {
    const symbol = `NEW${++newSymbols}`;
    const from = addDays('2024-09-02', Math.floor(random() * 60));
    await writeBars(db, generateCleanBars({ symbols: [symbol], from, to: '2024-11-26', seed: newSymbols }));
    await writeSymbols(db, [symbol]);
    return [symbol];
  },
  async delistOrRelist(db, pick) {
    await writeSymbols(db, [pick([...PLANTED_ACTIVE, PLANTED_DELISTED])], pick(['active', 'delisted']));
    return [];
  },
  async recordSplit(db, pick) {
    // HHH's planted x2.5 jump, recorded as a 5-for-2 split (excused) or a 2-for-1 one (not explained), or removed.
    const ratio = pick([null, [2, 5], [1, 2]] as const);
    await db.query(`DELETE FROM data_ingestion.corporate_actions WHERE symbol = 'HHH'`);
    if (ratio !== null) {
      await db.query(
        `INSERT INTO data_ingestion.corporate_actions (symbol, action_type, ex_date, split_from, split_to, source)
         VALUES ('HHH', 'split', '2024-10-15', $1, $2, 'polygon')`,
        ratio,
      );
    }
    return ['HHH'];
  },
};

/** The report's content, without what differs between any two runs (ids, times, how it was computed). */
const content = ({ report, stored }: QualityRunOutcome) => ({
  findings: report.findings,
  counts: report.counts,
  alertLevel: report.alertLevel,
  symbolsChecked: report.symbolsChecked,
  symbolsOverMissingThreshold: report.symbolsOverMissingThreshold,
  barsChecked: stored.barsChecked,
  expectedBars: stored.expectedBars,
});

describe('incremental quality runs (real PostgreSQL, planted defects, random changes)', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedPlantedDataset(db.dataSource);
  }, 60_000);

  afterAll(async () => {
    await db?.drop();
  });

  it('checks only the changed symbols and reports exactly what a full run reports, round after round', async () => {
    let now = PLANTED_NOW;
    const runner = new QualityRunner(db.dataSource, calendar, SETTINGS, () => now);
    // The seed's writes behind the first run's mark (a transaction of another test may hold the horizon back).
    await settledChangeMark(db.dataSource);
    const first = await runner.run('schedule', { mode: 'incremental' });
    expect(first.stored).toMatchObject({ mode: 'full', fullRunReason: 'no baseline yet' });
    expect(first.baselineWritten).toBe(true);

    const random = seededRandom(2026);
    const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)];
    const names = Object.keys(MUTATIONS);
    const applied = new Set<string>();
    for (let round = 1; round <= 14; round++) {
      const touched = new Set<string>();
      // Each kind of change in turn, plus up to two random ones.
      const kinds = [
        names[(round - 1) % names.length],
        ...Array.from({ length: Math.floor(random() * 3) }, () => pick(names)),
      ];
      const done: string[] = [];
      for (const name of kinds) {
        for (const symbol of await MUTATIONS[name](db.dataSource, pick, random)) touched.add(symbol);
        done.push(name);
        applied.add(name);
      }
      // Now and then a day passes: stale follows the clock without any write.
      if (random() < 0.3) now = new Date(now.getTime() + 86_400_000);
      await settledChangeMark(db.dataSource);

      const incremental = await runner.run('schedule', { mode: 'incremental' });
      const full = await runner.run('command', { mode: 'full', store: false });
      const context = { round, done, touched: [...touched].sort() };
      expect({
        ...context,
        why: incremental.stored.fullRunReason,
        mode: incremental.stored.mode,
        rechecked: (incremental.stored.symbolsRechecked ?? 0) + (incremental.stored.symbolsExtended ?? 0),
      }).toEqual({
        ...context,
        mode: 'incremental',
        rechecked: touched.size,
      });
      expect({ ...context, ...content(incremental) }).toEqual({ ...context, ...content(full) });
      expect(incremental.baselineWritten).toBe(true);
    }
    // The rounds went through every kind of change.
    expect([...applied].sort()).toEqual([...names].sort());
  }, 300_000);

  it('checks sessions appended to every symbol from their last session and kept windows, as a full run does', async () => {
    const runner = new QualityRunner(db.dataSource, calendar, SETTINGS, () => PLANTED_NOW);
    const baselines = new QualityBaselineRepository(db.dataSource);
    await settledChangeMark(db.dataSource);
    const before = await runner.run('manual', { mode: 'full' });
    const symbols = await storedSymbols(db.dataSource);
    // Symbols younger than a price-jump window (the earlier case added some) are checked whole: a new return still
    // changes how their first ones are judged.
    const youngNow = async () =>
      ((await baselines.read())?.symbols ?? []).filter((state) => state.priceWindow === null);
    expect((await youngNow()).length).toBeLessThan(symbols.length);
    // Two sessions, one run after each: the second judges its session by a window the first one moved.
    // BBB jumps in both: the second jump is judged by a window that holds the first. Neither is a common split
    // ratio (a +33% move is 4:3 within tolerance where the ledger is incomplete).
    for (const [round, move] of [
      [1, 1.3],
      [2, 0.6],
    ] as const) {
      const jumper = 'BBB';
      const young = await youngNow();
      const youngBars = young.reduce((total, state) => total + state.bars, 0);
      for (const symbol of symbols) {
        const last = (await barDates(db.dataSource, symbol)).at(-1) as IsoDate;
        // A large move for one of them: a price jump found from the kept window alone.
        const factor = symbol === jumper ? move : 1.004;
        await copyBar(db.dataSource, symbol, last, calendar.nextSession(last).date, 'polygon', factor);
      }
      await settledChangeMark(db.dataSource);
      const incremental = await runner.run('schedule', { mode: 'incremental' });
      const full = await runner.run('command', { mode: 'full', store: false });
      expect(incremental.stored).toMatchObject({
        mode: 'incremental',
        symbolsRechecked: young.length,
        symbolsExtended: symbols.length - young.length,
      });
      expect(content(incremental)).toEqual(content(full));
      expect(incremental.report.findings.filter((f) => f.code === 'price_jump').map((f) => f.symbol)).toContain(jumper);
      // An extended symbol is read from its last session (a few bars), never its 61-bar window.
      const extendedBars = incremental.barsLoaded - (youngBars + young.length);
      expect(extendedBars).toBeGreaterThanOrEqual(2 * (symbols.length - young.length));
      expect(extendedBars).toBeLessThan(8 * (symbols.length - young.length));
      expect(incremental.stored.barsChecked).toBe(before.stored.barsChecked + round * symbols.length);
    }
    // The states the two extensions kept (counts, windows, findings) are the ones a full run computes.
    const extended = (await baselines.read())?.symbols;
    await runner.run('command', { mode: 'full' });
    expect(extended).toEqual((await baselines.read())?.symbols);
  }, 180_000);

  it('loads a symbol whole when a lagging second source resumes after its last session, as a full run sees it', async () => {
    const runner = new QualityRunner(db.dataSource, calendar, SETTINGS, () => PLANTED_NOW);
    const baselines = new QualityBaselineRepository(db.dataSource);
    await settledChangeMark(db.dataSource);
    await runner.run('manual', { mode: 'full' });
    const state = ((await baselines.read())?.symbols ?? []).find((s) => s.priceWindow !== null && s.missing === 0);
    if (state === undefined) throw new Error('the dataset has no symbol with a price window and no gap');
    const { symbol } = state;
    const last = state.lastSessionDay as IsoDate;
    // Alpaca has the symbol's sessions up to five before its last one: the span both sources cover ends there.
    await db.dataSource.query(`DELETE FROM data_ingestion.market_data WHERE symbol = $1 AND source = 'alpaca'`, [
      symbol,
    ]);
    const sessions = calendar.sessionsBetween(addDays(last, -45), last).map((s) => s.date);
    for (const session of sessions.slice(0, -5)) await copyBar(db.dataSource, symbol, session, session, 'alpaca');
    await settledChangeMark(db.dataSource);
    const before = await runner.run('manual', { mode: 'full' });
    const lacking = (outcome: QualityRunOutcome) =>
      outcome.report.findings
        .filter((f) => f.code === 'source_missing_session' && f.symbol === symbol)
        .map((f) => f.date);
    expect(lacking(before)).toEqual([]);
    // Both sources append the next session: Alpaca resumes, and its five missing sessions come inside the span.
    const next = calendar.nextSession(last).date;
    await copyBar(db.dataSource, symbol, last, next, 'polygon', 1.002);
    await copyBar(db.dataSource, symbol, last, next, 'alpaca', 1.002);
    await settledChangeMark(db.dataSource);
    const incremental = await runner.run('schedule', { mode: 'incremental' });
    const full = await runner.run('command', { mode: 'full', store: false });
    expect(incremental.stored).toMatchObject({ mode: 'incremental', symbolsRechecked: 1, symbolsExtended: 0 });
    expect(content(incremental)).toEqual(content(full));
    expect(lacking(incremental)).toEqual(sessions.slice(-5));
  }, 120_000);

  it('checks everything again when the checks, the settings or the splits coverage changed, or a full run is due', async () => {
    const runner = (settings: Partial<QualityRunSettings>, now = PLANTED_NOW) =>
      new QualityRunner(db.dataSource, calendar, { ...SETTINGS, ...settings }, () => now);
    await settledChangeMark(db.dataSource);
    await runner({}).run('manual', { mode: 'full' });
    expect((await runner({}).run('schedule', { mode: 'incremental' })).stored.mode).toBe('incremental');

    const reasons = async (settings: Partial<QualityRunSettings>, now?: Date) =>
      (await runner(settings, now).run('schedule', { mode: 'incremental' })).stored.fullRunReason;
    expect(await reasons({ anomalyDetection: false })).toBe('checks, settings or splits coverage changed');
    expect(await reasons({ checksRevision: 'next release' })).toBe('checks, settings or splits coverage changed');
    expect(await reasons({ checksRevision: 'next release' })).toBeUndefined();
    // A reconciliation tolerance changes which sessions disagree.
    const looser = { checksRevision: 'next release', reconcile: { priceTolerance: 0.02, volumeRatio: 2 } };
    expect(await reasons(looser)).toBe('checks, settings or splits coverage changed');
    expect(await reasons(looser)).toBeUndefined();
    expect(await reasons({ checksRevision: 'next release' })).toBe('checks, settings or splits coverage changed');
    await db.dataSource.query(
      `INSERT INTO data_ingestion.corporate_action_coverage (action_type, covered_from, covered_through)
       VALUES ('split', '2024-01-01', '2024-11-26')
       ON CONFLICT (action_type) DO UPDATE SET covered_through = EXCLUDED.covered_through`,
    );
    expect(await reasons({ checksRevision: 'next release' })).toBe('checks, settings or splits coverage changed');
    const later = new Date(PLANTED_NOW.getTime() + 2 * 86_400_000);
    expect(await reasons({ checksRevision: 'next release', fullRunIntervalMs: 86_400_000 }, later)).toBe(
      'full run due',
    );
    expect(await reasons({ checksRevision: 'next release', fullRunIntervalMs: 86_400_000 }, later)).toBeUndefined();
  }, 120_000);
});
