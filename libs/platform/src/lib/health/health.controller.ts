import { Controller, Get, Optional } from '@nestjs/common';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { PostgresHealthIndicator } from './postgres.health';
import { ReadinessRegistry } from './readiness-registry';
import { RedisHealthIndicator } from './redis.health';

@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly redis: RedisHealthIndicator,
    private readonly registry: ReadinessRegistry,
    @Optional() private readonly postgres?: PostgresHealthIndicator,
  ) {}

  /** Liveness checks nothing external: a database outage must not restart every pod. */
  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck()
  ready() {
    const postgres = this.postgres;
    return this.health.check([
      ...(postgres ? [() => postgres.check()] : []),
      () => this.redis.check(),
      ...this.registry.all(),
    ]);
  }
}
