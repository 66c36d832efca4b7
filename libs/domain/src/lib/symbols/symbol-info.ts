export const SYMBOL_STATUSES = ['active', 'delisted', 'suspended'] as const;
export type SymbolStatus = (typeof SYMBOL_STATUSES)[number];

export interface SymbolInfo {
  readonly symbol: string;
  readonly name: string | null;
  readonly exchange: string | null;
  readonly sector: string | null;
  /** Whole US dollars; fits BIGINT. */
  readonly marketCap: number | null;
  /** The provider's security type (CS, ETF, ADRC, PFD, ...), filled in by the reference sync; read only. */
  readonly type?: string | null;
  readonly status: SymbolStatus;
}

export interface DelistedSymbol {
  readonly symbol: string;
  /** YYYY-MM-DD (exchange calendar date). */
  readonly delistDate: string | null;
  readonly lastPrice: string | null;
  readonly notes: string | null;
}
