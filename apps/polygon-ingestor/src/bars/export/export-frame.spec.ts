import { etMidnight, sessionDateOf, splitAdjust, type MarketDataBar, type StockSplit } from '@mdi/domain';
import { concatCopyRows, EXPORT_COLUMNS, exportFrame, readCopyRows } from './export-frame';

const DAY_MS = 86_400_000;

/** Bars as storage's COPY sends them (BAR_EXPORT_COLUMNS, TEXT format), in chunks of `perChunk` rows. */
function copyOf(bars: readonly MarketDataBar[], perChunk = 2) {
  return readCopyRows(async (target) => {
    const lines = bars.map((bar) =>
      [
        bar.symbol,
        Date.parse(`${sessionDateOf(bar.timestamp)}T00:00:00Z`) / DAY_MS,
        bar.timestamp.getTime(),
        bar.open,
        bar.high,
        bar.low,
        bar.close,
        bar.volume,
      ].join('\t'),
    );
    for (let i = 0; i < lines.length; i += perChunk)
      target.onRows(Buffer.from(lines.slice(i, i + perChunk).join('\n') + '\n'));
    return lines.length;
  });
}

const bar = (symbol: string, date: string, close: string, volume = '1000.5'): MarketDataBar => ({
  symbol,
  timestamp: etMidnight(date),
  open: close,
  high: close,
  low: close,
  close,
  volume,
  source: 'polygon',
});

describe('exportFrame', () => {
  // NVDA: a 1-for-4 split, then a 3-for-1 reverse split, then one more bar; MSFT: no split.
  const splits: StockSplit[] = [
    { symbol: 'NVDA', executionDate: '2024-06-10', splitFrom: 1, splitTo: 4 },
    { symbol: 'NVDA', executionDate: '2024-06-12', splitFrom: 3, splitTo: 1 },
    { symbol: 'NVDA', executionDate: '2024-06-10', splitFrom: 1, splitTo: 4 },
  ];
  const nvda = [
    bar('NVDA', '2024-06-06', '1208.88', '123.456789'),
    bar('NVDA', '2024-06-07', '1209.98'),
    bar('NVDA', '2024-06-10', '121.79'),
    bar('NVDA', '2024-06-11', '120.91'),
    bar('NVDA', '2024-06-12', '375.3'),
    bar('NVDA', '2024-06-13', '370.1'),
  ];
  const msft = [bar('MSFT', '2024-06-07', '423.85'), bar('MSFT', '2024-06-10', '427.87')];

  it('split-adjusts every bar as the domain does (the bars API), and leaves symbols without a split as stored', async () => {
    const rows = await copyOf([...msft, ...nvda].reverse());
    const frame = exportFrame(rows, { source: 'polygon', adjusted: true, splits });
    expect(Object.fromEntries(Object.entries(frame.schema).map(([k, v]) => [k, String(v)]))).toEqual(
      Object.fromEntries(Object.entries(EXPORT_COLUMNS).map(([k, v]) => [k, String(v)])),
    );
    const expected = [...splitAdjust(msft, []), ...splitAdjust(nvda, splits)];
    const records = frame.toRecords();
    expect(records).toHaveLength(expected.length);
    records.forEach((record, i) => {
      const row = record as Record<string, unknown>;
      const reference = expected[i] as (typeof expected)[number];
      expect(row['symbol']).toBe(reference.symbol);
      expect((row['date'] as Date).toISOString().slice(0, 10)).toBe(sessionDateOf(reference.timestamp));
      expect((row['timestamp'] as Date).getTime()).toBe(reference.timestamp.getTime());
      expect(row['close']).toBeCloseTo(Number(reference.close), 6);
      expect(row['volume']).toBeCloseTo(Number(reference.volume), 6);
      const [numerator, denominator = '1'] = reference.splitFactor.split('/');
      expect(row['split_factor']).toBeCloseTo(Number(numerator) / Number(denominator), 12);
      expect(row['adjusted']).toBe(true);
    });
    // Before both splits 1/4 x 3 = 3/4; between them 3; from the last one on 1.
    expect(frame.getColumn('split_factor').toArray()).toEqual([1, 1, 0.75, 0.75, 3, 3, 1, 1]);
  });

  it('serves the stored values unchanged in a raw export, factor 1, and an empty export with every column', async () => {
    const raw = exportFrame(await copyOf(nvda), { source: 'alpaca', adjusted: false, splits });
    expect(raw.getColumn('close').toArray()).toEqual(nvda.map((b) => Number(b.close)));
    expect(raw.getColumn('volume').toArray()[0]).toBe(123.456789);
    expect(raw.getColumn('split_factor').toArray()).toEqual([1, 1, 1, 1, 1, 1]);
    expect(raw.getColumn('source').toArray()).toEqual(Array(6).fill('alpaca'));
    expect(raw.getColumn('adjusted').toArray()).toEqual(Array(6).fill(false));

    const empty = exportFrame(await copyOf([]), { source: 'polygon', adjusted: true, splits });
    expect(empty.height).toBe(0);
    expect(empty.columns).toEqual(Object.keys(EXPORT_COLUMNS));
  });

  it('sorts by symbol (bytewise, as polars orders strings) and date whatever order the rows come in, and keeps rows in order as they are', async () => {
    const dotted = [bar('BRK.B', '2024-06-07', '410.1'), bar('BRKA', '2024-06-07', '615000')];
    const inOrder = [...dotted, ...msft, ...nvda];
    const expected = inOrder.map((b) => `${b.symbol} ${sessionDateOf(b.timestamp)}`);
    const keys = (rows: Awaited<ReturnType<typeof copyOf>>) => {
      const frame = exportFrame(rows, { source: 'polygon', adjusted: false, splits: [] });
      const dates = frame.getColumn('date').toArray() as unknown as Date[];
      return (frame.getColumn('symbol').toArray() as string[]).map(
        (symbol, i) => `${symbol} ${dates[i].toISOString().slice(0, 10)}`,
      );
    };
    expect(keys(await copyOf(inOrder))).toEqual(expected);
    // A collation that ignores the dot would send BRKA first; one symbol's dates swapped; everything reversed.
    expect(keys(await copyOf([...dotted].reverse().concat(msft, nvda)))).toEqual(expected);
    expect(keys(await copyOf([...dotted, ...msft, nvda[1], nvda[0], ...nvda.slice(2)]))).toEqual(expected);
    expect(keys(await copyOf([...inOrder].reverse(), 3))).toEqual(expected);
  });

  it('concatenates COPY parts in the order given, and no part into an empty frame with every column', async () => {
    const parts = [await copyOf(msft), await copyOf(nvda)];
    expect(concatCopyRows(parts).getColumn('symbol').toArray()).toEqual([...msft, ...nvda].map((b) => b.symbol));
    expect(concatCopyRows([]).height).toBe(0);
    expect(exportFrame(concatCopyRows([]), { source: 'polygon', adjusted: false, splits }).columns).toEqual(
      Object.keys(EXPORT_COLUMNS),
    );
  });

  it('refuses a COPY whose row count differs from the rows parsed', async () => {
    await expect(
      readCopyRows(async (target) => {
        target.onRows(Buffer.from('AAPL\t19905\t1719806400000\t1\t1\t1\t1\t1\n'));
        return 2;
      }),
    ).rejects.toThrow('export frame has 1 rows, COPY sent 2');
  });
});
