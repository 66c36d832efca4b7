import { RedisHealthIndicator } from '@mdi/platform';
import { Inject, Injectable } from '@nestjs/common';
import { GatewayConfig } from '../gateway.config';
import { probe } from './downstream-probe';
import { DOWNSTREAM_SERVICES, type DownstreamService } from './downstream-services';
import { FreshFor } from './fresh-for';
import { serviceHealthOf, type ServiceHealth } from './service-health';

export interface SystemHealth {
  readonly status: 'ok' | 'degraded';
  readonly checkedAt: string;
  /** How old this answer is: probes run at most once per GATEWAY_HEALTH_CACHE_MS, whatever the load. */
  readonly ageMs: number;
  readonly services: Readonly<Record<string, ServiceHealth>>;
  readonly redis: ServiceHealth;
}

type Probed = Omit<SystemHealth, 'ageMs' | 'checkedAt'>;

/**
 * The readiness of every service and of Redis, probed in parallel with a
 * short timeout and shared by all requests for GATEWAY_HEALTH_CACHE_MS. A
 * hung service costs one probe timeout, never a hung gateway; a failure shows
 * within cache + timeout.
 */
@Injectable()
export class HealthMonitor {
  private readonly probes: FreshFor<Probed>;

  constructor(
    config: GatewayConfig,
    @Inject(DOWNSTREAM_SERVICES) private readonly services: DownstreamService[],
    private readonly redisCheck: RedisHealthIndicator,
  ) {
    const timeoutMs = config.GATEWAY_PROBE_TIMEOUT_MS;
    this.probes = new FreshFor(config.GATEWAY_HEALTH_CACHE_MS, async () => {
      const [redis, ...states] = await Promise.all([
        this.redis(),
        ...this.services.map(
          async (service) =>
            [service.name, serviceHealthOf(await probe(`${service.baseUrl}/health/ready`, timeoutMs))] as const,
        ),
      ]);
      const services = Object.fromEntries(states);
      const allUp = redis.state === 'up' && states.every(([, health]) => health.state === 'up');
      return { status: allUp ? 'ok' : 'degraded', services, redis };
    });
  }

  async health(): Promise<SystemHealth> {
    const { value, at } = await this.probes.get();
    return { ...value, checkedAt: new Date(at).toISOString(), ageMs: Date.now() - at };
  }

  private async redis(): Promise<ServiceHealth> {
    const result = await this.redisCheck.check();
    return result['redis']?.status === 'up' ? { state: 'up' } : { state: 'down', reason: 'unreachable' };
  }
}
