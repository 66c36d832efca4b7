import { requestBackfill, runRecord, waitForRunDone, type BackfillRun } from '../support/backfill';
import type { CaseContext } from '../support/case-context';
import { expectBackfilledExactly } from '../support/data-checks';
import { waitForGreen } from '../support/health';
import { countPolygonCalls, faultsInjected, type CallCounter } from '../support/polygon-calls';
import { recordRecovery } from '../support/recovery-report';
import { killAll, restartAll } from '../support/service-control';
import type { FaultSystem } from '../support/system';
import { waitFor } from '../support/wait-for';

const SYMBOLS = 20;

/**
 * Every polygon-ingestor process dies by SIGKILL in the middle of a backfill,
 * once between two calls and once inside one, and is started again: the run
 * completes from its record and the ledger, every bar is stored once with the
 * simulator's values, and only a call in flight is paid twice: at most one
 * per killed process (each worker runs one job at a time, and a job whose
 * answer came but was not stored yet is fetched again).
 * 20 symbols per case: 20 range calls.
 */
export function ingestorCrashCases(ctx: CaseContext): void {
  it('SIGKILL of the ingestor between two calls: restarted, the run completes, bars exact, calls <= plan + 1 per killed process (bound 2 min)', async () => {
    const system = ctx.system();
    const symbols = ctx.takeSymbols(SYMBOLS);
    const calls = await countPolygonCalls(system);
    const { run } = await requestBackfill(system, symbols);
    expect(run.plannedCalls).toBe(SYMBOLS);

    // Between calls: every range call the simulator answered is recorded done, and at least 6 are.
    await waitFor(
      '6 calls done and none in flight',
      60_000,
      async () => {
        const done = (await runRecord(system, run.id)).callsDone;
        return done >= 6 && done < SYMBOLS && (await calls.spent()).byEndpoint['polygon.aggs.range'] === done;
      },
      50,
    );
    await killAll(system, 'polygon-ingestor');
    const doneAtKill = (await runRecord(system, run.id)).callsDone;
    expect(doneAtKill).toBeLessThan(SYMBOLS);
    await restartAndExpectComplete(system, {
      caseName: 'ingestor SIGKILL between calls',
      symbols,
      run,
      calls,
      doneAtKill,
    });
  }, 120_000);

  it('SIGKILL of the ingestor during a call: the call in flight is taken over after the restart, bars exact, calls <= plan + 1 per killed process (bound 2 min)', async () => {
    const system = ctx.system();
    const symbols = ctx.takeSymbols(SYMBOLS);
    const calls = await countPolygonCalls(system);
    const latencyBefore = await faultsInjected(system, 'latency');
    const { run } = await requestBackfill(system, symbols);
    expect(run.plannedCalls).toBe(SYMBOLS);

    await waitFor('5 calls done', 60_000, async () => (await runRecord(system, run.id)).callsDone >= 5, 50);
    // The next range call hangs for 20 s at the simulator: an ingestor is inside it when they die.
    await system.polygon.faults([
      { kind: 'latency', provider: 'polygon', endpoint: 'polygon.aggs.range', latencyMs: 20_000, count: 1 },
    ]);
    await waitFor(
      'a call to be held by the simulator',
      30_000,
      async () => (await faultsInjected(system, 'latency')) > latencyBefore,
      50,
    );
    await killAll(system, 'polygon-ingestor');
    const doneAtKill = (await runRecord(system, run.id)).callsDone;
    await restartAndExpectComplete(system, {
      caseName: 'ingestor SIGKILL during a call',
      symbols,
      run,
      calls,
      doneAtKill,
    });
  }, 120_000);
}

/**
 * After every ingestor was killed: start them again, then health green, the
 * run done by itself, the bars exact, and at most one call paid twice per
 * killed process; records the recovery times from the restart.
 */
async function restartAndExpectComplete(
  system: FaultSystem,
  killed: { caseName: string; symbols: string[]; run: BackfillRun; calls: CallCounter; doneAtKill: number },
): Promise<void> {
  const cleared = Date.now();
  await restartAll(system, 'polygon-ingestor');
  await waitForGreen(system, 90_000);
  const toGreenMs = Date.now() - cleared;
  await waitForRunDone(system, killed.run.id, 90_000);
  const toCompleteMs = Date.now() - cleared;
  const spent = await killed.calls.spent();
  await expectBackfilledExactly(system, killed.symbols, killed.run);
  recordRecovery({
    case: killed.caseName,
    toGreenMs,
    toCompleteMs,
    note: `${killed.doneAtKill}/${SYMBOLS} calls done at the kill; calls ${JSON.stringify(spent.byEndpoint)}`,
  });
  expect(spent.calls).toBeLessThanOrEqual(SYMBOLS + system.services['polygon-ingestor'].length);
}
