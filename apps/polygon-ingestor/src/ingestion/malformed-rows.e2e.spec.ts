import { eventually } from '@mdi/testing';
import { SIM_TODAY } from '../test-support/ingestor-harness';
import { useIngestorWithSimulator } from '../test-support/use-ingestor-with-simulator';

/** Broken rows from the provider are explained in data_quality_logs and never stored as bars. */
describe('malformed provider rows', () => {
  const { sim, ingestor } = useIngestorWithSimulator(
    { seed: 9, symbols: 100, today: SIM_TODAY, polygonRateLimit: 5, rateWindowMs: 1000 },
    { EOD_CATCHUP_SESSIONS: '1' },
  );

  it('logs each refused grouped row with its reasons, stores the rest, and marks those cells failed', async () => {
    const grouped = 'polygon.aggs.grouped';
    await sim.faults([
      { kind: 'malformed-rows', endpoint: grouped, ticker: 'AAPL', variant: 'invariant', count: 1 },
      { kind: 'non-finite', endpoint: grouped, ticker: 'MSFT', value: 'NaN', field: 'c', count: 1 },
      { kind: 'missing-fields', endpoint: grouped, ticker: 'NVDA', field: 'v', count: 1 },
      { kind: 'malformed-rows', endpoint: grouped, ticker: 'TSLA', variant: 'negative', count: 1 },
    ]);
    const tick = await ingestor.request('POST', '/operations/end-of-day');
    expect(tick.body.enqueued).toEqual([{ date: SIM_TODAY, jobId: `grouped-daily|${SIM_TODAY}`, status: 'added' }]);
    await eventually(
      async () => (await ingestor.scalar(`SELECT count(*) FROM data_ingestion.symbol_data_status`)) === 100,
      'the ledger for the date',
    );

    const failed = await ingestor.db.dataSource.query(
      `SELECT symbol, error_message FROM data_ingestion.symbol_data_status WHERE status = 'failed' ORDER BY symbol`,
    );
    expect(failed.map((f: { symbol: string }) => f.symbol)).toEqual(['AAPL', 'MSFT', 'NVDA', 'TSLA']);
    const logs = await ingestor.db.dataSource.query(
      `SELECT symbol, check_type, status, message, details->>'endpoint' AS endpoint, details->>'date' AS date
         FROM data_ingestion.data_quality_logs ORDER BY symbol`,
    );
    expect(logs).toEqual([
      {
        symbol: 'AAPL',
        check_type: 'validation',
        status: 'rejected',
        message: expect.stringMatching(/is below|is above/),
        endpoint: 'grouped-daily',
        date: SIM_TODAY,
      },
      {
        symbol: 'MSFT',
        check_type: 'validation',
        status: 'rejected',
        message: expect.stringContaining('c (close)'),
        endpoint: 'grouped-daily',
        date: SIM_TODAY,
      },
      {
        symbol: 'NVDA',
        check_type: 'validation',
        status: 'rejected',
        message: 'v (volume) is missing',
        endpoint: 'grouped-daily',
        date: SIM_TODAY,
      },
      {
        symbol: 'TSLA',
        check_type: 'validation',
        status: 'rejected',
        message: expect.stringMatching(/must be greater than 0/),
        endpoint: 'grouped-daily',
        date: SIM_TODAY,
      },
    ]);
    expect(await ingestor.scalar(`SELECT count(*) FROM data_ingestion.market_data`)).toBe(96);
    expect(
      await ingestor.scalar(
        `SELECT count(*) FROM data_ingestion.market_data WHERE symbol IN ('AAPL', 'MSFT', 'NVDA', 'TSLA')`,
      ),
    ).toBe(0);
    const metrics = (await ingestor.request('GET', '/metrics')).body as string;
    expect(metrics).toContain('mdi_bars_ingested_total{source="polygon",outcome="rejected"} 4');
  }, 60_000);

  it('repairs the failed cells with the fewest calls once the provider answers well', async () => {
    const plan = await ingestor.request('GET', `/backfill/plan?from=${SIM_TODAY}&to=${SIM_TODAY}`);
    expect(plan.body).toMatchObject({ missingCells: 4, calls: { total: 1, groupedDaily: 1 } });
    const repair = await ingestor.request('POST', '/backfill', { from: SIM_TODAY, to: SIM_TODAY });
    await eventually(
      async () => (await ingestor.request('GET', `/backfill/runs/${repair.body.run.id}`)).body.status === 'done',
      'the repair',
    );
    expect(await ingestor.scalar(`SELECT count(*) FROM data_ingestion.market_data`)).toBe(100);
    expect(
      await ingestor.scalar(`SELECT count(*) FROM data_ingestion.symbol_data_status WHERE status <> 'success'`),
    ).toBe(0);
  }, 60_000);
});
