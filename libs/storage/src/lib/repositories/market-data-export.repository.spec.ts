import { etMidnight, type MarketDataSource } from '@mdi/domain';
import { bar } from '../../test-support/bars';
import { useStorageTestDatabase } from '../../test-support/test-database';
import { MarketDataExportRepository, type BarExportScope } from './market-data-export.repository';
import { MarketDataRepository } from './market-data.repository';

const dayOf = (date: string) => Date.parse(`${date}T00:00:00Z`) / 86_400_000;

describe('MarketDataExportRepository', () => {
  const db = useStorageTestDatabase();
  let exports: MarketDataExportRepository;
  const scope = (overrides: Partial<BarExportScope> = {}): BarExportScope => ({
    symbols: ['AAPL', 'MSFT', 'BRK.B', 'NVDA'],
    from: '2024-03-08',
    to: '2024-03-11',
    source: 'polygon' as MarketDataSource,
    ...overrides,
  });
  const copied = async (s: BarExportScope, chunkBytes = 1 << 20) => {
    const chunks: string[] = [];
    const rows = await exports.copyBars(s, { chunkBytes, onRows: (text) => chunks.push(text.toString('utf8')) });
    return { rows, chunks, lines: chunks.join('').split('\n').filter(Boolean).sort() };
  };

  beforeAll(async () => {
    exports = new MarketDataExportRepository(db.dataSource);
    const result = await new MarketDataRepository(db.dataSource).upsertBars([
      // 2024-03-08 is a Friday in EST, 2024-03-11 a Monday in EDT: the session date must not move.
      bar('AAPL', '2024-03-07'),
      bar('AAPL', '2024-03-08', { close: '100.8' }),
      bar('AAPL', '2024-03-11', { volume: '123.456789' }),
      bar('AAPL', '2024-03-12'),
      bar('AAPL', '2024-03-08', { close: '150', high: '151', source: 'alpaca' }),
      bar('BRK.B', '2024-03-11'),
      bar('MSFT', '2024-03-08', { source: 'alpaca' }),
    ]);
    expect(result).toMatchObject({ inserted: 7, rejected: [] });
  });

  it('counts the stored bars of each symbol in scope, one source, sessions from..to', async () => {
    expect(await exports.countBars(scope())).toEqual(
      new Map([
        ['AAPL', 2],
        ['BRK.B', 1],
      ]),
    );
    expect(await exports.countBars(scope({ source: 'alpaca' }))).toEqual(
      new Map([
        ['AAPL', 1],
        ['MSFT', 1],
      ]),
    );
    expect(await exports.countBars(scope({ symbols: [] }))).toEqual(new Map());
  });

  it('copies exactly those bars: symbol, New York session as a day number, epoch ms, NUMERIC text', async () => {
    const { rows, lines } = await copied(scope());
    expect(rows).toBe(3);
    const line = (symbol: string, date: string, close: string, volume: string) =>
      [symbol, dayOf(date), etMidnight(date).getTime(), '100.500000', '101.250000', '99.125000', close, volume].join(
        '\t',
      );
    expect(lines).toEqual(
      [
        line('AAPL', '2024-03-08', '100.800000', '1000000.000000'),
        line('AAPL', '2024-03-11', '100.750000', '123.456789'),
        line('BRK.B', '2024-03-11', '100.750000', '1000000.000000'),
      ].sort(),
    );
  });

  it('sends the rows ordered by symbol and timestamp', async () => {
    await new MarketDataRepository(db.dataSource).upsertBars([bar('AAPL', '2024-03-05'), bar('BRK.B', '2024-03-06')]);
    try {
      const { chunks } = await copied(scope({ from: '2024-03-05' }));
      const keys = chunks
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((line) => line.split('\t').slice(0, 2).join(' '));
      expect(keys).toEqual([
        `AAPL ${dayOf('2024-03-05')}`,
        `AAPL ${dayOf('2024-03-07')}`,
        `AAPL ${dayOf('2024-03-08')}`,
        `AAPL ${dayOf('2024-03-11')}`,
        `BRK.B ${dayOf('2024-03-06')}`,
        `BRK.B ${dayOf('2024-03-11')}`,
      ]);
    } finally {
      await db.dataSource.query(`DELETE FROM data_ingestion.market_data WHERE timestamp < $1`, [
        etMidnight('2024-03-07').toISOString(),
      ]);
    }
  });

  it('copies in parts: the sorted symbols cut into runs, one COPY each, parts in symbol order', async () => {
    const parts = await exports.copyBarsInParts(scope({ to: '2024-03-12' }), 2, async (copy) => {
      const chunks: string[] = [];
      const rows = await copy({ chunkBytes: 1 << 20, onRows: (text) => chunks.push(text.toString('utf8')) });
      return {
        rows,
        symbols: chunks
          .join('')
          .split('\n')
          .filter(Boolean)
          .map((line) => line.split('\t')[0]),
      };
    });
    // AAPL, BRK.B | MSFT, NVDA: MSFT and NVDA have no polygon bar.
    expect(parts).toEqual([
      { rows: 4, symbols: ['AAPL', 'AAPL', 'AAPL', 'BRK.B'] },
      { rows: 0, symbols: [] },
    ]);
    const runs = async (symbols: string[], streams: number) => {
      const seen: number[] = [];
      await exports.copyBarsInParts(scope({ symbols }), streams, async (copy) =>
        seen.push(await copy({ chunkBytes: 1024, onRows: () => undefined })),
      );
      return seen.length;
    };
    expect(await runs(['AAPL', 'MSFT', 'BRK.B', 'NVDA'], 3)).toBe(3);
    expect(await runs(['AAPL'], 2)).toBe(1);
    expect(await runs([], 2)).toBe(0);
    await expect(runs(['AAPL'], 0)).rejects.toThrow('streams must be a positive integer, got 0');
    let started = 0;
    await expect(
      exports.copyBarsInParts(scope({ symbols: ['AAPL', "A'--"] }), 2, async () => (started += 1)),
    ).rejects.toThrow(RangeError);
    expect(started).toBe(0);
  });

  /** Every bar copyBarColumns hands over, as the text rows copyBars sends (numbers as parseFloat reads them). */
  const copiedColumns = async (s: BarExportScope, chunkRows = 1000) => {
    const chunks: number[] = [];
    const lines: string[] = [];
    const rows = await exports.copyBarColumns(s, {
      chunkRows,
      onColumns: (c) => {
        chunks.push(c.rows);
        let k = 0;
        c.symbols.forEach((symbol, run) => {
          for (let end = k + c.runLengths[run]; k < end; k++)
            lines.push(
              [symbol, c.day[k], c.epochMs[k], c.open[k], c.high[k], c.low[k], c.close[k], c.volume[k]].join('\t'),
            );
        });
      },
    });
    return { rows, chunks, lines };
  };
  const asNumbers = (line: string) =>
    line
      .split('\t')
      .map((field, k) => (k === 0 ? field : parseFloat(field)))
      .join('\t');

  it('reads the same bars as typed columns from a binary COPY, in the same order, chunkRows at a time', async () => {
    const stored = await new MarketDataRepository(db.dataSource).upsertBars([
      bar('AAPL', '2024-03-05', { open: '0.000001', low: '0.000001', volume: '1234567890123.123456' }),
      bar('BRK.B', '2024-03-06', { high: '999999999999.999999' }),
    ]);
    expect(stored).toMatchObject({ inserted: 2, rejected: [] });
    try {
      const wide = scope({ from: '2024-03-05', to: '2024-03-12' });
      const text = await copied(wide);
      const ordered = text.chunks.join('').split('\n').filter(Boolean).map(asNumbers);
      const columns = await copiedColumns(wide, 2);
      expect(columns.rows).toBe(7);
      expect(columns.chunks).toEqual([2, 2, 2, 1]);
      expect(columns.lines).toEqual(ordered);
      expect(columns.lines[0]).toBe(
        [
          'AAPL',
          dayOf('2024-03-05'),
          etMidnight('2024-03-05').getTime(),
          0.000001,
          101.25,
          0.000001,
          100.75,
          1234567890123.1235,
        ].join('\t'),
      );
      expect((await copiedColumns(scope({ source: 'alpaca' }))).lines).toEqual(
        (await copied(scope({ source: 'alpaca' }))).lines.map(asNumbers),
      );
      expect(await copiedColumns(scope({ symbols: [] }))).toEqual({ rows: 0, chunks: [], lines: [] });
    } finally {
      await db.dataSource.query(`DELETE FROM data_ingestion.market_data WHERE timestamp < $1`, [
        etMidnight('2024-03-07').toISOString(),
      ]);
    }
  });

  it('reads typed columns in parts as copyBarsInParts does, and refuses a bad literal before any COPY', async () => {
    const parts = await exports.copyBarColumnsInParts(scope({ to: '2024-03-12' }), 2, async (copy) => {
      const symbols: string[] = [];
      const rows = await copy({
        chunkRows: 1000,
        onColumns: (c) => c.symbols.forEach((symbol, run) => symbols.push(...Array(c.runLengths[run]).fill(symbol))),
      });
      return { rows, symbols };
    });
    expect(parts).toEqual([
      { rows: 4, symbols: ['AAPL', 'AAPL', 'AAPL', 'BRK.B'] },
      { rows: 0, symbols: [] },
    ]);
    let started = 0;
    await expect(
      exports.copyBarColumnsInParts(scope({ symbols: ['AAPL', "A'--"] }), 2, async () => (started += 1)),
    ).rejects.toThrow(RangeError);
    expect(started).toBe(0);
    await expect(copiedColumns(scope({ from: "2024-03-08' OR '1'='1" as never }))).rejects.toThrow(
      /from must be a YYYY-MM-DD calendar date/,
    );
  });

  it('counts the bars on given New York dates, whatever their time of day, of the symbols in scope and one source', async () => {
    // A Saturday and a Sunday: a bar at midnight, one at noon, another source's, a symbol out of scope.
    const insert = (symbol: string, instant: string, source = 'polygon') =>
      db.dataSource.query(
        `INSERT INTO data_ingestion.market_data (symbol, timestamp, open, high, low, close, volume, source)
         VALUES ($1, ($2::timestamp AT TIME ZONE 'America/New_York'), 1, 1, 1, 1, 1, $3)`,
        [symbol, instant, source],
      );
    await insert('AAPL', '2024-03-16 00:00');
    await insert('MSFT', '2024-03-17 12:00');
    await insert('AAPL', '2024-03-17 00:00', 'alpaca');
    await insert('IBM', '2024-03-16 00:00');
    try {
      expect(await exports.countBarsOn(scope(), ['2024-03-16', '2024-03-17'])).toBe(2);
      expect(await exports.countBarsOn(scope(), ['2024-03-17'])).toBe(1);
      expect(await exports.countBarsOn(scope({ source: 'alpaca' }), ['2024-03-16', '2024-03-17'])).toBe(1);
      expect(await exports.countBarsOn(scope({ symbols: ['IBM'] }), ['2024-03-16'])).toBe(1);
      expect(await exports.countBarsOn(scope(), ['2024-03-09', '2024-03-10'])).toBe(0);
      expect(await exports.countBarsOn(scope(), [])).toBe(0);
      expect(await exports.countBarsOn(scope({ symbols: [] }), ['2024-03-16'])).toBe(0);
    } finally {
      await db.dataSource.query(`DELETE FROM data_ingestion.market_data WHERE timestamp >= $1`, [
        etMidnight('2024-03-16').toISOString(),
      ]);
    }
  });

  it('hands the rows over in chunks of whole rows', async () => {
    const { rows, chunks, lines } = await copied(scope(), 64);
    expect(rows).toBe(3);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) expect(chunk.endsWith('\n')).toBe(true);
    expect(lines).toHaveLength(3);
  });

  it('refuses a literal it would have to trust (COPY takes no parameters) before any query', async () => {
    await expect(copied(scope({ symbols: ["A'); DROP TABLE x; --"] }))).rejects.toThrow(RangeError);
    await expect(copied(scope({ from: "2024-03-08' OR '1'='1" as never }))).rejects.toThrow(
      /from must be a YYYY-MM-DD calendar date/,
    );
    await expect(copied(scope({ source: 'yahoo' as MarketDataSource }))).rejects.toThrow(
      'source must be one of polygon, alpaca, got "yahoo"',
    );
    expect((await copied(scope({ symbols: [] }))).rows).toBe(0);
  });
});
