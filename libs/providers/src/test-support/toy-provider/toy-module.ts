import { ProvidersModule, type CommonOptions } from '../../lib/nest/providers.module';
import { ProviderStack } from '../../lib/queue/provider-stack';
import { toyCalls, TOY_QUEUE } from './toy-calls';
import { ToyClient } from './toy-client';
import type { ToyJob } from './toy-jobs';

/*
 * Checklist step 5 (registration): a real provider adds
 * ProvidersModule.forX(options) in libs/providers/src/lib/nest/ that calls
 * forProvider exactly like this, and its config variables to the app's
 * config class.
 */

export const TOY_STACK = Symbol('TOY_STACK');

export interface ToyModuleOptions extends CommonOptions {
  readonly baseUrl: string;
  readonly key: string;
}

/** The toy feed wired like Polygon and Alpaca: its stack under TOY_STACK, readiness, provider_config, worker. */
export function toyProviderModule(options: ToyModuleOptions) {
  return ProvidersModule.forProvider<ToyJob>(
    {
      stackToken: TOY_STACK,
      queueName: TOY_QUEUE,
      providerName: 'toy',
      credential: options.key,
      defaultRateLimit: 60,
      createStack: (settings, observability) =>
        new ProviderStack<ToyJob>(
          toyCalls(new ToyClient(options.baseUrl, options.key)),
          { ...settings, secrets: [options.key] },
          observability,
        ),
    },
    options,
  );
}
