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
// require, not `import table from`: the simulator also runs from source under swc with the repo's base
// tsconfig (npm start, npm run sim, the test harness), which has no esModuleInterop, and there a JSON default
// import is undefined; require gives the array under swc, ts-jest and webpack alike.
export const DEFAULT_SYMBOLS: readonly SymbolSeed[] = require('./default-symbols.json');
