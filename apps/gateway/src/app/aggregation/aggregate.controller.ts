import { processInfo } from '@mdi/platform';
import { Controller, Get, Inject } from '@nestjs/common';
import { SERVICE_NAME } from '../service-name';
import { probe } from './downstream-probe';
import { DOWNSTREAM_SERVICES, type DownstreamService } from './downstream-services';

type ServiceHealth =
  | { status: 'up'; httpStatus: number; details: unknown }
  | { status: 'down'; httpStatus?: number; reason?: string; details?: unknown };

/**
 * One place to see the whole system. A service that does not answer is
 * reported as down; the gateway itself still answers 200.
 */
@Controller()
export class AggregateController {
  constructor(@Inject(DOWNSTREAM_SERVICES) private readonly services: DownstreamService[]) {}

  @Get('health')
  async health() {
    const entries = await Promise.all(
      this.services.map(async (service) => [service.name, await this.readiness(service)] as const),
    );
    const services = Object.fromEntries(entries);
    const allUp = entries.every(([, health]) => health.status === 'up');
    return { status: allUp ? 'ok' : 'degraded', checkedAt: new Date().toISOString(), services };
  }

  @Get('status')
  async status() {
    const entries = await Promise.all(
      this.services.map(async (service) => {
        const result = await probe(`${service.baseUrl}/status`);
        const status = result.reachable
          ? { reachable: true, httpStatus: result.httpStatus, status: result.body }
          : { reachable: false, reason: result.reason };
        return [service.name, status] as const;
      }),
    );
    return { service: SERVICE_NAME, ...processInfo(), services: Object.fromEntries(entries) };
  }

  private async readiness(service: DownstreamService): Promise<ServiceHealth> {
    const result = await probe(`${service.baseUrl}/health/ready`);
    if (!result.reachable) return { status: 'down', reason: result.reason };
    if (result.httpStatus === 200) return { status: 'up', httpStatus: 200, details: result.body };
    return { status: 'down', httpStatus: result.httpStatus, details: result.body };
  }
}
