import { TradingCalendar } from '../calendar/trading-calendar';
import { DEFAULT_SYMBOLS, SymbolSeed } from './default-symbols.data';
import { Rng, hash32, intBetween, pick, rngFor, round4 } from './prng';

export interface TickerInfo {
  ticker: string;
  name: string;
  exchange: string;
  cik: string;
  compositeFigi: string;
  shareClassFigi: string;
  /** First session with bars (IPO tickers only). */
  listDate?: string;
  /** Last session with bars (delisted tickers only). */
  delistDate?: string;
  startPrice: number;
  /** Daily volatility of log returns. */
  vol: number;
  baseVolume: number;
}

export interface Split {
  id: string;
  ticker: string;
  executionDate: string;
  splitFrom: number;
  splitTo: number;
}

export interface Dividend {
  id: string;
  ticker: string;
  cashAmount: number;
  declarationDate: string;
  exDividendDate: string;
  recordDate: string;
  payDate: string;
  frequency: number;
}

export interface Universe {
  tickers: TickerInfo[];
  bySymbol: Map<string, TickerInfo>;
  splits: Split[];
  dividends: Dividend[];
}

export interface UniverseOptions {
  seed: number;
  /** Number of regular tickers (the 100 defaults first, then generated ones). */
  count: number;
  /** Explicit symbol list; replaces `count` when given. */
  symbols?: string[];
  /** Events (splits, delistings, IPOs) are placed relative to this date, fixed at start-up. */
  anchorDate: string;
}

const SYLLABLES = [
  'ar',
  'bel',
  'cor',
  'dex',
  'en',
  'fal',
  'gen',
  'hal',
  'ion',
  'jun',
  'kel',
  'lum',
  'mar',
  'nov',
  'or',
  'pax',
  'quin',
  'ros',
  'sol',
  'tek',
  'ul',
  'ver',
  'wex',
  'xan',
  'yor',
  'zen',
];
const SUFFIXES = [
  'Inc.',
  'Corp',
  'Holdings Inc.',
  'Group Inc',
  'Technologies Inc',
  'Therapeutics Inc',
  'Industries Co',
  'Bancorp',
  'Energy Corp',
  'Systems Inc',
];
const EXCHANGES = ['XNAS', 'XNAS', 'XNYS', 'XNYS', 'ARCX'];
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

function companyName(rng: Rng): string {
  const n = intBetween(rng, 2, 3);
  let word = '';
  for (let i = 0; i < n; i++) word += pick(rng, SYLLABLES);
  return `${word[0].toUpperCase()}${word.slice(1)} ${pick(rng, SUFFIXES)}`;
}

function digits(rng: Rng, n: number): string {
  return Array.from({ length: n }, () => intBetween(rng, 0, 9)).join('');
}

function figi(rng: Rng): string {
  const chars = 'BCDFGHJKLMNPQRSTVWXYZ0123456789';
  return `BBG${Array.from({ length: 9 }, () => chars[Math.floor(rng() * chars.length)]).join('')}`;
}

function tickerInfo(seed: number, base: SymbolSeed): TickerInfo {
  const rng = rngFor(seed, 'ticker', base.ticker);
  return {
    ...base,
    cik: `000${digits(rng, 7)}`,
    compositeFigi: figi(rng),
    shareClassFigi: figi(rng),
    startPrice: round4(Math.exp(Math.log(8) + rng() * Math.log(400 / 8))),
    vol: 0.01 + rng() * 0.025,
    baseVolume: Math.round(Math.exp(Math.log(2e5) + rng() * Math.log(5e7 / 2e5))),
  };
}

/** Generated symbols in a fixed order, so symbol i is the same whatever the count. */
function* generatedSymbols(seed: number, taken: Set<string>): Generator<SymbolSeed> {
  const rng = rngFor(seed, 'generated-symbols');
  for (;;) {
    const len = intBetween(rng, 3, 4);
    let ticker = '';
    for (let i = 0; i < len; i++) ticker += LETTERS[Math.floor(rng() * 26)];
    if (taken.has(ticker)) continue;
    taken.add(ticker);
    yield { ticker, name: companyName(rng), exchange: pick(rng, EXCHANGES) };
  }
}

