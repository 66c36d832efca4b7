import { useStorageTestDatabase } from '../../test-support/test-database';
import { type BaselineWrite, QualityBaselineRepository, type QualitySymbolState } from './quality-baseline.repository';

const state = (symbol: string, bars: number, missing = 0): QualitySymbolState => ({
  symbol,
  bars,
  firstSessionDay: '2024-07-01',
  lastSessionDay: '2024-07-10',
  lastBarDay: '2024-07-10',
  windowStartDay: null,
  expected: 7,
  missing,
  findings:
    missing === 0
      ? []
      : [{ checkType: 'missing_data', code: 'missing_bar', date: '2024-07-05', detail: 'no bar for 2024-07-05' }],
});

const T1 = new Date('2024-07-11T01:00:00.000Z');
const T2 = new Date('2024-07-12T01:00:00.000Z');

describe('QualityBaselineRepository (the incremental quality run baseline)', () => {
  const db = useStorageTestDatabase();
  let baselines: QualityBaselineRepository;
  const write = (change: Partial<BaselineWrite> & Pick<BaselineWrite, 'full' | 'readGeneration'>) =>
    baselines.write({ runId: 'r', at: T1, changeSeq: '100', fingerprint: 'f1', upsert: [], remove: [], ...change });

  beforeAll(() => {
    baselines = new QualityBaselineRepository(db.dataSource);
  });

  it('has none at first; a full run writes every state and the mark, replacing what was there', async () => {
    expect(await baselines.read()).toBeNull();
    expect(await write({ full: true, readGeneration: null, upsert: [state('ZZZ', 3), state('AAA', 5, 1)] })).toBe(true);
    expect(
      await write({ full: true, readGeneration: '1', runId: 'r2', upsert: [state('MSFT', 7), state('AAPL', 7, 1)] }),
    ).toBe(true);
    const baseline = await baselines.read();
    expect(baseline).toMatchObject({
      generation: '2',
      changeSeq: '100',
      fingerprint: 'f1',
      runId: 'r2',
      fullRunAt: T1,
    });
    expect(baseline?.symbols).toEqual([state('AAPL', 7, 1), state('MSFT', 7)]);
  });

  it('an incremental run changes and removes only the symbols it checked, and keeps the last full run time', async () => {
    const before = await baselines.read();
    const readGeneration = before?.generation ?? '';
    const written = await write({
      full: false,
      readGeneration,
      at: T2,
      changeSeq: '250',
      upsert: [state('AAPL', 8)],
      remove: ['MSFT'],
    });
    expect(written).toBe(true);
    const after = await baselines.read();
    expect(after).toMatchObject({ changeSeq: '250', fullRunAt: T1, generation: String(Number(readGeneration) + 1) });
    expect(after?.symbols).toEqual([state('AAPL', 8)]);
  });

  it('a run that read an older generation writes nothing: another run wrote meanwhile', async () => {
    const before = await baselines.read();
    const full = { full: true, readGeneration: before?.generation ?? null };
    expect(await write({ ...full, changeSeq: '300', upsert: [state('AAPL', 9), state('IBM', 2)] })).toBe(true);
    const lost = await write({
      full: false,
      readGeneration: before?.generation ?? null,
      changeSeq: '400',
      upsert: [state('AAPL', 1)],
      remove: ['IBM'],
    });
    expect(lost).toBe(false);
    const after = await baselines.read();
    expect(after).toMatchObject({ changeSeq: '300' });
    expect(after?.symbols).toEqual([state('AAPL', 9), state('IBM', 2)]);
    // A full run that started before that write loses too: its older view must not replace the newer baseline.
    expect(await write({ ...full, changeSeq: '250', upsert: [state('AAPL', 1)] })).toBe(false);
    expect((await baselines.read())?.changeSeq).toBe('300');
  });
});
