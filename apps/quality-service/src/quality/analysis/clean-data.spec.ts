import { UsEquityCalendar } from '@mdi/domain';
import { createTestDatabase, type TestDatabase } from '@mdi/testing';
import { writeBars, writeSymbols } from '../../test-support/bar-writer';
import { generateCleanBars, tickerNames } from '../../test-support/clean-bars.generator';
import { loadBarFrame } from '../loading/bar-frame.loader';
import { analyzeStoredBars } from './quality-analyzer';

const calendar = new UsEquityCalendar();
const NOW = new Date('2024-11-27T15:00:00Z');

describe('quality checks on clean data: 100 symbols x 2 years (real PostgreSQL)', () => {
  let db: TestDatabase;
  const symbols = tickerNames(100);

  beforeAll(async () => {
    db = await createTestDatabase();
    await writeBars(
      db.dataSource,
      generateCleanBars({ symbols, from: '2022-11-28', to: '2024-11-26', seed: 2024, volatility: 0.02 }),
    );
    await writeSymbols(db.dataSource, symbols);
  }, 120_000);

  afterAll(async () => {
    await db?.drop();
  });

  it('finds nothing', async () => {
    const sessions = calendar.sessionsBetween('2022-11-28', '2024-11-26').length;
    expect((await loadBarFrame(db.dataSource)).height).toBe(100 * sessions);
    const result = await analyzeStoredBars(db.dataSource, {
      calendar,
      now: NOW,
      activeSymbols: symbols,
      anomalyDetection: true,
    });
    expect(result.findings).toEqual([]);
    expect(result.expectedBars).toBe(100 * sessions);
    expect(result.symbolsChecked).toBe(100);
  });

  it('would call the same data stale a session later', async () => {
    const later = await analyzeStoredBars(db.dataSource, {
      calendar,
      now: new Date('2024-11-27T22:00:00Z'),
      activeSymbols: symbols,
      anomalyDetection: true,
    });
    expect(later.findings).toHaveLength(100);
    expect(new Set(later.findings.map((f) => `${f.code} ${f.date}`))).toEqual(new Set(['stale 2024-11-26']));
  });
});
