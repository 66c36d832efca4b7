import type { QualityLogEntry } from '@mdi/domain';
import { useStorageTestDatabase } from '../../test-support/test-database';
import { ProviderConfigRepository } from './provider-config.repository';
import { QualityLogRepository } from './quality-log.repository';

describe('QualityLogRepository and ProviderConfigRepository', () => {
  const db = useStorageTestDatabase();

  it('inserts quality log entries with structured details and reads them back', async () => {
    const logs = new QualityLogRepository(db.dataSource);
    const entries: QualityLogEntry[] = [
      {
        symbol: 'AAPL',
        checkType: 'validation',
        status: 'rejected',
        message: 'high below low',
        details: { high: '98', low: '99', index: 2 },
      },
      { symbol: null, checkType: 'quality_report', status: 'ok', message: 'daily report' },
    ];
    expect(await logs.insert(entries)).toBe(2);
    const rows = await db.dataSource.query(
      `SELECT symbol, check_type, status, message, details, timestamp IS NOT NULL AS stamped
         FROM data_ingestion.data_quality_logs ORDER BY id`,
    );
    expect(rows).toEqual([
      {
        symbol: 'AAPL',
        check_type: 'validation',
        status: 'rejected',
        message: 'high below low',
        details: { high: '98', low: '99', index: 2 },
        stamped: true,
      },
      {
        symbol: null,
        check_type: 'quality_report',
        status: 'ok',
        message: 'daily report',
        details: null,
        stamped: true,
      },
    ]);
    const [aapl] = await db.dataSource.query(
      `SELECT details->>'high' AS high FROM data_ingestion.data_quality_logs WHERE symbol = 'AAPL'`,
    );
    expect(aapl.high).toBe('98');
    const found = await logs.find({ symbol: 'AAPL' });
    expect(found).toEqual([
      expect.objectContaining({ ...entries[0], id: expect.any(Number), timestamp: expect.any(Date) }),
    ]);
    expect(await logs.find({ checkType: 'quality_report' })).toHaveLength(1);
    expect(await logs.find({ since: new Date(Date.now() + 60_000) })).toEqual([]);
    expect(await logs.insert([])).toBe(0);
  });

  it('refuses a batch with a malformed entry and writes none of it', async () => {
    const logs = new QualityLogRepository(db.dataSource);
    const before = await db.dataSource.query(`SELECT count(*)::int AS n FROM data_ingestion.data_quality_logs`);
    await expect(
      logs.insert([
        { symbol: 'AAPL', checkType: 'anomaly', status: 'warning', message: 'fine' },
        { symbol: 'AAPL', checkType: 'vibes' as never, status: 'bad' as never, message: 'x' },
        { symbol: 'WAYTOOLONGSYMBOL', checkType: 'anomaly', status: 'ok', message: 'x', details: [] as never },
      ]),
    ).rejects.toThrow(/entry 1: checkType.*entry 1: status.*entry 2: symbol.*entry 2: details/);
    expect(await db.dataSource.query(`SELECT count(*)::int AS n FROM data_ingestion.data_quality_logs`)).toEqual(
      before,
    );
  });

  it('records provider configuration as an upsert', async () => {
    const providers = new ProviderConfigRepository(db.dataSource);
    await providers.record({
      providerName: 'polygon',
      apiKeyHash: 'sha256:ab12',
      rateLimitPerMinute: 4,
      isActive: true,
    });
    const first = await providers.get('polygon');
    await providers.record({
      providerName: 'polygon',
      apiKeyHash: 'sha256:ab12',
      rateLimitPerMinute: 4,
      isActive: true,
    });
    expect(await providers.get('polygon')).toEqual(first);
    await providers.record({
      providerName: 'polygon',
      apiKeyHash: 'sha256:cd34',
      rateLimitPerMinute: 5,
      isActive: false,
    });
    const second = await providers.get('polygon');
    expect(second).toMatchObject({
      providerName: 'polygon',
      apiKeyHash: 'sha256:cd34',
      rateLimitPerMinute: 5,
      isActive: false,
    });
    expect(second?.lastUpdated.getTime()).toBeGreaterThanOrEqual(first?.lastUpdated.getTime() ?? Infinity);
    expect(await db.dataSource.query(`SELECT count(*)::int AS n FROM data_ingestion.provider_config`)).toEqual([
      { n: 1 },
    ]);
    expect(await providers.get('alpaca')).toBeNull();
    await expect(
      providers.record({ providerName: 'Polygon!', apiKeyHash: null, rateLimitPerMinute: 0, isActive: 'yes' as never }),
    ).rejects.toThrow(/providerName.*rateLimitPerMinute.*isActive/);
  });
});
