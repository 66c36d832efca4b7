import { etMidnight, sessionDateOf, splitAdjust, type MarketDataBar, type StockSplit } from '@mdi/domain';
import type { BarColumns } from '@mdi/storage';
import { concatCopyRows, EXPORT_COLUMNS, exportFrame, readBarColumns, readCopyRows } from './export-frame';
import { NO_SPLIT_FACTORS, splitFactorTable } from './split-factor-table';

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

/** Bars as storage's binary COPY hands them over (BarColumns, symbols as runs), in chunks of `perChunk` rows. */
function columnsOf(bars: readonly MarketDataBar[], perChunk = 2) {
  return readBarColumns(async (target) => {
    for (let i = 0; i < bars.length; i += perChunk) {
      const chunk = bars.slice(i, i + perChunk);
      const symbols: string[] = [];
      const runLengths: number[] = [];
      for (const [k, b] of chunk.entries()) {
        if (k > 0 && chunk[k - 1].symbol === b.symbol) runLengths[runLengths.length - 1] += 1;
        else {
          symbols.push(b.symbol);
          runLengths.push(1);
        }
      }
      const doubles = (pick: (b: MarketDataBar) => string) => Float64Array.from(chunk, (b) => parseFloat(pick(b)));
      const columns: BarColumns = {
        rows: chunk.length,
        symbols,
        runLengths: Uint32Array.from(runLengths),
        day: Int32Array.from(chunk, (b) => Date.parse(`${sessionDateOf(b.timestamp)}T00:00:00Z`) / DAY_MS),
        epochMs: Float64Array.from(chunk, (b) => b.timestamp.getTime()),
        open: doubles((b) => b.open),
        high: doubles((b) => b.high),
        low: doubles((b) => b.low),
        close: doubles((b) => b.close),
        volume: doubles((b) => b.volume),
      };
      target.onColumns(columns);
    }
    return bars.length;
  }, perChunk);
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
    const frame = exportFrame(rows, { source: 'polygon', adjusted: true, splitFactors: splitFactorTable(splits) });
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
    const raw = exportFrame(await copyOf(nvda), {
      source: 'alpaca',
      adjusted: false,
      splitFactors: splitFactorTable(splits),
    });
    expect(raw.getColumn('close').toArray()).toEqual(nvda.map((b) => Number(b.close)));
    expect(raw.getColumn('volume').toArray()[0]).toBe(123.456789);
    expect(raw.getColumn('split_factor').toArray()).toEqual([1, 1, 1, 1, 1, 1]);
    expect(raw.getColumn('source').toArray()).toEqual(Array(6).fill('alpaca'));
    expect(raw.getColumn('adjusted').toArray()).toEqual(Array(6).fill(false));

    const empty = exportFrame(await copyOf([]), {
      source: 'polygon',
      adjusted: true,
      splitFactors: splitFactorTable(splits),
    });
    expect(empty.height).toBe(0);
    expect(empty.columns).toEqual(Object.keys(EXPORT_COLUMNS));
  });

  it('sorts by symbol (bytewise, as polars orders strings) and date whatever order the rows come in, and keeps rows in order as they are', async () => {
    const dotted = [bar('BRK.B', '2024-06-07', '410.1'), bar('BRKA', '2024-06-07', '615000')];
    const inOrder = [...dotted, ...msft, ...nvda];
    const expected = inOrder.map((b) => `${b.symbol} ${sessionDateOf(b.timestamp)}`);
    const keys = (rows: Awaited<ReturnType<typeof copyOf>>) => {
      const frame = exportFrame(rows, { source: 'polygon', adjusted: false, splitFactors: NO_SPLIT_FACTORS });
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
    expect(
      exportFrame(concatCopyRows([]), { source: 'polygon', adjusted: false, splitFactors: splitFactorTable(splits) })
        .columns,
    ).toEqual(Object.keys(EXPORT_COLUMNS));
  });

  it('reads typed columns (the binary COPY) into the same frame as the TEXT rows, whatever the chunks and runs', async () => {
    const bars = [...msft, ...nvda, bar('BRK.B', '2024-06-07', '410.1')];
    const text = await copyOf(bars);
    for (const perChunk of [1, 3, 100]) expect((await columnsOf(bars, perChunk)).frameEqual(text)).toBe(true);
    const reversed = [...bars].reverse();
    expect((await columnsOf(reversed, 4)).frameEqual(await copyOf(reversed))).toBe(true);
    const adjusted = (rows: Awaited<ReturnType<typeof copyOf>>) =>
      exportFrame(rows, { source: 'polygon', adjusted: true, splitFactors: splitFactorTable(splits) });
    expect(adjusted(await columnsOf(reversed, 4)).frameEqual(adjusted(text))).toBe(true);
    expect((await columnsOf([])).schema).toEqual(text.schema);
    await expect(readBarColumns(async () => 3)).rejects.toThrow('export frame has 0 rows, COPY sent 3');
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
