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
  priceWindow: null,
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

  it('keeps a price window bit for bit, and refuses days and log closes of different lengths', async () => {
    const logCloses = Float64Array.of(
      0.1 + 0.2,
      123456.789012345,
      -1e-300,
      5e-324,
      1.7976931348623157e308,
      Math.log(187.12),
    );
    const days = Int32Array.of(19_000, 19_001, 19_004, 19_005, 19_006, 19_007);
    const priceWindow = { days, logCloses, lastClose: 187.12 };
    const windowed = { ...state('WIN', 6), windowStartDay: '2022-01-08', priceWindow };
    // Windows are read end to end: states without one between states with one must not shift them.
    const other = {
      ...state('XYZ', 4, 1),
      windowStartDay: '2022-02-01',
      priceWindow: { days: Int32Array.of(19_024, 19_025), logCloses: Float64Array.of(-0, 2.5), lastClose: 0.1 + 0.2 },
    };
    const states = [state('AAA', 3), windowed, state('WOO', 2, 1), other, state('ZZZ', 1)];
    const before = await baselines.read();
    expect(await write({ full: true, readGeneration: before?.generation ?? null, upsert: states })).toBe(true);
    const read = (await baselines.read())?.symbols ?? [];
    expect(read).toEqual(states);
    expect(Array.from(read[1].priceWindow?.logCloses ?? [])).toEqual(Array.from(logCloses));
    expect(Object.is(read[3].priceWindow?.logCloses[0], -0)).toBe(true);
    expect(read[3].priceWindow?.lastClose).toBe(0.30000000000000004);
    const stored: { days: Buffer; logs: Buffer }[] = await db.dataSource.query(
      `SELECT window_days AS days, window_log_closes AS logs FROM data_ingestion.quality_symbol_state
        WHERE symbol = 'WIN'`,
    );
    expect(stored[0].days.readInt32LE(0)).toBe(19_000);
    expect(stored[0].logs.readDoubleLE(8)).toBe(123456.789012345);
    for (const broken of [
      'window_log_closes = substring(window_log_closes from 1 for 8)',
      'window_last_close = NULL',
    ]) {
      await expect(db.dataSource.query(`UPDATE data_ingestion.quality_symbol_state SET ${broken}`)).rejects.toThrow(
        /chk_quality_symbol_state_window/,
      );
    }
  });
});
