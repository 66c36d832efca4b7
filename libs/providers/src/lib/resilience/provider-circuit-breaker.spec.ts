import { ProviderError } from '../errors/provider-error';
import { CircuitOpenError, ProviderCircuitBreaker } from './provider-circuit-breaker';

const outage = () =>
  Promise.reject(
    new ProviderError({
      provider: 'polygon',
      endpoint: 'range',
      status: 503,
      failure: 'unavailable',
      message: 'HTTP 503',
    }),
  );
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until the open circuit lets its trial through, then makes that trial fail; returns the wait it had announced. */
async function failTrial(breaker: ProviderCircuitBreaker): Promise<number> {
  const announced = breaker.retryInMs();
  await pause(announced + 5);
  await expect(breaker.execute(outage)).rejects.toThrow('HTTP 503');
  return announced;
}

describe('ProviderCircuitBreaker trial calls', () => {
  it('tries soon after opening, doubles the wait after each failed trial up to the ceiling, and closes on a good trial', async () => {
    const breaker = new ProviderCircuitBreaker('polygon', {
      consecutiveFailures: 2,
      firstTrialAfterMs: 40,
      halfOpenAfterMs: 150,
    });
    for (let i = 0; i < 2; i++) await expect(breaker.execute(outage)).rejects.toThrow('HTTP 503');
    expect(breaker.circuitState()).toBe('open');
    await expect(breaker.execute(async () => 'not called')).rejects.toBeInstanceOf(CircuitOpenError);

    const waits = [];
    for (let i = 0; i < 4; i++) waits.push(await failTrial(breaker));
    // Announced waits are the remaining time of each opening: at most 40, 80, 150 (ceiling), 150.
    expect(waits[0]).toBeLessThanOrEqual(40);
    expect(waits[1]).toBeGreaterThan(40);
    expect(waits[1]).toBeLessThanOrEqual(80);
    expect(waits[2]).toBeGreaterThan(80);
    expect(waits[2]).toBeLessThanOrEqual(150);
    expect(waits[3]).toBeGreaterThan(80);
    expect(waits[3]).toBeLessThanOrEqual(150);

    await pause(breaker.retryInMs() + 5);
    await expect(breaker.execute(async () => 'ok')).resolves.toBe('ok');
    expect(breaker.circuitState()).toBe('closed');

    // A new outage starts again from the first, short wait.
    for (let i = 0; i < 2; i++) await expect(breaker.execute(outage)).rejects.toThrow('HTTP 503');
    expect(breaker.retryInMs()).toBeLessThanOrEqual(40);
  });

  it('defaults to a first trial after 0.5 s and a ceiling of 5 s', async () => {
    const breaker = new ProviderCircuitBreaker('polygon', { consecutiveFailures: 1 });
    await expect(breaker.execute(outage)).rejects.toThrow('HTTP 503');
    expect(breaker.retryInMs()).toBeGreaterThan(400);
    expect(breaker.retryInMs()).toBeLessThanOrEqual(500);
  });
});
