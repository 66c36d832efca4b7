import { MARKET_DATA_SOURCES, type MarketDataSource } from '@mdi/domain';
import type { CallDefinition } from '@mdi/providers';

/**
 * Injection token of the MarketDataSource this ingestor reads and writes:
 * the source column of its bars, coverage ledger, corporate actions and
 * reference tickers. It is the name of the provider whose stack fetches the
 * data, so every query of the ingestion core is scoped to that one source and
 * another source's rows (same symbol, same session) are never mixed in.
 */
export const MARKET_DATA_SOURCE = Symbol('MARKET_DATA_SOURCE');

/** The source named by a provider stack's call definition; refuses a provider that is not a bar source. */
export function marketDataSourceOf(stack: {
  readonly definition: Pick<CallDefinition<never>, 'provider'>;
}): MarketDataSource {
  const name = stack.definition.provider;
  const source = MARKET_DATA_SOURCES.find((s) => s === name);
  if (source === undefined) {
    throw new Error(`provider "${name}" is not a market-data source (known: ${MARKET_DATA_SOURCES.join(', ')})`);
  }
  return source;
}
