import { addDays, etMidnight, sessionDateOf, UsEquityCalendar, type MarketDataBar } from '@mdi/domain';
import { MarketDataRepository, SymbolDataStatusRepository } from '@mdi/storage';
import { eventually, startProviderSimulator, type ProviderSimulator } from '@mdi/testing';
import pl, { type DataFrame } from 'nodejs-polars';
import { SIM_TODAY, startIngestor, type IngestorHarness } from '../../test-support/ingestor-harness';

interface SimSplit {
  ticker: string;
  executionDate: string;
  splitFrom: number;
  splitTo: number;
}

/** What every export file holds, by column, as polars types it. */
const EXPECTED_DTYPES = {
  symbol: 'String',
  date: 'Date',
  timestamp: 'Datetime(ms,UTC)',
  open: 'Float64',
  high: 'Float64',
  low: 'Float64',
  close: 'Float64',
  volume: 'Float64',
  vwap: 'Float64',
  transactions: 'Int64',
  source: 'String',
  adjusted: 'Bool',
  split_factor: 'Float64',
};
const PRICES = ['open', 'high', 'low', 'close'] as const;
/** Bars the ingestor may put in one export: two symbols' 2-year history fit, every symbol's does not. */
const MAX_ROWS = 1_200;

const dtypesOf = (frame: DataFrame) =>
  Object.fromEntries(
    Object.entries(frame.schema).map(([name, dtype]) => [name, String(dtype).replace(/^DataType\(|\)$/g, '')]),
  );
/** A distinct well-formed ticker per number: AAA, AAB, ... */
const tickerOf = (n: number) =>
  [Math.floor(n / 676), Math.floor(n / 26) % 26, n % 26].map((d) => String.fromCharCode(65 + d)).join('');
const dateText = (value: unknown) => (value as Date).toISOString().slice(0, 10);

/**
 * GET /bars/export over real HTTP: a 2-year backfill from the simulator (with
 * its splits), then files in each format read back with nodejs-polars and
 * checked value by value against the stored rows, raw and split-adjusted, and
 * the coverage summary against the ledger with planted gaps.
 */
