import { SYMBOL_STATUSES, symbolProblem, type SymbolInfo, type SymbolStatus } from '@mdi/domain';
import { MarketDataCache, ReferenceTickerRepository, SymbolRepository } from '@mdi/storage';
import { Injectable } from '@nestjs/common';
import { badRequest, notFound } from '../core/request-errors';
import { INITIAL_SYMBOLS } from './initial-symbols';
import { parseNewSymbol } from './symbol-request';

export interface AddSymbolOutcome {
  readonly symbol: SymbolInfo;
  readonly created: boolean;
}

/**
 * The symbol universe (data_ingestion.symbols). Only `active` symbols are
 * fetched; `suspended` ones are kept but cost no calls; `delisted` ones are
 * set by delisting detection. Every change refreshes `data:active_symbols`.
 */
@Injectable()
export class SymbolUniverseService {
  constructor(
    private readonly symbols: SymbolRepository,
    private readonly references: ReferenceTickerRepository,
    private readonly cache: MarketDataCache,
  ) {}

  /** Seeds the initial 100 when the table is empty; ensures the configured extras exist. */
  async seed(options: { initial: boolean; extra: readonly string[] }): Promise<number> {
    const existing = new Set((await this.symbols.list()).map((s) => s.symbol));
    const wanted: SymbolInfo[] = [];
    if (options.initial && existing.size === 0) {
      wanted.push(...INITIAL_SYMBOLS.map((s) => info(s.symbol, s.name, s.exchange)));
    }
    for (const symbol of options.extra) {
      if (!existing.has(symbol) && !wanted.some((w) => w.symbol === symbol)) wanted.push(info(symbol, null, null));
    }
    const { written } = await this.symbols.upsert(wanted);
    // The cache connects lazily and drops writes until connected: give it a moment at start-up.
    await this.cache.waitUntilReady(1000);
    await this.refreshActiveCache();
    return written;
  }

  list(status?: string): Promise<SymbolInfo[]> {
    if (status !== undefined && !SYMBOL_STATUSES.includes(status as SymbolStatus)) {
      throw badRequest('invalid status filter', [
        `status must be one of ${SYMBOL_STATUSES.join(', ')}, got ${JSON.stringify(status)}`,
      ]);
    }
    return this.symbols.list(status as SymbolStatus | undefined);
  }

  async get(symbol: string): Promise<SymbolInfo> {
    assertSymbol(symbol);
    const found = await this.symbols.get(symbol);
    if (!found) throw notFound(`symbol ${symbol} is not in the universe`);
    return found;
  }

  /**
   * Adds a symbol the provider knows (seen in a grouped-daily answer or the
   * reference listing). Adding a suspended or delisted one reactivates it.
   */
  async add(body: unknown): Promise<AddSymbolOutcome> {
    const parsed = parseNewSymbol(body);
    if ('reasons' in parsed) throw badRequest('invalid symbol', parsed.reasons);
    const { symbol, sector } = parsed.request;
    const reference = await this.references.get(symbol);
    if (!reference) {
      const known = await this.references.count();
      throw badRequest('unknown symbol', [
        known === 0
          ? `${symbol} cannot be checked yet: no ticker reference has been loaded (it fills with the first end-of-day call or a reference sync)`
          : `${symbol} is not a ticker Polygon knows (not in ${known} reference tickers)`,
      ]);
    }
    if (!reference.active) {
      throw badRequest('delisted symbol', [
        `${symbol} is inactive at Polygon${reference.delistedDate ? ` (delisted ${reference.delistedDate})` : ''}`,
      ]);
    }
    const existing = await this.symbols.get(symbol);
    const next = info(
      symbol,
      reference.name ?? existing?.name ?? null,
      reference.exchange ?? existing?.exchange ?? null,
      sector ?? existing?.sector ?? null,
    );
    await this.symbols.upsert([next]);
    await this.refreshActiveCache();
    return { symbol: next, created: existing === null };
  }

  async remove(symbol: string): Promise<void> {
    assertSymbol(symbol);
    if (!(await this.symbols.remove(symbol))) throw notFound(`symbol ${symbol} is not in the universe`);
    await this.refreshActiveCache();
  }

  async setStatus(symbol: string, status: SymbolStatus): Promise<SymbolInfo> {
    assertSymbol(symbol);
    if (!(await this.symbols.setStatus(symbol, status))) throw notFound(`symbol ${symbol} is not in the universe`);
    await this.refreshActiveCache();
    return this.get(symbol);
  }

  /** Active symbols, from `data:active_symbols` when cached (the cache never changes the answer's source: the table). */
  async activeSymbols(): Promise<string[]> {
    const cached = await this.cache.getActiveSymbols();
    if (cached) return cached;
    return this.refreshActiveCache();
  }

  /** Active symbols straight from PostgreSQL (planning must not act on a stale cache). */
  async activeSymbolsFresh(): Promise<string[]> {
    return (await this.symbols.list('active')).map((s) => s.symbol);
  }

  async refreshActiveCache(): Promise<string[]> {
    const active = await this.activeSymbolsFresh();
    await this.cache.setActiveSymbols(active);
    return active;
  }
}

function info(symbol: string, name: string | null, exchange: string | null, sector: string | null = null): SymbolInfo {
  return { symbol, name, exchange, sector, marketCap: null, status: 'active' };
}

function assertSymbol(symbol: string): void {
  const problem = symbolProblem(symbol);
  if (problem) throw badRequest('invalid symbol', [problem]);
}
