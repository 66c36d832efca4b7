import type { AccountProvider } from './account-provider';
import type { MarketDataProvider } from './market-data-provider';

/** Injection token of the ProviderRegistry (a Symbol, so no string can collide with it). */
export const PROVIDER_REGISTRY = Symbol('PROVIDER_REGISTRY');

/**
 * Every configured source by name. Apps ask for "a market-data provider
 * named X" and never construct one, so adding a source (Alpha Vantage, IEX,
 * ...) is a new implementation plus a registration, with no app change.
 */
export class ProviderRegistry {
  private readonly marketData = new Map<string, MarketDataProvider>();
  private readonly accounts = new Map<string, AccountProvider>();

  addMarketData(provider: MarketDataProvider): void {
    add(this.marketData, provider, 'market-data');
  }

  addAccount(provider: AccountProvider): void {
    add(this.accounts, provider, 'account');
  }

  marketDataProvider(name: string): MarketDataProvider {
    return get(this.marketData, name, 'market-data');
  }

  accountProvider(name: string): AccountProvider {
    return get(this.accounts, name, 'account');
  }

  names(): { marketData: string[]; account: string[] } {
    return { marketData: [...this.marketData.keys()], account: [...this.accounts.keys()] };
  }
}

function add<T extends { name: string }>(map: Map<string, T>, provider: T, what: string): void {
  if (map.has(provider.name)) {
    throw new Error(`a ${what} provider named "${provider.name}" is already registered`);
  }
  map.set(provider.name, provider);
}

function get<T>(map: Map<string, T>, name: string, what: string): T {
  const provider = map.get(name);
  if (!provider) {
    const known = [...map.keys()].join(', ') || 'none';
    throw new Error(`no ${what} provider named "${name}" (registered: ${known})`);
  }
  return provider;
}
