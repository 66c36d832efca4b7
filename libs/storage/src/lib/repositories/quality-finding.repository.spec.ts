import { useStorageTestDatabase } from '../../test-support/test-database';
import { QualityFindingRepository, type SeenFinding } from './quality-finding.repository';

function gap(symbol: string, date: string, detail = `no bar for ${date}`): SeenFinding {
  return { key: `missing_bar|${symbol}|${date}`, checkType: 'missing_data', code: 'missing_bar', symbol, date, detail };
}

const T1 = new Date('2024-07-09T22:00:00.000Z');
const T2 = new Date('2024-07-10T22:00:00.000Z');
const T3 = new Date('2024-07-11T22:00:00.000Z');

describe('QualityFindingRepository (findings lifecycle)', () => {
  const db = useStorageTestDatabase();
  let ledger: QualityFindingRepository;

  beforeAll(() => {
    ledger = new QualityFindingRepository(db.dataSource);
  });
  beforeEach(() => db.dataSource.query('TRUNCATE data_ingestion.quality_findings'));

  it('opens new findings, keeps first_seen of persisting ones, resolves the unseen with the time and run', async () => {
    expect(
      await ledger.reconcile({
        runId: 'r1',
        seenAt: T1,
        findings: [gap('AAPL', '2024-07-05'), gap('MSFT', '2024-07-05')],
        scope: 'all',
      }),
    ).toEqual({ new: 2, persisting: 0, resolved: 0 });
    expect(
      await ledger.reconcile({
        runId: 'r2',
        seenAt: T2,
        findings: [gap('AAPL', '2024-07-05', 'reworded')],
        scope: 'all',
      }),
    ).toEqual({ new: 0, persisting: 1, resolved: 1 });

    const open = await ledger.list({ status: 'open', limit: 10 });
    expect(open).toEqual([
      expect.objectContaining({
        symbol: 'AAPL',
        date: '2024-07-05',
        code: 'missing_bar',
        detail: 'reworded',
        firstSeenAt: T1,
        firstSeenRun: 'r1',
        lastSeenAt: T2,
        lastSeenRun: 'r2',
        resolvedAt: null,
      }),
    ]);
    const resolved = await ledger.list({ status: 'resolved', limit: 10 });
    expect(resolved).toEqual([
      expect.objectContaining({
        symbol: 'MSFT',
        firstSeenRun: 'r1',
        lastSeenRun: 'r1',
        resolvedAt: T2,
        resolvedRun: 'r2',
      }),
    ]);
  });

  it('a scoped run resolves only open findings of its symbols; a market-wide finding waits for a full run', async () => {
    const marketWide: SeenFinding = {
      key: 'stale||',
      checkType: 'stale_data',
      code: 'stale',
      symbol: null,
      date: null,
      detail: 'x',
    };
    await ledger.reconcile({
      runId: 'r1',
      seenAt: T1,
      findings: [gap('AAPL', '2024-07-05'), gap('MSFT', '2024-07-05'), marketWide],
      scope: 'all',
    });
    expect(await ledger.reconcile({ runId: 'r2', seenAt: T2, findings: [], scope: ['AAPL'] })).toEqual({
      new: 0,
      persisting: 0,
      resolved: 1,
    });
    expect((await ledger.list({ status: 'open', limit: 10 })).map((f) => f.symbol)).toEqual(['MSFT', null]);
    expect(await ledger.reconcile({ runId: 'r3', seenAt: T3, findings: [], scope: 'all' })).toEqual({
      new: 0,
      persisting: 0,
      resolved: 2,
    });
  });

  it('a resolved finding that comes back is a new finding; the resolved one stays as it was', async () => {
    await ledger.reconcile({ runId: 'r1', seenAt: T1, findings: [gap('AAPL', '2024-07-05')], scope: 'all' });
    await ledger.reconcile({ runId: 'r2', seenAt: T2, findings: [], scope: 'all' });
    expect(
      await ledger.reconcile({ runId: 'r3', seenAt: T3, findings: [gap('AAPL', '2024-07-05')], scope: 'all' }),
    ).toEqual({ new: 1, persisting: 0, resolved: 0 });
    expect(await ledger.list({ status: 'open', limit: 10 })).toEqual([expect.objectContaining({ firstSeenRun: 'r3' })]);
    expect(await ledger.list({ status: 'resolved', limit: 10 })).toEqual([
      expect.objectContaining({ firstSeenRun: 'r1', resolvedRun: 'r2', resolvedAt: T2 }),
    ]);
  });

  it('two findings of one run with one key are one finding; list filters by symbol and limit', async () => {
    expect(
      await ledger.reconcile({
        runId: 'r1',
        seenAt: T1,
        findings: [
          gap('AAPL', '2024-07-05'),
          gap('AAPL', '2024-07-05', 'again'),
          gap('AAPL', '2024-07-08'),
          gap('MSFT', '2024-07-05'),
        ],
        scope: 'all',
      }),
    ).toEqual({ new: 3, persisting: 0, resolved: 0 });
    expect((await ledger.list({ status: 'open', symbol: 'AAPL', limit: 10 })).map((f) => f.date)).toEqual([
      '2024-07-05',
      '2024-07-08',
    ]);
    expect(await ledger.list({ status: 'open', limit: 1 })).toHaveLength(1);
    expect(await ledger.list({ status: 'resolved', symbol: 'AAPL', limit: 10 })).toEqual([]);
  });
});
