import { isDecimalString, readRecord, rejected, symbolProblem, type Validated } from '@mdi/domain';

/*
 * Checklist step 2 (domain transformer): a real provider keeps it in
 * libs/domain/src/lib/<name>/, next to polygon-aggregate.transformer.ts.
 */

export interface ToyQuote {
  readonly symbol: string;
  readonly price: string;
}

/** One row of the toy feed's answer: { symbol, price } with price as decimal text. */
export function fromToyQuoteRow(row: unknown): Validated<ToyQuote> {
  const reader = readRecord(row, 'quote');
  if (typeof reader === 'string') return rejected([reader]);
  const symbol = reader.string('symbol');
  const problem = symbolProblem(symbol);
  if (problem) reader.problem(problem);
  const price = reader.raw('price');
  if (!isDecimalString(price) || Number(price) <= 0) {
    reader.problem(`price must be a positive decimal string, got ${JSON.stringify(price)}`);
  }
  return reader.result(() => ({ symbol, price: price as string }));
}
