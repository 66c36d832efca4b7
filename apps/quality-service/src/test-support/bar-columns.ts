import type { IsoDate } from '@mdi/domain';

/** Bars as column arrays: how tests and benchmarks build data without a JS object per bar. */
export interface BarColumns {
  symbol: string[];
  date: IsoDate[];
  open: number[];
  high: number[];
  low: number[];
  close: number[];
  volume: number[];
}

export function emptyBarColumns(): BarColumns {
  return { symbol: [], date: [], open: [], high: [], low: [], close: [], volume: [] };
}
