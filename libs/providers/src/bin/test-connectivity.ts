// Loaded first: lets plain Node require the ESM-only Polygon SDK.
import './polygon-esm-resolution';
import { addDays, ALPACA_JOBS, type IsoDate, POLYGON_JOBS, QueueName } from '@mdi/domain';
import { ConfigError, configErrorHint, loadConfig, redactSecrets, withLocalDefaults } from '@mdi/platform';
import { Redis } from 'ioredis';
import { AlpacaAccountProvider } from '../lib/alpaca/alpaca-account.provider';
import { createAlpacaStockApi } from '../lib/alpaca/alpaca-data-sdk';
import { AlpacaMarketDataProvider } from '../lib/alpaca/alpaca-market-data.provider';
import { createAlpacaApis } from '../lib/alpaca/alpaca-sdk';
import { checkProvider, formatVerdict, type Verdict } from '../lib/diagnostics/connectivity';
import { PolygonMarketDataProvider } from '../lib/polygon/polygon-market-data.provider';
import { createPolygonRestClient } from '../lib/polygon/polygon-sdk';
import { ProviderQueue } from '../lib/queue/provider-queue';
import { redisConnection } from '../lib/queue/redis-connection';
import { ConnectivityConfig } from './connectivity.config';

/*
 * The seed's "test connectivity" debug command (`npm run connectivity`):
 *   SWC_NODE_PROJECT=tsconfig.base.json node -r @swc-node/register libs/providers/src/bin/test-connectivity.ts
 * First line: where the configuration came from (the simulator and local
 * defaults npm start uses, or the real providers); then one verdict line per
 * provider (Alpaca's market data separately: another host). Exit code 0
 * only when all are fine, 1 otherwise, 2 on bad configuration. Each probe
 * takes one slot of its provider's shared budget (see README).
 */
const SEE = 'README.md "Configuration" and libs/providers/README.md "Test connectivity"';

async function main(): Promise<number> {
  const { env, summary } = withLocalDefaults(process.env, {
    variables: ['REDIS_URL'],
    providers: ['polygon', 'alpaca'],
  });
  process.stdout.write(`${summary}\n`);
  let config: Readonly<ConnectivityConfig>;
  try {
    config = loadConfig(ConnectivityConfig, env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`test-connectivity: ${error.message}\n${configErrorHint(error, SEE)}\n`);
    return 2;
  }
  const secrets = [config.POLYGON_API_KEY, config.ALPACA_API_KEY, config.ALPACA_SECRET_KEY];
  const connection = redisConnection(config.REDIS_URL);
  const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 1 });
  const polygonQueue = new ProviderQueue(QueueName.PolygonCalls, {
    connection,
    jobs: POLYGON_JOBS,
    prefix: config.QUEUE_PREFIX,
  });
  const alpacaQueue = new ProviderQueue(QueueName.AlpacaCalls, {
    connection,
    jobs: ALPACA_JOBS,
    prefix: config.QUEUE_PREFIX,
  });
  try {
    const polygon = new PolygonMarketDataProvider({
      client: createPolygonRestClient(config.POLYGON_API_KEY, config.POLYGON_BASE_URL),
      secrets,
    });
    const alpaca = new AlpacaAccountProvider({
      apis: createAlpacaApis({
        keyId: config.ALPACA_API_KEY,
        secret: config.ALPACA_SECRET_KEY,
        baseUrl: config.ALPACA_BASE_URL,
        allowLive: config.ALPACA_ALLOW_LIVE,
      }),
      secrets,
    });
    const alpacaData = new AlpacaMarketDataProvider({
      stocks: createAlpacaStockApi({
        keyId: config.ALPACA_API_KEY,
        secret: config.ALPACA_SECRET_KEY,
        dataBaseUrl: config.ALPACA_DATA_BASE_URL,
      }),
      secrets,
    });
    const verdicts: Verdict[] = [
      await checkProvider(
        {
          provider: 'polygon',
          queue: polygonQueue,
          rateLimit: config.POLYGON_RATE_LIMIT_PER_MINUTE,
          rateWindowMs: config.POLYGON_RATE_WINDOW_MS,
          probe: async () => void (await polygon.getMarketHolidays()),
        },
        redis,
        secrets,
      ),
      await checkProvider(
        {
          provider: 'alpaca',
          queue: alpacaQueue,
          rateLimit: config.ALPACA_RATE_LIMIT_PER_MINUTE,
          rateWindowMs: 60_000,
          probe: async () => void (await alpaca.getAccount()),
          reportedHeadroom: () => alpacaHeadroom(alpaca),
        },
        redis,
        secrets,
      ),
      // The market-data host spends the same key's budget: its slot comes from the alpaca-calls limiter too.
      await checkProvider(
        {
          provider: 'alpaca-data',
          queue: alpacaQueue,
          rateLimit: config.ALPACA_RATE_LIMIT_PER_MINUTE,
          rateWindowMs: 60_000,
          probe: async () => void (await alpacaData.getStockBars(['AAPL'], ...lastWeek())),
          reportedHeadroom: () => alpacaHeadroom(alpacaData),
        },
        redis,
        secrets,
      ),
    ];
    for (const verdict of verdicts) process.stdout.write(`${redactSecrets(formatVerdict(verdict), secrets)}\n`);
    return verdicts.every((v) => v.ok) ? 0 : 1;
  } finally {
    await Promise.all([polygonQueue.close(), alpacaQueue.close()]);
    redis.disconnect();
  }
}

function alpacaHeadroom(provider: Pick<AlpacaAccountProvider, 'lastRateLimit'>): string | null {
  const { remaining, limit } = provider.lastRateLimit;
  return remaining === null ? null : `${remaining} of ${limit ?? '?'} calls left in Alpaca's window`;
}

/** A past week (UTC dates), for one small bars call. */
function lastWeek(): [string, string] {
  const today = new Date().toISOString().slice(0, 10) as IsoDate;
  return [addDays(today, -10), addDays(today, -3)];
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`test-connectivity: ${redactSecrets(error.message)}\n`);
    process.exit(1);
  },
);
