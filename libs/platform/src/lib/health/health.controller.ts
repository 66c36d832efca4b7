import { Controller, Get, Optional } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { PostgresHealthIndicator } from './postgres.health';
import { ReadinessRegistry } from './readiness-registry';
import { RedisHealthIndicator } from './redis.health';

const LIVE_SCHEMA = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: ['ok'] },
    info: { type: 'object', example: {} },
    error: { type: 'object', example: {} },
    details: { type: 'object', example: {} },
  },
};

@ApiTags('health')
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
  @ApiOperation({
    summary: 'Liveness: the process is up',
    description: 'Checks nothing external, so it never answers 503.',
  })
  @ApiOkResponse({ description: 'always `{status: "ok"}`', schema: LIVE_SCHEMA })
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  live() {
    return this.health.check([]);
  }

  /** Terminus documents its 200 and its 503 (the checks that are down, with their reasons). */
  @Get('ready')
  @ApiOperation({
    summary: 'Readiness: the dependencies answer',
    description:
      'PostgreSQL (`SELECT 1`, where the service keeps data), Redis (`PING`) and the checks the service registers (a provider circuit). 503 names what is down.',
  })
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
