import {
  BrokenCircuitError,
  circuitBreaker,
  CircuitState,
  ConsecutiveBreaker,
  handleWhen,
  IsolatedCircuitError,
  type CircuitBreakerPolicy,
  type IBackoff,
  type IBackoffFactory,
} from 'cockatiel';
import { ProviderError } from '../errors/provider-error';
import type { ProviderLogger } from '../observability/provider-logger';
import type { CircuitStateName, ProviderMetrics } from '../observability/provider-metrics';
import {
  BREAKER_CONSECUTIVE_FAILURES,
  BREAKER_FIRST_TRIAL_AFTER_MS,
  BREAKER_HALF_OPEN_AFTER_MS,
} from './resilience.constants';

export interface CircuitBreakerOptions {
  readonly consecutiveFailures?: number;
  /** The longest wait between trial calls of an open circuit. */
  readonly halfOpenAfterMs?: number;
  /** The first trial's wait after the circuit opens; doubled after each failed trial up to halfOpenAfterMs. */
  readonly firstTrialAfterMs?: number;
  readonly metrics?: ProviderMetrics;
  readonly logger?: ProviderLogger;
}

const STATE_NAMES: Record<CircuitState, CircuitStateName> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Isolated]: 'isolated',
};

/**
 * One breaker per provider and process (cockatiel). Only outages count:
 * network errors, timeouts and 5xx. A 429 is the budget talking, and a 4xx
 * is our own request; neither says the provider is down.
 */
export class ProviderCircuitBreaker {
  private readonly policy: CircuitBreakerPolicy;
  private readonly trialDelays: TrialDelays;
  private openedAt = 0;
  private openFor = 0;
  /** When the circuit left `closed` (it stays set through half-open trials that fail). */
  private outageSince: number | null = null;

  constructor(
    readonly provider: string,
    options: CircuitBreakerOptions = {},
  ) {
    const longest = options.halfOpenAfterMs ?? BREAKER_HALF_OPEN_AFTER_MS;
    this.trialDelays = new TrialDelays(
      Math.min(options.firstTrialAfterMs ?? BREAKER_FIRST_TRIAL_AFTER_MS, longest),
      longest,
    );
    this.policy = circuitBreaker(
      handleWhen((error) => error instanceof ProviderError && error.isOutage),
      {
        halfOpenAfter: this.trialDelays,
        breaker: new ConsecutiveBreaker(options.consecutiveFailures ?? BREAKER_CONSECUTIVE_FAILURES),
      },
    );
    options.metrics?.circuit(provider, 'closed');
    this.policy.onBreak(() => {
      this.openedAt = Date.now();
      this.openFor = this.trialDelays.current;
      this.outageSince ??= this.openedAt;
    });
    this.policy.onReset(() => {
      this.outageSince = null;
    });
    this.policy.onStateChange((state) => {
      const name = STATE_NAMES[state];
      options.metrics?.circuit(provider, name);
      const log = name === 'closed' ? options.logger?.info : options.logger?.warn;
      log?.call(options.logger, { provider, circuit: name }, `${provider} circuit ${name}`);
    });
  }

  /** Calls `listener` on every state change (metrics and logs are already wired). */
  onStateChange(listener: (state: CircuitStateName) => void): void {
    this.policy.onStateChange((state) => listener(STATE_NAMES[state]));
  }

  /** Runs one call through the breaker; throws CircuitOpenError while it is open. */
  async execute<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await this.policy.execute(call);
    } catch (error) {
      if (error instanceof BrokenCircuitError || error instanceof IsolatedCircuitError) {
        throw new CircuitOpenError(this.provider, this.retryInMs());
      }
      throw error;
    }
  }

  circuitState(): CircuitStateName {
    return STATE_NAMES[this.policy.state];
  }

  /** Since when the circuit has not been closed (open, or half-open after opening), or null while closed. */
  openSince(): Date | null {
    return this.outageSince === null ? null : new Date(this.outageSince);
  }

  /** Time until the open circuit lets a trial call through (0 when closed). */
  retryInMs(): number {
    if (this.policy.state !== CircuitState.Open) return 0;
    return Math.max(0, this.openedAt + this.openFor - Date.now());
  }
}

/**
 * When an open circuit lets its next trial call through: soon after it
 * opens, then doubling after each failed trial up to a ceiling. A short
 * burst of errors is over within seconds; a long outage costs one trial call
 * per ceiling interval. `current` is the wait of the latest opening.
 */
class TrialDelays implements IBackoffFactory<unknown> {
  current = 0;

  constructor(
    private readonly first: number,
    private readonly ceiling: number,
  ) {}

  next(): IBackoff<unknown> {
    return this.delay(this.first);
  }

  private delay(ms: number): IBackoff<unknown> {
    this.current = ms;
    return { duration: ms, next: () => this.delay(Math.min(ms * 2, this.ceiling)) };
  }
}

/** The call was not made: the provider's circuit is open. */
export class CircuitOpenError extends Error {
  override readonly name = 'CircuitOpenError';

  constructor(
    readonly provider: string,
    readonly retryInMs: number,
  ) {
    super(`${provider} circuit is open; next trial call in ${Math.ceil(retryInMs / 1000)} s`);
  }
}
