import { symbolProblem, accepted, rejected } from '@mdi/domain';
import { ProviderError, type ProviderFailure } from '../../lib/errors/provider-error';
import { transformRows, type ProviderPage, type ProviderResult } from '../../lib/contract/provider-result';
import { fromToyQuoteRow, type ToyQuote } from './toy-quote.transformer';

/*
 * Checklist step 3 (client): a real provider keeps it in
 * libs/providers/src/lib/<name>/ (like polygon-market-data.provider.ts).
 * One method call is one HTTP request; rows go through the domain
 * transformer; failures are ProviderErrors the worker knows how to treat.
 */
export class ToyClient {
  readonly name = 'toy';

  constructor(
    private readonly baseUrl: string,
    private readonly key: string,
  ) {}

  async getQuote(symbol: string): Promise<ProviderResult<ToyQuote>> {
    const body = (await this.get(`/quotes/${encodeURIComponent(symbol)}`, 'quote')) as unknown;
    return transformRows([body], fromToyQuoteRow);
  }

  async listSymbols(cursor?: string): Promise<ProviderPage<string>> {
    const query = cursor === undefined ? '' : `?cursor=${encodeURIComponent(cursor)}`;
    const body = (await this.get(`/symbols${query}`, 'symbols')) as { symbols?: unknown[]; next?: unknown };
    const page = transformRows<string>(body.symbols ?? [], (row) => {
      const problem = symbolProblem(row);
      return problem ? rejected([problem]) : accepted(row as string);
    });
    return { ...page, nextCursor: typeof body.next === 'string' ? body.next : null };
  }

  private async get(path: string, endpoint: string): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, { headers: { authorization: `Bearer ${this.key}` } });
    } catch (error) {
      throw this.error(endpoint, 0, 'unavailable', (error as Error).message);
    }
    if (response.ok) return response.json();
    const failure: ProviderFailure =
      response.status === 401 ? 'unauthorized' : response.status >= 500 ? 'unavailable' : 'rejected-request';
    throw this.error(endpoint, response.status, failure, `HTTP ${response.status}: ${await response.text()}`);
  }

  private error(endpoint: string, status: number, failure: ProviderFailure, message: string): ProviderError {
    return new ProviderError({ provider: this.name, endpoint, status, failure, message });
  }
}
