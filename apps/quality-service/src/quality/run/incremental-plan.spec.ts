import type { MarketDataSource } from '@mdi/domain';
import type { ChangesSince, QualityBaseline, QualitySymbolState } from '@mdi/storage';
import { incrementalWork, loadBatches } from './incremental-plan';

/** A state whose price window starts at `windowStartDay` (none when null), last session `lastBarDay`. */
const state = (symbol: string, windowStartDay: string | null, lastBarDay = '2024-11-26'): QualitySymbolState => ({
  symbol,
  bars: 150,
  firstSessionDay: '2024-05-01',
  lastSessionDay: lastBarDay,
  lastBarDay,
  windowStartDay,
  expected: 150,
  missing: 0,
  findings: [],
  priceWindow:
    windowStartDay === null
      ? null
      : {
          days: Int32Array.of(Date.parse(windowStartDay) / 86_400_000),
          logCloses: Float64Array.of(2.3),
          lastClose: 10,
        },
});

const baseline = (states: QualitySymbolState[]): QualityBaseline => ({
  generation: '1',
  changeSeq: '100',
  fingerprint: 'f',
  runId: 'r',
  fullRunAt: new Date(0),
  symbols: states,
});

const changes = (symbols: [string, string | null, MarketDataSource?][], splitSymbols: string[] = []): ChangesSince => ({
  symbols: symbols.map(([symbol, firstChangedDay, source = 'polygon']) => ({ symbol, source, firstChangedDay })),
  splitSymbols,
  upTo: '200',
});

describe('incrementalWork', () => {
  const states = [
    state('AAA', '2024-09-03'),
    state('BBB', '2024-09-03'),
    state('CCC', null),
    state('DDD', '2024-09-03'),
    state('EEE', '2024-09-03'),
  ];

  it('extends a symbol only when every change lies after its last bar, its splits held and it has a full window', () => {
    const work = incrementalWork(
      baseline(states),
      changes(
        [
          ['AAA', '2024-11-27'], // appended: extended
          ['BBB', '2024-11-26'], // its last bar corrected: whole
          ['CCC', '2024-11-27'], // no price window kept (younger than one): whole
          ['DDD', '2024-11-27'], // appended, but a split recorded: whole
          ['EEE', '2024-11-27'],
          ['EEE', null, 'alpaca'], // one source's start unknown: whole
          ['NEW', '2024-11-27'], // not in the baseline: whole
        ],
        ['DDD', 'SPL'],
      ),
    );
    expect(work.reload).toEqual(['BBB', 'CCC', 'DDD', 'EEE', 'NEW', 'SPL']);
    expect(work.extend.map((s) => s.symbol)).toEqual(['AAA']);
  });
});

describe('loadBatches', () => {
  it('keeps last sessions within a week of each other together, up to the size, and loads a far earlier one alone', () => {
    const window = '2024-03-01';
    const sorted = [
      state('KKK', window, '2024-06-05'),
      state('III', window, '2024-08-27'),
      state('AAA', window, '2024-08-30'),
      state('BBB', window, '2024-09-03'),
      state('CCC', window, '2024-09-03'),
      state('DDD', window, '2024-09-04'),
    ];
    const names = (size: number) => loadBatches(sorted, size).map((batch) => batch.map((s) => s.symbol).join(','));
    expect(names(10)).toEqual(['KKK', 'III,AAA,BBB,CCC', 'DDD']);
    expect(names(2)).toEqual(['KKK', 'III,AAA', 'BBB,CCC', 'DDD']);
  });
});
