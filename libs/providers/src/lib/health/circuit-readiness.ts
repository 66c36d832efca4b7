import type { ReadinessCheck } from '@mdi/platform';
import type { ProviderCircuitBreaker } from '../resilience/provider-circuit-breaker';

/**
 * Readiness of one provider: down while its circuit is open (or held open),
 * with a reason an operator can act on. No key or URL ever goes into it.
 */
export function circuitReadinessCheck(
  breaker: Pick<ProviderCircuitBreaker, 'provider' | 'circuitState' | 'retryInMs'>,
): ReadinessCheck {
  return async () => {
    const circuit = breaker.circuitState();
    if (circuit === 'open' || circuit === 'isolated') {
      const seconds = Math.ceil(breaker.retryInMs() / 1000);
      return {
        [breaker.provider]: {
          status: 'down',
          circuit,
          message: `${breaker.provider} circuit is ${circuit} after repeated outages (network errors, timeouts or 5xx); next trial call in ${seconds} s`,
        },
      };
    }
    return { [breaker.provider]: { status: 'up', circuit } };
  };
}
