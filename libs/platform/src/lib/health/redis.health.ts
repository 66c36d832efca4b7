import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import Redis from 'ioredis';
import { redactSecrets } from '../logging/secret-redaction';
import { withTimeout } from './with-timeout';

export const HEALTH_REDIS_URL = Symbol('HEALTH_REDIS_URL');
const PROBE_TIMEOUT_MS = 1000;

@Injectable()
export class RedisHealthIndicator implements OnModuleDestroy {
  // A client of its own: a probe must not queue behind (or be queued by) BullMQ's blocking calls.
  private readonly client: Redis;

  constructor(
    @Inject(HEALTH_REDIS_URL) redisUrl: string,
    private readonly indicators: HealthIndicatorService,
  ) {
    this.client = new Redis(redisUrl, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: PROBE_TIMEOUT_MS,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
    });
    this.client.on('error', () => undefined); // reported through check(), not as an unhandled event
  }

  async check() {
    const session = this.indicators.check('redis');
    try {
      if (this.client.status === 'wait') await this.client.connect();
      await withTimeout(this.client.ping(), PROBE_TIMEOUT_MS, 'Redis');
      return session.up();
    } catch (error) {
      return session.down({ message: `Redis unreachable: ${redactSecrets(String((error as Error).message))}` });
    }
  }

  onModuleDestroy(): void {
    this.client.disconnect();
  }
}
