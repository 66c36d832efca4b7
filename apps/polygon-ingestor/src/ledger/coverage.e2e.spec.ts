import { etMidnight, type MarketDataBar } from '@mdi/domain';
import { MarketDataRepository, SymbolDataStatusRepository } from '@mdi/storage';
import { eventually } from '@mdi/testing';
import { SIM_TODAY } from '../test-support/ingestor-harness';
import { useIngestorWithSimulator } from '../test-support/use-ingestor-with-simulator';

/**
 * GET /coverage over HTTP: a real backfill against the simulator fills the
 * ledger, then planted cells (a deleted row, a failed call, an empty answer)
 * show up at their symbol and session.
 */
describe('GET /coverage', () => {
  const { ingestor } = useIngestorWithSimulator(
    { seed: 5, symbols: 100, today: SIM_TODAY, polygonRateLimit: 0, rateWindowMs: 1000 },
    {
      SEED_INITIAL_SYMBOLS: 'false',
      DATA_INGESTION_ACTIVE_SYMBOLS: 'MSFT,AAPL,NVDA',
      POLYGON_RATE_LIMIT_PER_MINUTE: '20',
    },
  );
  // The five sessions up to the simulator's Monday, 2025-11-24.
  const week = ['2025-11-18', '2025-11-19', '2025-11-20', '2025-11-21', '2025-11-24'];

  beforeAll(async () => {
    const started = await ingestor.request('POST', '/backfill', {
      symbols: ['AAPL', 'MSFT', 'NVDA'],
      from: week[0],
      to: week[4],
    });
    expect(started.status).toBe(202);
    await eventually(
      async () => (await ingestor.request('GET', `/backfill/runs/${started.body.run.id}`)).body.status === 'done',
      'the backfill',
      60_000,
    );
  }, 120_000);

  it('answers the active universe x the last sessions, every cell stored after a backfill', async () => {
    const { status, body } = await ingestor.request('GET', '/coverage?sessions=5');
    expect(status).toBe(200);
    expect(body).toEqual({
      source: 'polygon',
      lastPublishedSession: SIM_TODAY,
      sessions: week,
      codes: { s: 'success', n: 'no_data', a: 'not_available', f: 'failed', '.': 'missing' },
      symbols: ['AAPL', 'MSFT', 'NVDA'],
      cells: ['sssss', 'sssss', 'sssss'],
      counts: { success: 15, failed: 0, no_data: 0, not_available: 0, missing: 0 },
      failures: [],
    });
  });

  it("reads only its own source: another source's ledger rows and bars for the same cells are not mixed in", async () => {
    const session = week[4] as string;
    await new SymbolDataStatusRepository(ingestor.db.dataSource).upsertStatuses([
      { symbol: 'AAPL', date: session, dataSource: 'alpaca', status: 'failed', errorMessage: 'alpaca only' },
    ]);
    const [polygonBar] = await new MarketDataRepository(ingestor.db.dataSource).findBars(
      'AAPL',
      etMidnight(session),
      etMidnight(session),
      'polygon',
    );
    expect(polygonBar).toBeDefined();
    const own = polygonBar as MarketDataBar;
    // Every price doubled, so a series that mixed the sources would show it.
    const doubled = (price: string) => (Number(price) * 2).toFixed(4);
    const alpacaBar: MarketDataBar = {
      ...own,
      open: doubled(own.open),
      high: doubled(own.high),
      low: doubled(own.low),
      close: doubled(own.close),
      source: 'alpaca',
    };
    expect(await new MarketDataRepository(ingestor.db.dataSource).upsertBars([alpacaBar])).toMatchObject({
      inserted: 1,
      rejected: [],
    });

    const coverage = (await ingestor.request('GET', '/coverage?sessions=5')).body;
    expect(coverage).toMatchObject({ source: 'polygon', cells: ['sssss', 'sssss', 'sssss'], failures: [] });
    const bars = (await ingestor.request('GET', `/bars/AAPL?from=${session}&to=${session}`)).body;
    expect(bars.bars).toHaveLength(1);
    expect(bars.bars[0].close).toBe(own.close);
    expect(bars.bars[0].close).not.toBe(alpacaBar.close);

    await ingestor.db.dataSource.query(`DELETE FROM data_ingestion.symbol_data_status WHERE data_source = 'alpaca'`);
    await ingestor.db.dataSource.query(`DELETE FROM data_ingestion.market_data WHERE source = 'alpaca'`);
  });

  it('shows planted gaps where they are, with the failure reason, and sessions before the backfill as missing', async () => {
    await ingestor.db.dataSource.query(
      `DELETE FROM data_ingestion.symbol_data_status WHERE symbol = 'MSFT' AND date = '2025-11-20'`,
    );
    await new SymbolDataStatusRepository(ingestor.db.dataSource).upsertStatuses([
      {
        symbol: 'NVDA',
        date: '2025-11-19',
        dataSource: 'polygon',
        status: 'failed',
        errorMessage: 'HTTP 503 after 2 attempts',
      },
      { symbol: 'AAPL', date: '2025-11-21', dataSource: 'polygon', status: 'not_available', errorMessage: null },
      { symbol: 'AAPL', date: '2025-11-24', dataSource: 'polygon', status: 'no_data', errorMessage: null },
    ]);
    // Sessions end at the last one on or before `to` (a Sunday here); weekends have no column.
    const { body } = await ingestor.request('GET', '/coverage?sessions=7&to=2025-11-23');
    expect(body.sessions).toEqual([
      '2025-11-13',
      '2025-11-14',
      '2025-11-17',
      '2025-11-18',
      '2025-11-19',
      '2025-11-20',
      '2025-11-21',
    ]);
    expect(body.cells).toEqual(['...sssa', '...ss.s', '...sfss']);
    expect(body.counts).toEqual({ success: 9, failed: 1, no_data: 0, not_available: 1, missing: 10 });
    expect(body.failures).toEqual([{ symbol: 'NVDA', date: '2025-11-19', error: 'HTTP 503 after 2 attempts' }]);
    expect((await ingestor.request('GET', '/coverage?sessions=5')).body.cells).toEqual(['sssan', 'ss.ss', 'sfsss']);
  });

  it('leaves out symbols that are not active', async () => {
    expect((await ingestor.request('POST', '/symbols/NVDA/suspend')).status).toBe(200);
    const { body } = await ingestor.request('GET', '/coverage?sessions=1');
    expect(body).toMatchObject({ sessions: [SIM_TODAY], symbols: ['AAPL', 'MSFT'], cells: ['n', 's'] });
    await ingestor.request('POST', '/symbols/NVDA/activate');
  });

  it('refuses a bad request with every reason', async () => {
    const { status, body } = await ingestor.request('GET', '/coverage?sessions=0&to=2025-11-25');
    expect(status).toBe(400);
    expect(body).toMatchObject({
      message: 'invalid coverage request',
      reasons: [
        'sessions must be a whole number from 1 to 260, got "0"',
        `to 2025-11-25 is after the last published session ${SIM_TODAY}`,
      ],
    });
    expect((await ingestor.request('GET', '/coverage?sessions=261')).status).toBe(400);
    expect((await ingestor.request('GET', '/coverage?sessions=5&sessions=6')).body.reasons).toEqual([
      'sessions must be given once',
    ]);
    expect((await ingestor.request('GET', '/coverage?to=2025-13-01')).body.reasons).toEqual([
      'to must be a YYYY-MM-DD date, got "2025-13-01"',
    ]);
  });
});
