import { isIsoDate, sourceParameterProblem, symbolProblem, type IsoDate, type MarketDataSource } from '@mdi/domain';

export const EXPORT_FORMATS = ['parquet', 'csv', 'arrow'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/**
 * Symbols one request may list: 1,000 tickers keep the URL under the 16 KB
 * header limit of Node's HTTP server. Leaving `symbols` out exports every
 * active symbol, however many.
 */
export const MAX_LISTED_EXPORT_SYMBOLS = 1_000;

/** GET /bars/export (and /bars/export/coverage) as received: every value unchecked. */
export interface ExportQuery {
  readonly symbols?: unknown;
  readonly from?: unknown;
  readonly to?: unknown;
  readonly adjusted?: unknown;
  readonly source?: unknown;
  readonly format?: unknown;
}

export interface ExportRequest {
  /** The listed symbols in the order given; null: every active symbol of the universe. */
  readonly symbols: readonly string[] | null;
  readonly from: IsoDate;
  readonly to: IsoDate;
  readonly adjusted: boolean;
  readonly source: MarketDataSource;
  readonly format: ExportFormat;
}

export interface ExportDefaults {
  /** The window the plan serves: the default `from` and `to`, as for GET /bars/:symbol. */
  readonly from: IsoDate;
  readonly to: IsoDate;
  /** The ingestor's own source. */
  readonly source: MarketDataSource;
}

/** Every reason the query cannot be exported at once (a symbol's membership of the universe is checked later). */
export function parseExportRequest(
  query: ExportQuery,
  defaults: ExportDefaults,
): { request: ExportRequest } | { reasons: string[] } {
  const reasons: string[] = [];
  const symbols = parseSymbols(query.symbols, reasons);
  const date = (value: unknown, name: string, fallback: IsoDate): IsoDate => {
    if (value === undefined || value === '') return fallback;
    if (!isIsoDate(value)) reasons.push(`${name} must be a YYYY-MM-DD date, got ${JSON.stringify(value)}`);
    return value as IsoDate;
  };
  const from = date(query.from, 'from', defaults.from);
  const to = date(query.to, 'to', defaults.to);
  if (isIsoDate(from) && isIsoDate(to) && from > to) reasons.push(`from ${from} is after to ${to}`);
  const adjusted = query.adjusted;
  if (adjusted !== undefined && adjusted !== 'true' && adjusted !== 'false')
    reasons.push(`adjusted must be true or false, got ${JSON.stringify(adjusted)}`);
  const source = query.source ?? defaults.source;
  const sourceProblem = sourceParameterProblem(source);
  if (sourceProblem) reasons.push(sourceProblem);
  const format = query.format ?? 'parquet';
  if (!EXPORT_FORMATS.includes(format as ExportFormat))
    reasons.push(`format must be one of ${EXPORT_FORMATS.join(', ')}, got ${JSON.stringify(format)}`);
  if (reasons.length > 0) return { reasons };
  return {
    request: {
      symbols,
      from,
      to,
      adjusted: adjusted === 'true',
      source: source as MarketDataSource,
      format: format as ExportFormat,
    },
  };
}

/** `AAPL,MSFT,BRK.B`: each entry a ticker, none twice, at most MAX_LISTED_EXPORT_SYMBOLS. */
function parseSymbols(value: unknown, reasons: string[]): string[] | null {
  if (value === undefined) return null;
  if (typeof value !== 'string' || value.trim() === '') {
    reasons.push('symbols must list one or more tickers separated by commas (leave it out for every active symbol)');
    return null;
  }
  const entries = value.split(',').map((entry) => entry.trim());
  if (entries.length > MAX_LISTED_EXPORT_SYMBOLS) {
    reasons.push(
      `symbols lists ${entries.length} tickers, more than ${MAX_LISTED_EXPORT_SYMBOLS} (leave symbols out to export every active symbol)`,
    );
    return null;
  }
  const seen = new Set<string>();
  entries.forEach((entry, i) => {
    const problem = symbolProblem(entry, `symbols entry ${i + 1}`);
    if (problem) reasons.push(problem);
    else if (seen.has(entry)) reasons.push(`symbols entry ${i + 1} ${JSON.stringify(entry)} is listed twice`);
    seen.add(entry);
  });
  return entries;
}
