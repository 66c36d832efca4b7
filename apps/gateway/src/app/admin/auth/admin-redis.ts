import type { OnModuleDestroy } from '@nestjs/common';
import Redis from 'ioredis';

/** The gateway's Redis connection for counting failed admin authentications; fails fast instead of queueing commands. */
export class AdminRedis implements OnModuleDestroy {
  readonly client: Redis;

  constructor(redisUrl: string) {
    this.client = new Redis(redisUrl, {
      lazyConnect: true,
      enableOfflineQueue: true,
      maxRetriesPerRequest: 1,
      connectTimeout: 2000,
      commandTimeout: 2000,
    });
    this.client.on('error', () => undefined);
  }

  onModuleDestroy(): void {
    this.client.disconnect();
  }
}
