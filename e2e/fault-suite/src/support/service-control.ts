import type { ServiceName } from './service-launcher';
import type { FaultSystem } from './system';

/** SIGKILL of every replica of a service at the same moment. */
export async function killAll(system: FaultSystem, name: ServiceName): Promise<void> {
  await Promise.all(system.services[name].map((instance) => instance.kill()));
}

/** Every replica of a service started again on its own port; resolves once each answers /health/live. */
export async function restartAll(system: FaultSystem, name: ServiceName): Promise<void> {
  await Promise.all(system.services[name].map((instance) => instance.restart()));
}
