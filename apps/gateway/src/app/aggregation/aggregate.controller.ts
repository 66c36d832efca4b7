import { Controller, Get, Res } from '@nestjs/common';
import type { Response } from 'express';
import { HealthMonitor } from './health-monitor';
import { SystemStatus } from './system-status';

/**
 * The operator's view of the whole system. GET /health is for monitors: 200
 * when every service and Redis is ready, 503 naming what is not (the
 * gateway itself is fine either way, and says so at /health/ready).
 */
@Controller()
export class AggregateController {
  constructor(
    private readonly monitor: HealthMonitor,
    private readonly system: SystemStatus,
  ) {}

  @Get('health')
  async health(@Res({ passthrough: true }) response: Response) {
    const health = await this.monitor.health();
    response.status(health.status === 'ok' ? 200 : 503);
    return health;
  }

  @Get('status')
  status() {
    return this.system.status();
  }
}
