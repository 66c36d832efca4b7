import { processInfo } from '@mdi/platform';
import { Inject, Injectable } from '@nestjs/common';
import { GatewayConfig } from '../gateway.config';
import { SERVICE_NAME } from '../service-name';
import { probe, type ProbeResult } from './downstream-probe';
import { DOWNSTREAM_SERVICES, type DownstreamService } from './downstream-services';
import { FreshFor } from './fresh-for';
import { statusDocument, type Sources } from './status-document';

/**
 * GET /status: one document for a person or a dashboard, built from every
 * service's /status (and the account snapshot) collected at most once per
 * GATEWAY_STATUS_CACHE_MS, whatever the number of readers. Every part says
 * how old it is.
 */
@Injectable()
export class SystemStatus {
  private readonly sources: FreshFor<Sources>;

  constructor(config: GatewayConfig, @Inject(DOWNSTREAM_SERVICES) services: DownstreamService[]) {
    const url = (name: string) => services.find((s) => s.name === name)?.baseUrl ?? '';
    const get = (path: string): Promise<ProbeResult> => probe(path, config.GATEWAY_PROBE_TIMEOUT_MS);
    this.sources = new FreshFor(config.GATEWAY_STATUS_CACHE_MS, async () => {
      const [statuses, account] = await Promise.all([
        Promise.all(services.map(async (service) => [service.name, await get(`${service.baseUrl}/status`)] as const)),
        get(`${url('alpaca-monitor')}/account`),
      ]);
      return { statuses: Object.fromEntries(statuses), account };
    });
  }

  async status() {
    const { value, at } = await this.sources.get();
    return { service: SERVICE_NAME, ...processInfo(), ...statusDocument(value, at, Date.now()) };
  }
}
