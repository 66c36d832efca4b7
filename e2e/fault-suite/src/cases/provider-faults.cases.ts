import { requestBackfill, runRecord, waitForRunDone } from '../support/backfill';
import type { CaseContext } from '../support/case-context';
import { expectBackfilledExactly } from '../support/data-checks';
import { waitForGreen } from '../support/health';
import { countPolygonCalls, faultsInjected } from '../support/polygon-calls';
import { recordRecovery } from '../support/recovery-report';
import { waitFor } from '../support/wait-for';

const SYMBOLS = 20;

/**
 * Polygon misbehaves mid-backfill within what today's queue absorbs: a storm
 * of 429s (the queue pauses, no attempt spent) and a burst of 503s shorter
 * than the breaker's threshold (5 in a row), so retries absorb it. The run
 * completes, data exact; the only extra calls are the faulted ones.
 */
export function providerFaultCases(ctx: CaseContext): void {
  const backfillThrough = async (
    caseName: string,
    faultKind: string,
    rule: Record<string, unknown>,
    faultCount: number,
  ) => {
    const system = ctx.system();
    const symbols = ctx.takeSymbols(SYMBOLS);
    const calls = await countPolygonCalls(system);
    const injectedBefore = await faultsInjected(system, faultKind);
    const { run } = await requestBackfill(system, symbols);
    expect(run.plannedCalls).toBe(SYMBOLS);
    await waitFor('3 calls done', 60_000, async () => (await runRecord(system, run.id)).callsDone >= 3, 50);
    await system.polygon.faults([{ ...rule, provider: 'polygon', endpoint: 'polygon.aggs.range', count: faultCount }]);
    await waitFor(
      `${faultCount} ${faultKind} answers to be served`,
      60_000,
      async () => (await faultsInjected(system, faultKind)) - injectedBefore >= faultCount,
      50,
    );

    const cleared = Date.now();
    await waitForRunDone(system, run.id, 90_000);
    const toCompleteMs = Date.now() - cleared;
    const spent = await calls.spent();
    await waitForGreen(system, 60_000);
    const toGreenMs = Date.now() - cleared;
    await expectBackfilledExactly(system, symbols, run);
    recordRecovery({ case: caseName, toGreenMs, toCompleteMs, note: `calls ${JSON.stringify(spent.byEndpoint)}` });
    expect(spent.calls).toBeLessThanOrEqual(SYMBOLS + faultCount);
  };

  it('a 429 storm (10 x 429 with Retry-After 1 s) mid-backfill: the run completes, data exact, calls <= plan + 10 (bound 2 min)', async () => {
    await backfillThrough('429 storm', 'rate-limit', { kind: 'rate-limit', retryAfterSeconds: 1 }, 10);
  }, 120_000);

  it('a 5xx burst (3 x 503, HTML and JSON bodies) mid-backfill: the run completes, data exact, calls <= plan + 3 (bound 2 min)', async () => {
    await backfillThrough('5xx burst', 'http-error', { kind: 'http-error', status: 503, body: 'mixed' }, 3);
  }, 120_000);
}
