import type { BaseServiceConfig, ServiceDefinition } from '@mdi/platform';
import { lateBound } from './late-bound';
import { startProviderSimulator, type ProviderSimulator, type ProviderSimulatorOptions } from './provider-sim-process';
import { startServiceHarness, type ServiceHarness } from './service-harness';

/** Start-up budget of a service (and simulator) in beforeAll: boot, migrations, connections. */
const START_TIMEOUT_MS = 120_000;

/**
 * One real service (startServiceHarness: its own database, proxies) for the
 * calling describe block: started in a beforeAll registered here, so a
 * beforeAll registered after this call can use it; closed in afterAll.
 */
export function useServiceHarness<C extends BaseServiceConfig>(
  definition: ServiceDefinition<C>,
  env: NodeJS.ProcessEnv = {},
): ServiceHarness {
  const harness = lateBound<ServiceHarness>(`the ${definition.name} harness`);
  beforeAll(async () => {
    harness.set(await startServiceHarness(definition, env));
  }, START_TIMEOUT_MS);
  afterAll(async () => {
    await harness.current?.close();
  });
  return harness.proxy;
}

export interface ServiceWithSimulator {
  readonly sim: ProviderSimulator;
  readonly harness: ServiceHarness;
}

/**
 * A simulator, then one real service configured against it by `env(sim)`,
 * for the calling describe block; in afterAll the service is closed, then the
 * simulator stopped, whichever of them had started.
 */
export function useServiceWithSimulator<C extends BaseServiceConfig>(
  definition: ServiceDefinition<C>,
  simulator: ProviderSimulatorOptions,
  env: (sim: ProviderSimulator) => NodeJS.ProcessEnv,
): ServiceWithSimulator {
  const sim = lateBound<ProviderSimulator>('the simulator');
  const harness = lateBound<ServiceHarness>(`the ${definition.name} harness`);
  beforeAll(async () => {
    const started = await startProviderSimulator(simulator);
    sim.set(started);
    harness.set(await startServiceHarness(definition, env(started)));
  }, START_TIMEOUT_MS);
  afterAll(async () => {
    await harness.current?.close();
    await sim.current?.stop();
  });
  return { sim: sim.proxy, harness: harness.proxy };
}
