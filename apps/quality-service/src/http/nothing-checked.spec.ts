import { useServiceHarness } from '@mdi/testing';
import { DataSource } from 'typeorm';
import { serviceDefinition } from '../app/service-definition';
import { writeSymbols } from '../test-support/bar-writer';

/** A run on an empty database says it checked nothing, over HTTP and in /status, instead of "ok". */
describe('quality-service with nothing to check (real app, real PostgreSQL)', () => {
  const harness = useServiceHarness(serviceDefinition, { QUALITY_SCHEDULER_ENABLED: 'false', LOG_LEVEL: 'silent' });

  it('answers POST /runs, /reports/latest and /status with nothing_checked and why', async () => {
    const run = await harness.request('POST', '/runs');
    expect(run.status).toBe(201);
    expect(run.body).toMatchObject({
      trigger: 'manual',
      outcome: 'nothing_checked',
      reason: 'no symbols in the universe',
      alertLevel: null,
      barsChecked: 0,
      findings: [],
    });

    const latest = await harness.request('GET', '/reports/latest');
    expect(latest.body).toMatchObject({
      runId: run.body.runId,
      outcome: 'nothing_checked',
      reason: 'no symbols in the universe',
      alertLevel: null,
    });
    const [row] = await harness.app
      .get(DataSource)
      .query(`SELECT status FROM data_ingestion.data_quality_logs WHERE check_type = 'quality_report'`);
    expect(row.status).toBe('nothing_checked');

    await writeSymbols(harness.app.get(DataSource), ['AAA']);
    const second = await harness.request('POST', '/runs');
    expect(second.body).toMatchObject({ outcome: 'nothing_checked', reason: 'no bars stored yet', alertLevel: null });
    const status = await harness.request('GET', '/status');
    expect(status.body.lastRun).toMatchObject({
      runId: second.body.runId,
      outcome: 'nothing_checked',
      reason: 'no bars stored yet',
      alertLevel: null,
    });
    expect((await harness.request('GET', '/reports')).body.reports.map((r: { outcome: string }) => r.outcome)).toEqual([
      'nothing_checked',
      'nothing_checked',
    ]);
  });
});
