import { UsEquityCalendar } from '@mdi/domain';
import { createTestDatabase, type TestDatabase } from '@mdi/testing';
import { writeBars } from '../../test-support/bar-writer';
import { generateCleanBars } from '../../test-support/clean-bars.generator';
import { analyzeStoredBars } from '../analysis/quality-analyzer';
import { duplicateTimestampCheck } from './duplicate-timestamp.check';

const calendar = new UsEquityCalendar();
const NOW = new Date('2024-09-30T21:00:00Z');
const SESSION = '2024-09-17';
const at = (date: string) => `(DATE '${date}'::timestamp AT TIME ZONE 'America/New_York')`;

/** The duplicate check on real rows: one session's bars of two sources, and two bars of one source. */
describe('duplicate_timestamp check (real PostgreSQL)', () => {
  let db: TestDatabase;

  const findings = async () =>
    (
      await analyzeStoredBars(db.dataSource, {
        calendar,
        now: NOW,
        activeSymbols: [],
        anomalyDetection: true,
        checks: [duplicateTimestampCheck],
      })
    ).findings.map((f) => `${f.symbol} ${f.date} ${f.detail}`);

  /** A copy of the symbol's bar of SESSION, with this timestamp expression and source. */
  const copyBar = (symbol: string, timestamp: string, source: string) =>
    db.dataSource.query(
      `INSERT INTO data_ingestion.market_data (symbol, timestamp, open, high, low, close, volume, source)
       SELECT symbol, ${timestamp}, open, high, low, close, volume, $2
         FROM data_ingestion.market_data WHERE symbol = $1 AND timestamp = ${at(SESSION)} AND source = 'polygon'`,
      [symbol, source],
    );

  beforeAll(async () => {
    db = await createTestDatabase();
    await writeBars(
      db.dataSource,
      generateCleanBars({ symbols: ['AAA', 'BBB'], from: '2024-09-03', to: '2024-09-30', seed: 3 }),
    );
  }, 60_000);

  afterAll(async () => {
    await db?.drop();
  });

  it('finds nothing in clean bars', async () => {
    expect(await findings()).toEqual([]);
  });

  it("does not flag another source's bar of the same session: two series, not corruption", async () => {
    await copyBar('AAA', 'timestamp', 'alpaca');
    const [{ n }] = await db.dataSource.query(
      `SELECT count(*)::int AS n FROM data_ingestion.market_data WHERE symbol = 'AAA' AND timestamp = ${at(SESSION)}`,
    );
    expect(n).toBe(2);
    expect(await findings()).toEqual([]);
  });

  it('refuses a second row of one source with the same timestamp (the UNIQUE key)', async () => {
    await expect(copyBar('BBB', 'timestamp', 'polygon')).rejects.toThrow(/market_data_symbol_timestamp_source_key/);
  });

  it('flags two bars of one source in one session at different timestamps, and names the source', async () => {
    await copyBar('BBB', "timestamp + interval '1 hour'", 'polygon');
    expect(await findings()).toEqual([
      expect.stringMatching(new RegExp(`^BBB ${SESSION} 2 polygon bars for session ${SESSION} \\(ids \\d+, \\d+\\)$`)),
    ]);
  });

  it('flags only the source that has two bars when a session also holds another source', async () => {
    await copyBar('AAA', "timestamp + interval '2 hours'", 'alpaca');
    expect(await findings()).toEqual([
      expect.stringMatching(new RegExp(`^AAA ${SESSION} 2 alpaca bars for session ${SESSION} `)),
      expect.stringMatching(new RegExp(`^BBB ${SESSION} 2 polygon bars for session ${SESSION} `)),
    ]);
  });
});
