import { lateBound, startProviderSimulator, type ProviderSimulator, type ProviderSimulatorOptions } from '@mdi/testing';
import { startIngestor, type IngestorHarness } from './ingestor-harness';

export interface IngestorWithSimulator {
  readonly sim: ProviderSimulator;
  readonly ingestor: IngestorHarness;
}

/**
 * One simulator and one ingestor for the calling describe block: started in a
 * beforeAll (the ingestor with `env` over ingestorEnv, its own database and
 * Redis key prefixes), the ingestor closed then the simulator stopped in
 * afterAll, whichever of them had started.
 */
export function useIngestorWithSimulator(
  simulator: ProviderSimulatorOptions,
  env: Record<string, string> = {},
): IngestorWithSimulator {
  const sim = lateBound<ProviderSimulator>('the simulator');
  const ingestor = lateBound<IngestorHarness>('the ingestor');
  beforeAll(async () => {
    const started = await startProviderSimulator(simulator);
    sim.set(started);
    ingestor.set(await startIngestor(started, env));
  }, 60_000);
  afterAll(async () => {
    await ingestor.current?.close();
    await sim.current?.stop();
  });
  return { sim: sim.proxy, ingestor: ingestor.proxy };
}
