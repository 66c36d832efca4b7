import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { SYSTEM_HEALTH_SCHEMA, SYSTEM_STATUS_SCHEMA } from '../api-schemas';
import { HealthMonitor } from './health-monitor';
import { SystemStatus } from './system-status';

/**
 * The operator's view of the whole system. GET /health is for monitors: 200
 * when every service and Redis is ready, 503 naming what is not (the
 * gateway itself is fine either way, and says so at /health/ready).
 */
@ApiTags('system')
@Controller()
export class AggregateController {
  constructor(
    private readonly monitor: HealthMonitor,
    private readonly system: SystemStatus,
  ) {}

  @Get('health')
  @ApiOperation({
    summary: 'Readiness of every service and of Redis, in one answer',
    description: 'Probes are shared by all requests for GATEWAY_HEALTH_CACHE_MS.',
  })
  @ApiOkResponse({ description: 'every service and Redis are ready (`status: ok`)', schema: SYSTEM_HEALTH_SCHEMA })
  @ApiServiceUnavailableResponse({
    description: 'a service or Redis is not ready (`status: degraded`), each named with why',
    schema: SYSTEM_HEALTH_SCHEMA,
  })
  async health(@Res({ passthrough: true }) response: Response) {
    const health = await this.monitor.health();
    response.status(health.status === 'ok' ? 200 : 503);
    return health;
  }

  @Get('status')
  @ApiOperation({
    summary: 'The whole system in one document',
    description:
      "Collected from every service's /status once per GATEWAY_STATUS_CACHE_MS; a service that does not answer is reported, never an error.",
  })
  @ApiOkResponse({
    description: 'services, universe, freshness, backfill, budgets, queues, failed jobs, quality and account',
    schema: SYSTEM_STATUS_SCHEMA,
  })
  status() {
    return this.system.status();
  }
}
