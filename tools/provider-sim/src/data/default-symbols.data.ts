import table from './default-symbols.json';

export interface SymbolSeed {
  ticker: string;
  name: string;
  exchange: string;
}

/**
 * The first 100 symbols of every universe: large, liquid US stocks, with
 * name and primary exchange (MIC), as data in default-symbols.json.
 *
 * The polygon-ingestor's initial symbols are the same 100 on purpose, so tests
 * and the demo line up, yet the list is stated twice: the simulator plays the
 * vendor and shares nothing with the code it tests (no import of ours, no file
 * read from another project), just as Polygon's listing does not come from its
 * customers. tools/workspace-checks/test/initial-symbols.spec.ts keeps the two in step.
 */
export const DEFAULT_SYMBOLS: readonly SymbolSeed[] = table;
