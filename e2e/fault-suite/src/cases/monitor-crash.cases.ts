import type { CaseContext } from '../support/case-context';
import { waitForGreen } from '../support/health';
import { recordRecovery } from '../support/recovery-report';
import { killAll, restartAll } from '../support/service-control';
import { compareFills, fillsComplete } from '../support/stored-fills';
import { waitFor } from '../support/wait-for';

/**
 * Both alpaca-monitor replicas die by SIGKILL while a fills poll is inside
 * the simulator; fills keep arriving while none runs. Restarted, they store
 * every fill the simulator holds exactly once (by activity id), with its values.
 */
export function monitorCrashCases(ctx: CaseContext): void {
  it('SIGKILL of both alpaca-monitor replicas during a fills poll: restarted, every fill stored exactly once (bound 2 min)', async () => {
    const system = ctx.system();
    await waitFor('the initial fills to be stored', 60_000, () => fillsComplete(system), 500);
    await system.alpaca.addAlpacaFills(10);
    const latency = async () => (await system.alpaca.stats()).total.faults['latency'] ?? 0;
    const latencyBefore = await latency();
    // The next activities listing (a fills poll) hangs for 10 s: the replica polling is inside it when both die.
    await system.alpaca.faults([
      { kind: 'latency', provider: 'alpaca', endpoint: 'alpaca.activities', latencyMs: 10_000, count: 1 },
    ]);
    await waitFor(
      'a fills poll to be held by the simulator',
      30_000,
      async () => (await latency()) > latencyBefore,
      50,
    );
    await killAll(system, 'alpaca-monitor');
    await system.alpaca.addAlpacaFills(20);

    const cleared = Date.now();
    await restartAll(system, 'alpaca-monitor');
    await waitForGreen(system, 90_000);
    const toGreenMs = Date.now() - cleared;
    await waitFor('every fill to be stored once', 90_000, () => fillsComplete(system), 250);
    const toCompleteMs = Date.now() - cleared;
    const verdict = await compareFills(system);
    expect({ missing: verdict.missing, unexpected: verdict.unexpected, differing: verdict.differing }).toEqual({
      missing: [],
      unexpected: [],
      differing: [],
    });
    expect(verdict.stored).toBe(verdict.expected);
    recordRecovery({
      case: 'both monitors SIGKILL during a fills poll',
      toGreenMs,
      toCompleteMs,
      note: `${verdict.expected} fills`,
    });
  }, 120_000);
}
