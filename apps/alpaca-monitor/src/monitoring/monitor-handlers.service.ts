import type { AlpacaJob } from '@mdi/domain';
import {
  ALPACA_STACK,
  AlpacaAccountProvider,
  PROVIDER_REGISTRY,
  type JobHandlers,
  type JobOutcome,
  type ProviderRegistry,
  type ProviderStack,
} from '@mdi/providers';
import { MarketDataCache, StorageAvailability } from '@mdi/storage';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { AccountPollHandler } from './account-poll.handler';
import { FillPollHandler } from './fill-poll.handler';
import { OrderPollHandler } from './order-poll.handler';

/**
 * One handler per Alpaca job kind, registered before the worker starts (it
 * refuses to start otherwise). Calendar and clock are not polled here; their
 * handlers hand the data back as the job's outcome, so a caller using
 * callAndWait on the shared queue gets it from whichever replica ran the call.
 */
@Injectable()
export class MonitorHandlersService implements OnModuleInit {
  constructor(
    @Inject(ALPACA_STACK) private readonly stack: ProviderStack<AlpacaJob>,
    @Inject(PROVIDER_REGISTRY) private readonly registry: ProviderRegistry,
    private readonly account: AccountPollHandler,
    private readonly orders: OrderPollHandler,
    private readonly fills: FillPollHandler,
    private readonly cache: MarketDataCache,
    private readonly storage: StorageAvailability,
  ) {}

  onModuleInit(): void {
    // No Alpaca call while PostgreSQL cannot store its answer; an outage spends no attempt.
    this.stack.guardStorage(this.storage);
    const handlers: JobHandlers<AlpacaJob> = {
      account: (result) => this.after(this.account.account(result)),
      positions: (result) => this.after(this.account.positionSet(result)),
      orders: (result, job) => this.after(this.orders.page(result, job)),
      fills: (result) => this.after(this.fills.page(result)),
      calendar: async (result) => ({ sessions: result.items.map((s) => ({ ...s })), rejected: result.rejected.length }),
      clock: async (result) => {
        const clock = result.items[0];
        return clock
          ? {
              timestamp: clock.timestamp.toISOString(),
              isOpen: clock.isOpen,
              nextOpen: clock.nextOpen.toISOString(),
              nextClose: clock.nextClose.toISOString(),
            }
          : null;
      },
    };
    this.stack.handlers.registerAll(handlers);
  }

  /**
   * Shares the headroom Alpaca reported on this call (X-RateLimit-*) under the
   * seed's rate_limit:alpaca key, so /status on any replica can show it.
   */
  private async after(work: Promise<Record<string, JobOutcome>>): Promise<JobOutcome> {
    const outcome = await work;
    const provider = this.registry.accountProvider('alpaca');
    const state = provider instanceof AlpacaAccountProvider ? provider.lastRateLimit : null;
    if (state && state.limit !== null && state.remaining !== null && state.resetAt !== null) {
      await this.cache.setRateLimit('alpaca', {
        limit: state.limit,
        remaining: state.remaining,
        resetAt: state.resetAt,
      });
    }
    return outcome;
  }
}
