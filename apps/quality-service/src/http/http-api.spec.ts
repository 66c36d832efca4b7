import { settledChangeMark, useServiceHarness } from '@mdi/testing';
import { DataSource } from 'typeorm';
import { serviceDefinition } from '../app/service-definition';
import { writeBars, writeSymbols } from '../test-support/bar-writer';
import { generateCleanBars } from '../test-support/clean-bars.generator';

describe('quality-service HTTP API (real app, real PostgreSQL)', () => {
  const harness = useServiceHarness(serviceDefinition, { QUALITY_SCHEDULER_ENABLED: 'false', LOG_LEVEL: 'silent' });

  beforeAll(async () => {
    const dataSource = harness.app.get(DataSource);
    await writeBars(dataSource, generateCleanBars({ symbols: ['AAA', 'BBB'], from: '2024-01-02', to: '2024-10-31' }));
    await writeSymbols(dataSource, ['AAA', 'BBB']);
    await dataSource.query(
      `UPDATE data_ingestion.market_data SET volume = 0 WHERE symbol = 'BBB' AND timestamp = (DATE '2024-10-01'::timestamp AT TIME ZONE 'America/New_York')`,
    );
  }, 60_000);

  it('answers 404 for the latest report before any run', async () => {
    expect(await harness.request('GET', '/reports/latest')).toMatchObject({
      status: 404,
      body: { message: 'no quality run has been stored yet' },
    });
  });

  it('refuses POST /runs without the service token or with a wrong one, and stores nothing', async () => {
    const logs = async () =>
      Number(
        (await harness.app.get(DataSource).query('SELECT count(*) AS n FROM data_ingestion.data_quality_logs'))[0].n,
      );
    const before = await logs();
    const missing = await harness.request('POST', '/runs', { token: null });
    expect(missing).toMatchObject({
      status: 401,
      body: {
        message: 'missing Authorization header: write endpoints take "Authorization: Bearer <INTERNAL_API_TOKEN>"',
      },
    });
    expect((await harness.request('POST', '/runs', { token: 'wrong-service-token-0123456789' })).status).toBe(401);
    expect(await logs()).toBe(before);
    expect(await harness.request('GET', '/reports/latest')).toMatchObject({ status: 404 });
  });

  it('runs the checks on POST /runs and serves the report at /reports/latest and /reports', async () => {
    const run = await harness.request('POST', '/runs');
    expect(run.status).toBe(201);
    expect(run.body).toMatchObject({
      trigger: 'manual',
      alertLevel: 1,
      symbolsChecked: 2,
      counts: { zero_volume: 1, stale: 2 },
    });

    const latest = await harness.request('GET', '/reports/latest');
    expect(latest.status).toBe(200);
    expect(latest.body.runId).toBe(run.body.runId);
    expect(
      latest.body.findings.map(
        (f: { code: string; symbol: string; date: string }) => `${f.code} ${f.symbol} ${f.date}`,
      ),
    ).toEqual(['stale AAA 2024-10-31', 'stale BBB 2024-10-31', 'zero_volume BBB 2024-10-01']);

    const listed = await harness.request('GET', '/reports?symbol=bbb');
    expect(listed.status).toBe(200);
    expect(listed.body).toMatchObject({ symbol: 'BBB', reports: [{ runId: run.body.runId }] });
    expect(listed.body.reports[0].findings.map((f: { code: string }) => f.code)).toEqual(['stale', 'zero_volume']);
    expect((await harness.request('GET', '/reports?from=2000-01-01&to=2000-01-31')).body.reports).toEqual([]);

    const status = await harness.request('GET', '/status');
    expect(status.body).toMatchObject({
      service: 'quality-service',
      schedulerEnabled: false,
      lastRun: { runId: run.body.runId, alertLevel: 1 },
    });
    const metrics = await fetch(`${harness.baseUrl}/metrics`).then((r) => r.text());
    expect(metrics).toContain('mdi_quality_issues_total{check="zero_volume"} 1');
  });

  it('runs incrementally on POST /runs?mode=incremental: the same report, nothing reloaded when nothing changed', async () => {
    // The full run's mark must be past this spec's writes, or they are (rightly) reported again.
    await settledChangeMark(harness.app.get(DataSource));
    const full = await harness.request('POST', '/runs?mode=full');
    expect(full.body).toMatchObject({ mode: 'full', symbolsRechecked: 2 });
    const incremental = await harness.request('POST', '/runs?mode=incremental');
    expect(incremental.status).toBe(201);
    expect(incremental.body).toMatchObject({ mode: 'incremental', symbolsRechecked: 0 });
    expect(incremental.body.fullRunReason).toBeUndefined();
    expect(incremental.body.counts).toEqual(full.body.counts);
    expect(incremental.body.barsChecked).toBe(full.body.barsChecked);
  });

  it.each([
    ['/reports?from=2024-13-01', /^from must be a calendar date YYYY-MM-DD, got "2024-13-01"$/],
    ['/reports?from=2024-10-02&to=2024-10-01', /^from \(2024-10-02\) is after to \(2024-10-01\)$/],
    ['/reports?symbol=ZZZZ', /^unknown symbol "ZZZZ"$/],
    ['/reports?limit=0', /^limit must be a whole number from 1 to 1000/],
    ['/reports?from=2024-01-01&from=2024-02-01', /^from must be given once$/],
  ])('answers 400 with the reason for %s', async (path, reason) => {
    const { status, body } = await harness.request('GET', path);
    expect(status).toBe(400);
    expect(body.message).toMatch(reason);
  });

  it('computes indicators for a symbol over a range', async () => {
    const { status, body } = await harness.request(
      'GET',
      '/analytics/AAA/indicators?from=2024-10-01&to=2024-10-31&indicators=sma:5,rsi,macd',
    );
    expect(status).toBe(200);
    expect(body.columns).toEqual(['sma_5', 'rsi_14', 'macd_12_26_9', 'macd_signal_12_26_9', 'macd_histogram_12_26_9']);
    expect(body.bars).toHaveLength(23);
    expect(body.bars[0].date).toBe('2024-10-01');
    // Warmed up on history before `from`: no gaps at the start of the range.
    for (const bar of body.bars) for (const column of body.columns) expect(typeof bar[column]).toBe('number');
    const closes = body.bars.slice(0, 5).map((bar: { close: number }) => bar.close);
    expect(body.bars[4].sma_5).toBeCloseTo(closes.reduce((a: number, b: number) => a + b, 0) / 5, 9);
  });

  it.each([
    ['/analytics/NOPE/indicators', /^unknown symbol "NOPE"$/],
    ['/analytics/AAA/indicators?from=2024-10-31&to=2024-10-01', /^from \(2024-10-31\) is after to \(2024-10-01\)$/],
    ['/analytics/AAA/indicators?to=31.10.2024', /^to must be a calendar date YYYY-MM-DD/],
    ['/analytics/AAA/indicators?indicators=sma,vwap', /^unknown indicator "vwap"/],
    ['/analytics/AAA/indicators?indicators=', /comma-separated list/],
    ['/analytics/AAA/indicators?indicators=rsi:0', /^rsi:0: rsi period must be a whole number/],
    ['/analytics/A%27B/indicators', /^symbol must be 1-10 letters/],
  ])('answers 400 with the reason for %s', async (path, reason) => {
    const { status, body } = await harness.request('GET', path);
    expect(status).toBe(400);
    expect(body.message).toMatch(reason);
  });
});
