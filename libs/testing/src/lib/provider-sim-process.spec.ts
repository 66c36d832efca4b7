import { ProviderSimulator, startProviderSimulator } from './provider-sim-process';

jest.setTimeout(60_000);

describe('startProviderSimulator', () => {
  let sim: ProviderSimulator;
  beforeAll(async () => {
    sim = await startProviderSimulator({
      today: '2026-11-25',
      symbols: 120,
      polygonKeys: ['k1'],
      polygonRateLimit: 2,
      rateWindowMs: 60_000,
    });
  });
  afterAll(() => sim?.stop());

  it('spawns the simulator on a random port and drives its control plane', async () => {
    expect(sim.url).toBe(`http://127.0.0.1:${sim.port}`);
    const aggs = `${sim.url}/v2/aggs/ticker/AAPL/range/1/day/2026-11-02/2026-11-06?apiKey=k1`;
    expect((await fetch(aggs)).status).toBe(200);
    expect((await fetch(aggs)).status).toBe(200);
    expect((await fetch(aggs)).status).toBe(429);
    const stats = await sim.stats();
    expect(stats.sinceReset).toMatchObject({ calls: 3, rateLimited: 1, byEndpoint: { 'polygon.aggs.range': 3 } });

    await sim.reset();
    expect((await sim.stats()).sinceReset.calls).toBe(0);
    expect((await fetch(aggs)).status).toBe(200);

    await sim.configure({ rateLimit: { polygon: { limit: 0, windowMs: 1000 } } });
    await sim.faults([{ kind: 'http-error', status: 503, count: 1, body: 'json' }]);
    expect((await fetch(aggs)).status).toBe(503);
    expect((await fetch(aggs)).status).toBe(200);
    const fills = await sim.addAlpacaFills(2);
    expect(fills).toHaveLength(2);
  });

  it('rejects a bad control call with the simulator message', async () => {
    await expect(sim.configure({ today: 'someday' })).rejects.toThrow(/answered 400/);
    await expect(sim.faults([{ kind: 'meteor' }])).rejects.toThrow(/kind must be one of/);
  });

  it('fails to start with the simulator stderr when an option is bad', async () => {
    await expect(startProviderSimulator({ today: '2026-02-30' })).rejects.toThrow(/--today must be a date/);
  });

  it('stops the process', async () => {
    const other = await startProviderSimulator({ symbols: 100, today: '2026-11-25' });
    await other.stop();
    expect(other.process.exitCode ?? other.process.signalCode).not.toBeNull();
    await expect(fetch(`${other.url}/__sim/stats`)).rejects.toThrow();
  });
});
