import { runEnded, SIM_TODAY } from '../test-support/ingestor-harness';
import { useIngestorWithSimulator } from '../test-support/use-ingestor-with-simulator';

/** A refused Alpaca row is never stored, is explained, and its cell is planned again. */
describe('Alpaca bars with a malformed row', () => {
  const { sim, ingestor } = useIngestorWithSimulator(
    { seed: 7, symbols: 100, today: SIM_TODAY, alpacaRateLimit: 0, rateWindowMs: 1000 },
    {
      HISTORICAL_DATA_SOURCE: 'alpaca',
      ALPACA_API_KEY: 'sim-alpaca-key',
      ALPACA_SECRET_KEY: 'sim-alpaca-secret',
      ALPACA_RATE_WINDOW_MS: '1000',
    },
  );
  const window = { symbols: ['AAPL', 'MSFT'], from: '2025-11-03', to: '2025-11-07' };

  it('records the refused cell failed with its reason and a quality log, stores the rest, and plans that cell again', async () => {
    await sim.reset();
    const rule = { kind: 'malformed-rows', endpoint: 'alpaca.bars', ticker: 'MSFT', variant: 'garbage', field: 'c' };
    await sim.faults([{ ...rule, count: 1 }]);
    const started = await ingestor.request('POST', '/backfill', window);
    expect(started.status).toBe(202);
    expect(started.body.plan.calls).toMatchObject({ total: 1, stockBars: 1 });
    const runId = started.body.run.id;
    await runEnded(ingestor, runId, 30_000);
    const failed = await ingestor.db.dataSource.query(
      `SELECT symbol, date::text AS date, error_message FROM data_ingestion.symbol_data_status
        WHERE data_source = 'alpaca' AND status = 'failed'`,
    );
    expect(failed).toEqual([
      { symbol: 'MSFT', date: expect.any(String), error_message: 'c (close) must be a number, got "abc"' },
    ]);
    expect(await ingestor.scalar(`SELECT count(*) FROM data_ingestion.market_data WHERE source = 'alpaca'`)).toBe(9);
    const logs = await ingestor.db.dataSource.query(
      `SELECT symbol, details->>'provider' AS provider, details->>'date' AS date FROM data_ingestion.data_quality_logs
        WHERE check_type = 'validation'`,
    );
    expect(logs).toEqual([{ symbol: 'MSFT', provider: 'alpaca', date: failed[0].date }]);

    const again = (
      await ingestor.request('GET', `/backfill/plan?${new URLSearchParams({ ...window, symbols: 'AAPL,MSFT' })}`)
    ).body;
    expect(again).toMatchObject({ missingCells: 1, calls: { total: 1, stockBars: 1 } });
    expect(again.jobs).toEqual([expect.objectContaining({ source: 'alpaca', symbols: 1, dates: 1 })]);
  }, 60_000);
});
