import { randomUUID } from 'node:crypto';
import { etMidnight } from '@mdi/domain';
import { Test } from '@nestjs/testing';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { bar } from '../test-support/bars';
import { useStorageTestDatabase } from '../test-support/test-database';
import { MarketDataCache } from './cache/market-data-cache';
import { MarketDataRepository } from './repositories/market-data.repository';
import { STORAGE_REPOSITORIES, StorageModule } from './storage.module';

describe('StorageModule.forRoot', () => {
  const db = useStorageTestDatabase();

  it('provides a migrated, never-synchronized DataSource, every repository and the cache', async () => {
    const cacheKeyPrefix = `mdi-test:${randomUUID()}:`;
    const moduleRef = await Test.createTestingModule({
      imports: [
        StorageModule.forRoot({
          databaseUrl: db.url,
          redisUrl: 'redis://127.0.0.1:6379',
          cacheTtlSeconds: 60,
          cacheKeyPrefix,
        }),
      ],
    }).compile();
    await moduleRef.init();
    try {
      const dataSource = moduleRef.get(DataSource);
      expect(dataSource.isInitialized).toBe(true);
      expect(dataSource.options.synchronize).toBe(false);
      for (const repository of STORAGE_REPOSITORIES) {
        expect(moduleRef.get(repository)).toBeInstanceOf(repository);
      }
      const bars = moduleRef.get(MarketDataRepository);
      expect(await bars.upsertBars([bar('AAPL', '2024-07-01')])).toMatchObject({ inserted: 1 });
      expect(await bars.findBars('AAPL', etMidnight('2024-07-01'), etMidnight('2024-07-01'), 'polygon')).toHaveLength(
        1,
      );

      const cache = moduleRef.get(MarketDataCache);
      expect(await cache.waitUntilReady()).toBe(true);
      await cache.setActiveSymbols(['AAPL']);
      expect(await cache.getActiveSymbols()).toEqual(['AAPL']);
    } finally {
      await moduleRef.close();
      const redis = new Redis('redis://127.0.0.1:6379');
      await redis.del(`${cacheKeyPrefix}data:active_symbols`);
      redis.disconnect();
    }
  });

  it('fails start-up within seconds when PostgreSQL does not answer', async () => {
    const started = Date.now();
    const boot = Test.createTestingModule({
      imports: [
        StorageModule.forRoot({ databaseUrl: 'postgres://postgres@127.0.0.1:1/none', redisUrl: 'redis://127.0.0.1:1' }),
      ],
    }).compile();
    await expect(boot).rejects.toThrow(/ECONNREFUSED/);
    expect(Date.now() - started).toBeLessThan(10_000);
  }, 15_000);
});
