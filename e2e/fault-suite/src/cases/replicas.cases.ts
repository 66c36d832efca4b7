import { runRecord, waitForRunDone } from '../support/backfill';
import type { CaseContext } from '../support/case-context';
import { expectBackfilledExactly } from '../support/data-checks';
import { waitForGreen } from '../support/health';
import { http } from '../support/http';
import { countPolygonCalls } from '../support/polygon-calls';
import { recordRecovery } from '../support/recovery-report';

const SYMBOLS = 20;

/**
 * Two replicas of every service at once (the file's system), and two
 * operators acting at the same moment through different gateways, which
 * forward to different ingestors: the same backfill asked twice is one run,
 * paid once; two quality runs asked at once are both answered.
 */
export function replicaCases(ctx: CaseContext): void {
  it('two replicas of every service, concurrent admin actions: the same backfill asked through both gateways is one run, calls = plan (bound 2 min)', async () => {
    const system = ctx.system();
    expect(system.services.gateway).toHaveLength(2);
    const symbols = ctx.takeSymbols(SYMBOLS);
    const calls = await countPolygonCalls(system);
    const admin = (gateway: number, method: string, path: string, body?: unknown) =>
      http(method, `${system.services.gateway[gateway].url}${path}`, { token: system.secrets.gatewayAdminToken, body });

    const started = Date.now();
    const [first, second, qualityA, qualityB] = await Promise.all([
      admin(0, 'POST', '/admin/backfill', { symbols }),
      admin(1, 'POST', '/admin/backfill', { symbols }),
      admin(0, 'POST', '/admin/quality/runs'),
      admin(1, 'POST', '/admin/quality/runs'),
    ]);
    expect([first.status, second.status]).toEqual([202, 202]);
    expect(second.body.run.id).toBe(first.body.run.id);
    expect([first.body.joined, second.body.joined].filter(Boolean)).toHaveLength(1);
    expect([qualityA.status, qualityB.status]).toEqual([201, 201]);
    const runs = await system.sql<{ n: string }>(
      `SELECT count(*)::text AS n FROM data_ingestion.backfill_runs WHERE symbol_count = $1 AND created_at >= to_timestamp($2 / 1000.0) - interval '5 seconds'`,
      [SYMBOLS, started],
    );
    expect(Number(runs[0].n)).toBe(1);

    const run = await runRecord(system, Number(first.body.run.id));
    expect(run.plannedCalls).toBe(SYMBOLS);
    await waitForRunDone(system, run.id, 90_000);
    const toCompleteMs = Date.now() - started;
    const spent = await calls.spent();
    await waitForGreen(system, 60_000);
    await expectBackfilledExactly(system, symbols, run);
    recordRecovery({
      case: 'concurrent admin actions on two replicas',
      toGreenMs: 0,
      toCompleteMs,
      note: `no fault: from the two requests to the run done; calls ${JSON.stringify(spent.byEndpoint)}`,
    });
    // Paid once: one range call per symbol, although two ingestors were asked at the same moment.
    expect(spent.byEndpoint['polygon.aggs.range']).toBe(SYMBOLS);
  }, 120_000);
}