describe('GET /bars/export', () => {
  let sim: ProviderSimulator;
  let ingestor: IngestorHarness;
  let split: SimSplit;
  let symbols: string[];
  let from: string;
  const plain = 'AAPL';

  const download = async (query: string) => {
    const response = await fetch(`${ingestor.baseUrl}/bars/export?${query}`);
    return { response, body: Buffer.from(await response.arrayBuffer()) };
  };
  /** The stored rows of one symbol, as the repository reads them (canonical decimal text). */
  const stored = (symbol: string): Promise<MarketDataBar[]> =>
    new MarketDataRepository(ingestor.db.dataSource).findBars(
      symbol,
      etMidnight(from),
      etMidnight(SIM_TODAY),
      'polygon',
    );

  beforeAll(async () => {
    sim = await startProviderSimulator({
      seed: 21,
      symbols: 100,
      today: SIM_TODAY,
      polygonRateLimit: 0,
      rateWindowMs: 1000,
    });
    const splits = ((await (await fetch(`${sim.url}/__sim/universe`)).json()) as { splits: SimSplit[] }).splits;
    // A symbol's only split, well inside the 2-year window, so its history has bars on both sides of it.
    const once = splits.filter((s) => splits.filter((t) => t.ticker === s.ticker).length === 1);
    split = once.find((s) => s.executionDate > '2024-06-01') as SimSplit;
    expect(split).toBeDefined();
    expect(split.ticker).not.toBe(plain);
    symbols = [plain, split.ticker, 'MSFT', 'NVDA'];
    ingestor = await startIngestor(sim, {
      SEED_INITIAL_SYMBOLS: 'false',
      DATA_INGESTION_ACTIVE_SYMBOLS: symbols.join(','),
      POLYGON_RATE_LIMIT_PER_MINUTE: '20',
      BARS_EXPORT_MAX_ROWS: String(MAX_ROWS),
    });
    const started = await ingestor.request('POST', '/backfill', {});
    expect(started.status).toBe(202);
    from = started.body.run.from;
    await eventually(
      async () => (await ingestor.request('GET', `/backfill/runs/${started.body.run.id}`)).body.status === 'done',
      'the backfill',
      90_000,
    );
  }, 150_000);

  afterAll(async () => {
    await ingestor?.close();
    await sim?.stop();
  });

  it('refuses an adjusted export before the splits ledger is loaded (409), then serves it once loaded', async () => {
    const before = await ingestor.request('GET', `/bars/export?symbols=${plain}&adjusted=true`);
    expect(before.status).toBe(409);
    expect(before.body.message).toContain('splits ledger has not been loaded');
    expect((await ingestor.request('GET', `/bars/export/coverage?symbols=${plain}&adjusted=true`)).status).toBe(409);

    expect((await ingestor.request('POST', '/operations/corporate-actions')).status).toBe(202);
    await eventually(
      async () => (await ingestor.request('GET', '/status')).body.corporateActions.splitsCovered?.through === SIM_TODAY,
      'the splits ledger',
      30_000,
    );
    expect((await download(`symbols=${plain}&adjusted=true`)).response.status).toBe(200);
  }, 60_000);

  it('writes Parquet that reads back with the declared types and exactly the stored values', async () => {
    const { response, body } = await download(`symbols=${split.ticker},${plain}&from=${from}&to=${SIM_TODAY}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/vnd.apache.parquet');
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="bars-polygon-${from}-${SIM_TODAY}-raw.parquet"`,
    );
    expect(response.headers.get('link')).toBe(
      `<export/coverage?symbols=${split.ticker},${plain}&from=${from}&to=${SIM_TODAY}>; rel="describedby"; type="application/json"`,
    );
    const frame = pl.readParquet(body);
    expect(dtypesOf(frame)).toEqual(EXPECTED_DTYPES);
    await expectStoredValues(frame, [plain, split.ticker].sort());
  });

  it('writes Arrow (IPC file) and CSV with the same rows', async () => {
    const query = `symbols=${plain},MSFT&from=${from}&to=${SIM_TODAY}`;
    const arrow = await download(`${query}&format=arrow`);
    expect(arrow.response.status).toBe(200);
    expect(arrow.response.headers.get('content-type')).toBe('application/vnd.apache.arrow.file');
    expect(arrow.response.headers.get('content-disposition')).toContain('-raw.arrow"');
    const ipc = pl.readIPC(arrow.body);
    expect(dtypesOf(ipc)).toEqual(EXPECTED_DTYPES);
    await expectStoredValues(ipc, [plain, 'MSFT']);

    const csv = await download(`${query}&format=csv`);
    expect(csv.response.status).toBe(200);
    expect(csv.response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.response.headers.get('content-disposition')).toContain('-raw.csv"');
    expect(csv.body.toString().split('\n')[0]).toBe(Object.keys(EXPECTED_DTYPES).join(','));
    const text = pl.readCSV(csv.body, { tryParseDates: true });
    // CSV carries no types: a reader infers them; the all-null columns come back as empty text.
    expect(dtypesOf(text)).toEqual({
      ...EXPECTED_DTYPES,
      timestamp: 'Datetime(us,UTC)',
      vwap: 'String',
      transactions: 'String',
    });
    await expectStoredValues(text, [plain, 'MSFT']);
  });

  it('serves exports asked at once, each file whole, and answers other requests meanwhile', async () => {
    const query = `symbols=${plain},MSFT&from=${from}&to=${SIM_TODAY}`;
    const formats = ['parquet', 'arrow', 'csv', 'parquet'];
    const read = (format: string, body: Buffer) =>
      format === 'arrow' ? pl.readIPC(body) : format === 'csv' ? pl.readCSV(body) : pl.readParquet(body);
    const alone: DataFrame[] = [];
    for (const f of formats) alone.push(read(f, (await download(`${query}&format=${f}`)).body));
    const together = formats.map((f) => download(`${query}&format=${f}`));
    const live = await ingestor.request('GET', '/health/live');
    const files = await Promise.all(together);
    expect(live.status).toBe(200);
    files.forEach(({ response, body }, i) => {
      expect(response.status).toBe(200);
      const frame = read(formats[i], body);
      expect(frame.height).toBeGreaterThan(900);
      expect(frame.frameEqual(alone[i])).toBe(true);
    });
  }, 60_000);

  it('split-adjusts like the bars API: a bar before the ex-date is the raw one over the split ratio', async () => {
    // With a symbol no split touched beside it: its rows stay the stored ones, factor 1.
    const query = `symbols=${split.ticker},${plain}&from=${from}&to=${SIM_TODAY}`;
    const both = pl.readParquet((await download(query)).body);
    const { response, body } = await download(`${query}&adjusted=true&format=arrow`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toContain('-adjusted.arrow"');
    const bothAdjusted = pl.readIPC(body);
    expect(dtypesOf(bothAdjusted)).toEqual(EXPECTED_DTYPES);
    const of = (frame: DataFrame, symbol: string) => frame.filter(pl.col('symbol').eq(pl.lit(symbol)));
    const unchanged = of(bothAdjusted, plain);
    expect(unchanged.drop('adjusted').toRecords()).toEqual(of(both, plain).drop('adjusted').toRecords());
    expect(
      unchanged
        .getColumn('adjusted')
        .toArray()
        .every((flag) => flag === true),
    ).toBe(true);
    expect(unchanged.height).toBeGreaterThan(400);

    const raw = of(both, split.ticker);
    const adjusted = of(bothAdjusted, split.ticker);
    expect(adjusted.height).toBe(raw.height);

    const ratio = split.splitFrom / split.splitTo;
    const rawRows = raw.toRecords();
    const adjustedRows = adjusted.toRecords();
    const api = (await ingestor.request('GET', `/bars/${split.ticker}?from=${from}&to=${SIM_TODAY}&adjusted=true`))
      .body;
    expect(api.truncated).toBe(false);
    expect(api.bars).toHaveLength(adjustedRows.length);
    let before = 0;
    adjustedRows.forEach((row, i) => {
      const rawRow = rawRows[i] as Record<string, unknown>;
      const date = dateText(row['date']);
      expect(date).toBe(api.bars[i].date);
      expect(row['adjusted']).toBe(true);
      const factor = date < split.executionDate ? ratio : 1;
      if (factor !== 1) before += 1;
      expect(row['split_factor']).toBeCloseTo(factor, 12);
      for (const price of PRICES) {
        expect(row[price]).toBeCloseTo((rawRow[price] as number) * factor, 6);
        expect(row[price]).toBeCloseTo(Number(api.bars[i][price]), 6);
      }
      expect(row['volume']).toBeCloseTo((rawRow['volume'] as number) / factor, 5);
    });
    expect(before).toBeGreaterThan(0);
    // The last bar before the ex-date, spelled out: adjusted close = raw close / (splitTo / splitFrom).
    const last = before - 1;
    expect(adjustedRows[last]?.['close']).toBeCloseTo(
      (rawRows[last]?.['close'] as number) / (split.splitTo / split.splitFrom),
      6,
    );
    expect(dateText(adjustedRows[last + 1]?.['date'])).toBe(split.executionDate);
    expect(adjustedRows[last + 1]?.['close']).toBe(rawRows[last + 1]?.['close']);
  });

  it("summarises each symbol's coverage from the ledger, planted gaps named, so a gap is never a flat price", async () => {
    const week = ['2025-11-18', '2025-11-19', '2025-11-20', '2025-11-21', '2025-11-24'];
    const statuses = new SymbolDataStatusRepository(ingestor.db.dataSource);
    // A failed call, an empty answer and a ledger row gone: each without its bar.
    await statuses.upsertStatuses([
      { symbol: 'MSFT', date: week[1], dataSource: 'polygon', status: 'failed', errorMessage: 'planted failure' },
      { symbol: 'MSFT', date: week[2], dataSource: 'polygon', status: 'not_available', errorMessage: 'planted' },
    ]);
    await ingestor.db.dataSource.query(
      `DELETE FROM data_ingestion.symbol_data_status WHERE symbol = 'MSFT' AND date = $1 AND data_source = 'polygon'`,
      [week[3]],
    );
    await ingestor.db.dataSource.query(
      `DELETE FROM data_ingestion.market_data WHERE symbol = 'MSFT' AND source = 'polygon'
          AND (timestamp AT TIME ZONE 'America/New_York')::date = ANY($1::date[])`,
      [[week[1], week[2], week[3]]],
    );

    const query = `symbols=MSFT,${plain}&from=${week[0]}&to=${week[4]}`;
    const { status, body } = await ingestor.request('GET', `/bars/export/coverage?${query}&format=csv`);
    expect(status).toBe(200);
    expect(body).toEqual({
      source: 'polygon',
      adjusted: false,
      from: week[0],
      to: week[4],
      coveredFrom: week[0],
      coveredThrough: week[4],
      truncated: false,
      lastPublishedSession: SIM_TODAY,
      sessions: 5,
      rows: 7,
      symbols: [
        { symbol: 'MSFT', expected: 5, stored: 2, success: 2, noData: 0, notAvailable: 1, failed: 1, missing: 1 },
        { symbol: plain, expected: 5, stored: 5, success: 5, noData: 0, notAvailable: 0, failed: 0, missing: 0 },
      ],
    });
    // The same cells as the ledger's own grid, and the file has exactly the stored rows.
    const grid = (await ingestor.request('GET', `/coverage?sessions=5&to=${week[4]}`)).body;
    expect(grid.cells[grid.symbols.indexOf('MSFT')]).toBe('sfa.s');
    const file = pl.readCSV((await download(query + '&format=csv')).body, { tryParseDates: true });
    const msftDates = file
      .filter(pl.col('symbol').eq(pl.lit('MSFT')))
      .getColumn('date')
      .toArray()
      .map(dateText);
    expect(msftDates).toEqual([week[0], week[4]]);
    expect(file.height).toBe(body.rows);
  });

  it('exports every active symbol when none is listed, and refuses one over BARS_EXPORT_MAX_ROWS before the work', async () => {
    const short = await download(`from=2025-11-18&to=${SIM_TODAY}&format=csv`);
    expect(short.response.status).toBe(200);
    const frame = pl.readCSV(short.body);
    expect(frame.getColumn('symbol').unique().sort().toArray()).toEqual([...symbols].sort());

    const all = await ingestor.request('GET', `/bars/export?from=${from}&to=${SIM_TODAY}`);
    expect(all.status).toBe(400);
    expect(all.body.message).toBe('export too large');
    const count = await ingestor.scalar(`SELECT count(*) FROM data_ingestion.market_data`);
    expect(all.body.reasons).toEqual([
      `the export would hold ${count} bars, more than BARS_EXPORT_MAX_ROWS (${MAX_ROWS}): ask for fewer symbols or a shorter range`,
    ]);
  });

  it('serves an export whose symbols x sessions fits the limit without counting, and counts the bars of days without a session', async () => {
    // 300 sessions of the four symbols: symbols x sessions is the limit, symbols x calendar days is not.
    const to = '2025-10-31';
    const from = new UsEquityCalendar().sessionsBetween(addDays(to, -500), to).slice(-300)[0].date;
    const query = `symbols=${symbols.join(',')}&from=${from}&to=${to}&format=arrow`;
    const stored = () =>
      ingestor.scalar(
        `SELECT count(*) FROM data_ingestion.market_data WHERE source = 'polygon'
            AND timestamp >= ($1::date::timestamp AT TIME ZONE 'America/New_York')
            AND timestamp < (($2::date + 1)::timestamp AT TIME ZONE 'America/New_York')`,
        [from, to],
      );
    expect(await stored()).toBe(MAX_ROWS);
    const fits = await download(query);
    expect(fits.response.status).toBe(200);
    expect(pl.readIPC(fits.body).height).toBe(MAX_ROWS);

    // One bar on a Saturday (a provider's stray bar): symbols x sessions no longer bounds the export.
    const saturday = '2025-06-14';
    await ingestor.db.dataSource.query(
      `INSERT INTO data_ingestion.market_data (symbol, timestamp, open, high, low, close, volume, source)
       VALUES ($1, ($2::date::timestamp AT TIME ZONE 'America/New_York'), 10, 10, 10, 10, 100, 'polygon')`,
      [plain, saturday],
    );
    try {
      const over = await ingestor.request('GET', `/bars/export?${query}`);
      expect(over.status).toBe(400);
      expect(over.body.reasons).toEqual([
        `the export would hold ${MAX_ROWS + 1} bars, more than BARS_EXPORT_MAX_ROWS (${MAX_ROWS}): ask for fewer symbols or a shorter range`,
      ]);
    } finally {
      await ingestor.db.dataSource.query(
        `DELETE FROM data_ingestion.market_data WHERE symbol = $1 AND timestamp = ($2::date::timestamp AT TIME ZONE 'America/New_York')`,
        [plain, saturday],
      );
    }
  });

  it('refuses every bad parameter with a 400 naming it', async () => {
    const refusal = async (query: string) => {
      const { status, body } = await ingestor.request('GET', `/bars/export?${query}`);
      expect({ query, status }).toEqual({ query, status: 400 });
      return body.reasons as string[];
    };
    expect(await refusal('symbols=AAPL,ZZZZ,aapl,AAPL,,MSFT')).toEqual([
      'symbols entry 3 "aapl" must be upper case',
      'symbols entry 4 "AAPL" is listed twice',
      'symbols entry 5 is empty',
    ]);
    expect(await refusal('symbols=AAPL,ZZZZ,QQQQ')).toEqual([
      'symbols: ZZZZ is not a symbol of the universe',
      'symbols: QQQQ is not a symbol of the universe',
    ]);
    expect(await refusal('symbols=')).toEqual([
      'symbols must list one or more tickers separated by commas (leave it out for every active symbol)',
    ]);
    const many = Array.from({ length: 1001 }, (_, i) => tickerOf(i)).join(',');
    expect(await refusal(`symbols=${many}`)).toEqual([
      'symbols lists 1001 tickers, more than 1000 (leave symbols out to export every active symbol)',
    ]);
    expect(await refusal('symbols=AAPL&from=2025-06-30&to=2025-01-02')).toEqual([
      'from 2025-06-30 is after to 2025-01-02',
    ]);
    expect(await refusal('symbols=AAPL&from=2025-02-30&to=yesterday')).toEqual([
      'from must be a YYYY-MM-DD date, got "2025-02-30"',
      'to must be a YYYY-MM-DD date, got "yesterday"',
    ]);
    expect(await refusal('symbols=AAPL&format=xlsx&adjusted=yes&source=yahoo')).toEqual([
      'adjusted must be true or false, got "yes"',
      'source must be one of polygon, alpaca, got "yahoo"',
      'format must be one of parquet, csv, arrow, got "xlsx"',
    ]);
    const twice = await ingestor.request('GET', '/bars/export?symbols=AAPL&format=csv&format=arrow');
    expect(twice.status).toBe(400);
    expect(JSON.stringify(twice.body)).toContain('format');
    const unknown = await ingestor.request('GET', '/bars/export?symbols=AAPL&columns=close');
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body)).toContain('columns');
    const coverage = await ingestor.request('GET', '/bars/export/coverage?symbols=AAPL&format=xlsx');
    expect(coverage.status).toBe(400);
    expect(coverage.body.reasons).toEqual(['format must be one of parquet, csv, arrow, got "xlsx"']);
  });

  /** Rows of `frame` are, symbol by symbol and in date order, the stored bars (values as doubles, exact). */
  async function expectStoredValues(frame: DataFrame, expectedSymbols: string[]): Promise<void> {
    const rows = frame.toRecords() as Record<string, unknown>[];
    const expected = (await Promise.all(expectedSymbols.map(stored))).flat();
    expect(rows).toHaveLength(expected.length);
    rows.forEach((row, i) => {
      const bar = expected[i] as MarketDataBar;
      expect({
        symbol: row['symbol'],
        date: dateText(row['date']),
        timestamp: (row['timestamp'] as Date).getTime(),
        open: row['open'],
        high: row['high'],
        low: row['low'],
        close: row['close'],
        volume: row['volume'],
        vwap: row['vwap'] ?? null,
        transactions: row['transactions'] ?? null,
        source: row['source'],
        adjusted: row['adjusted'],
        split_factor: row['split_factor'],
      }).toEqual({
        symbol: bar.symbol,
        date: sessionDateOf(bar.timestamp),
        timestamp: bar.timestamp.getTime(),
        open: Number(bar.open),
        high: Number(bar.high),
        low: Number(bar.low),
        close: Number(bar.close),
        volume: Number(bar.volume),
        vwap: null,
        transactions: null,
        source: 'polygon',
        adjusted: false,
        split_factor: 1,
      });
    });
  }
});
