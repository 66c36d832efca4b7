import { ProviderError } from '../errors/provider-error';
import { ProviderCircuitBreaker } from '../resilience/provider-circuit-breaker';
import { circuitReadinessCheck } from './circuit-readiness';

const outage = () =>
  Promise.reject(
    new ProviderError({
      provider: 'polygon',
      endpoint: 'grouped-daily',
      status: 503,
      failure: 'unavailable',
      message: 'HTTP 503',
    }),
  );

describe('circuitReadinessCheck', () => {
  it('is up while closed, down with a reason while open, and up again after a good trial call', async () => {
    const breaker = new ProviderCircuitBreaker('polygon', { consecutiveFailures: 2, halfOpenAfterMs: 100 });
    const check = circuitReadinessCheck(breaker);
    expect(await check()).toEqual({ polygon: { status: 'up', circuit: 'closed' } });

    for (let i = 0; i < 2; i++) await expect(breaker.execute(outage)).rejects.toThrow('HTTP 503');
    const down = await check();
    expect(down['polygon']).toMatchObject({ status: 'down', circuit: 'open' });
    expect(down['polygon']['message']).toMatch(
      /^polygon circuit is open after repeated outages .*; next trial call in 1 s$/,
    );

    await new Promise((resolve) => setTimeout(resolve, 120));
    await breaker.execute(async () => 'ok');
    expect(await check()).toEqual({ polygon: { status: 'up', circuit: 'closed' } });
  });

  it('ignores 429s and 4xx: they do not say the provider is down', async () => {
    const breaker = new ProviderCircuitBreaker('polygon', { consecutiveFailures: 1 });
    for (const failure of ['rate-limited', 'unauthorized', 'rejected-request'] as const) {
      const error = new ProviderError({ provider: 'polygon', endpoint: 'x', status: 429, failure, message: failure });
      await expect(breaker.execute(() => Promise.reject(error))).rejects.toBe(error);
    }
    expect(breaker.circuitState()).toBe('closed');
  });
});