function regularSeeds(options: UniverseOptions, taken: Set<string>): SymbolSeed[] {
  if (options.symbols) {
    const known = new Map(DEFAULT_SYMBOLS.map((s) => [s.ticker, s]));
    return options.symbols.map((t) => known.get(t) ?? { ticker: t, name: `${t} Simulated Inc.`, exchange: 'XNAS' });
  }
  const seeds = DEFAULT_SYMBOLS.slice(0, options.count);
  const gen = generatedSymbols(options.seed, taken);
  while (seeds.length < options.count) seeds.push(gen.next().value as SymbolSeed);
  return seeds;
}

export function generateUniverse(options: UniverseOptions, calendar: TradingCalendar): Universe {
  const { seed, anchorDate } = options;
  const taken = new Set<string>([...DEFAULT_SYMBOLS.map((s) => s.ticker), ...(options.symbols ?? [])]);
  const regular = regularSeeds(options, taken).map((s) => tickerInfo(seed, s));

  // Event tickers are extra symbols so the regular universe stays as requested.
  const eventGen = generatedSymbols(seed + 7919, taken);
  const delisted = [25, 140, 380].map((back) => ({
    ...tickerInfo(seed, eventGen.next().value as SymbolSeed),
    delistDate: calendar.shift(anchorDate, -back),
  }));
  const ipos = [45, 260].map((back) => ({
    ...tickerInfo(seed, eventGen.next().value as SymbolSeed),
    listDate: calendar.shift(anchorDate, -back),
  }));
  const tickers = [...regular, ...delisted, ...ipos].sort((a, b) =>
    a.ticker < b.ticker ? -1 : a.ticker > b.ticker ? 1 : 0,
  );

  const rng = rngFor(seed, 'events');
  const candidates = regular.slice(0, Math.min(regular.length, 100)).map((t) => t.ticker);
  const chosen: string[] = [];
  const choose = (): string | undefined => {
    const left = candidates.filter((c) => !chosen.includes(c));
    if (left.length === 0) return undefined;
    const t = pick(rng, left);
    chosen.push(t);
    return t;
  };
  const splitPlans: Array<[number, number, number]> = [
    [120, 1, 4],
    [300, 10, 1],
    [30, 1, 2],
  ];
  const splits: Split[] = [];
  for (const [back, from, to] of splitPlans) {
    const ticker = choose();
    if (!ticker) break;
    const executionDate = calendar.shift(anchorDate, -back);
    splits.push({
      id: `E${hash32(`${seed}|split|${ticker}`).toString(16)}`,
      ticker,
      executionDate,
      splitFrom: from,
      splitTo: to,
    });
  }

  const dividends: Dividend[] = [];
  for (let k = 0; k < 5; k++) {
    const ticker = choose();
    if (!ticker) break;
    const amount = Math.round((0.1 + rng() * 0.9) * 100) / 100;
    const offset = intBetween(rng, 5, 40);
    for (let q = 0; q < 8; q++) {
      const ex = calendar.shift(anchorDate, -(offset + q * 63));
      dividends.push({
        id: `E${hash32(`${seed}|div|${ticker}|${ex}`).toString(16)}`,
        ticker,
        cashAmount: amount,
        declarationDate: calendar.shift(ex, -10),
        exDividendDate: ex,
        recordDate: ex >= '2024-05-28' ? ex : calendar.shift(ex, 1),
        payDate: calendar.shift(ex, 12),
        frequency: 4,
      });
    }
  }
  splits.sort((a, b) => a.executionDate.localeCompare(b.executionDate) || a.ticker.localeCompare(b.ticker));
  dividends.sort((a, b) => a.exDividendDate.localeCompare(b.exDividendDate) || a.ticker.localeCompare(b.ticker));
  return { tickers, bySymbol: new Map(tickers.map((t) => [t.ticker, t])), splits, dividends };
}
