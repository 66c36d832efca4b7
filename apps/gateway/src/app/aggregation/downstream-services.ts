import type { GatewayConfig } from '../gateway.config';

export interface DownstreamService {
  readonly name: string;
  readonly baseUrl: string;
}

export const DOWNSTREAM_SERVICES = Symbol('DOWNSTREAM_SERVICES');

export function downstreamServicesFrom(config: GatewayConfig): DownstreamService[] {
  return [
    { name: 'polygon-ingestor', baseUrl: config.POLYGON_INGESTOR_URL },
    { name: 'alpaca-monitor', baseUrl: config.ALPACA_MONITOR_URL },
    { name: 'quality-service', baseUrl: config.QUALITY_SERVICE_URL },
  ];
}
