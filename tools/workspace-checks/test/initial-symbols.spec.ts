import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../../..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');

/** The polygon-ingestor's initial symbols as `ticker|name|exchange` lines (the TABLE text of initial-symbols.ts). */
function ingestorInitialSymbols(): string[] {
  const source = read('apps/polygon-ingestor/src/symbols/initial-symbols.ts');
  const table = /const TABLE = `([^`]*)`/.exec(source);
  if (table === null) throw new Error('initial-symbols.ts has no TABLE template');
  return table[1].trim().split('\n');
}

/**
 * The simulator states the same 100 symbols as the ingestor without sharing a
 * file with it (it plays the vendor, tools/provider-sim/src/data/default-symbols.data.ts):
 * this check keeps the two statements in step.
 */
describe('initial symbols', () => {
  it("the provider simulator's default symbols are the polygon-ingestor's initial symbols, in the same order", () => {
    const simulator = JSON.parse(read('tools/provider-sim/src/data/default-symbols.json')) as Array<{
      ticker: string;
      name: string;
      exchange: string;
    }>;
    const ingestor = ingestorInitialSymbols();
    expect(ingestor).toHaveLength(100);
    expect(simulator.map((s) => `${s.ticker}|${s.name}|${s.exchange}`)).toEqual(ingestor);
  });
});
