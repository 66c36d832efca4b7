import { requestBackfill, runRecord, universe, waitForRunDone } from './support/backfill';
import { expectBackfilledExactly } from './support/data-checks';
import { waitForGreen } from './support/health';
import { faultsInjected, polygonCallsSpent } from './support/polygon-calls';
import { printRecoveryTable, recordRecovery } from './support/recovery-report';
import { startSystem, type FaultSystem } from './support/system';
import { waitFor } from './support/wait-for';

/**
 * The polygon-ingestor dies by SIGKILL in the middle of a backfill, once
 * between two calls and once inside one, and is started again: the run
 * completes from its record and the ledger, every bar is stored once with the
 * simulator's values, and at most the call in flight is paid twice.
 * Budget 2 calls/s, 20 symbols per case (20 range calls, about 10 s).
 */
describe('fault suite: the ingestor killed mid-backfill', () => {
  let system: FaultSystem | undefined;
  let symbols: string[] = [];

  beforeAll(async () => {
    system = await startSystem({ polygonCallsPerSecond: 2 });
    symbols = await universe(system);
    await waitForGreen(system, 60_000);
  }, 240_000);

  afterAll(async () => {
    printRecoveryTable();
    await system?.stop();
  }, 120_000);

  const ingestor = () => (system as FaultSystem).services['polygon-ingestor'][0];

  it('SIGKILL between two calls: the restarted ingestor completes the run, bars exact, calls <= plan + 1 (bound 2 min)', async () => {
    const sys = system as FaultSystem;
    const mine = symbols.slice(0, 20);
    const callsBefore = await polygonCallsSpent(sys);
    const { run } = await requestBackfill(sys, mine);
    expect(run.plannedCalls).toBe(20);

    // Between calls: every call the simulator answered is recorded done, and at least 6 are.
    await waitFor('6 calls done and none in flight', 60_000, async () => {
      const done = (await runRecord(sys, run.id)).callsDone;
      return done >= 6 && done < 20 && (await polygonCallsSpent(sys)) - callsBefore === done;
    }, 50);
    await ingestor().kill();
    const doneAtKill = (await runRecord(sys, run.id)).callsDone;
    expect(doneAtKill).toBeLessThan(20);

    const cleared = Date.now();
    await ingestor().restart();
    await waitForGreen(sys, 90_000);
    const toGreenMs = Date.now() - cleared;
    await waitForRunDone(sys, run.id, 90_000);
    const toCompleteMs = Date.now() - cleared;
    await expectBackfilledExactly(sys, mine, run);
    recordRecovery({ case: 'ingestor SIGKILL between calls', toGreenMs, toCompleteMs, note: `${doneAtKill}/20 calls done at the kill` });
    expect((await polygonCallsSpent(sys)) - callsBefore).toBeLessThanOrEqual(20 + 1);
  }, 120_000);

  it('SIGKILL during a call: the call in flight is taken over after the restart, bars exact, calls <= plan + 1 (bound 2 min)', async () => {
    const sys = system as FaultSystem;
    const mine = symbols.slice(20, 40);
    const callsBefore = await polygonCallsSpent(sys);
    const latencyBefore = await faultsInjected(sys, 'latency');
    const { run } = await requestBackfill(sys, mine);
    expect(run.plannedCalls).toBe(20);

    await waitFor('5 calls done', 60_000, async () => (await runRecord(sys, run.id)).callsDone >= 5, 50);
    // The next range call hangs for 20 s at the simulator: the ingestor is inside it when it dies.
    await sys.polygon.faults([{ kind: 'latency', provider: 'polygon', endpoint: 'polygon.aggs.range', latencyMs: 20_000, count: 1 }]);
    await waitFor('a call to be held by the simulator', 30_000, async () => (await faultsInjected(sys, 'latency')) > latencyBefore, 50);
    await ingestor().kill();
    const doneAtKill = (await runRecord(sys, run.id)).callsDone;

    const cleared = Date.now();
    await ingestor().restart();
    await waitForGreen(sys, 90_000);
    const toGreenMs = Date.now() - cleared;
    await waitForRunDone(sys, run.id, 90_000);
    const toCompleteMs = Date.now() - cleared;
    await expectBackfilledExactly(sys, mine, run);
    recordRecovery({ case: 'ingestor SIGKILL during a call', toGreenMs, toCompleteMs, note: `${doneAtKill}/20 calls done at the kill` });
    expect((await polygonCallsSpent(sys)) - callsBefore).toBeLessThanOrEqual(20 + 1);
  }, 120_000);
});
