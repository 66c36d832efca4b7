import { http, type Json } from './http';
import type { FaultSystem } from './system';
import { ConditionFailed, waitFor } from './wait-for';

export interface BackfillRun {
  readonly id: number;
  readonly from: string;
  readonly to: string;
  readonly plannedCalls: number;
}

/** POST /admin/backfill through gateway `gateway` (the operator's way); expects 202 and one run. */
export async function requestBackfill(
  system: FaultSystem,
  symbols: readonly string[],
  gateway = 0,
): Promise<{ run: BackfillRun; body: Json }> {
  const answer = await http('POST', `${system.services.gateway[gateway].url}/admin/backfill`, {
    token: system.secrets.gatewayAdminToken,
    body: { symbols },
  });
  if (answer.status !== 202)
    throw new Error(`POST /admin/backfill answered ${answer.status}: ${answer.text.slice(0, 500)}`);
  return { run: await runRecord(system, Number(answer.body.run.id)), body: answer.body };
}

/** The run as PostgreSQL records it (readable while any service is down). */
export async function runRecord(
  system: FaultSystem,
  id: number,
): Promise<BackfillRun & { status: string; callsDone: number }> {
  const [row] = await system.sql<{ from: string; to: string; planned: number; status: string; done: string }>(
    `SELECT from_date::text AS from, to_date::text AS to, planned_calls AS planned, status,
            (SELECT count(*) FROM data_ingestion.backfill_calls c WHERE c.run_id = r.id AND c.status = 'done')::text AS done
       FROM data_ingestion.backfill_runs r WHERE id = $1`,
    [id],
  );
  if (!row) throw new Error(`no backfill run ${id}`);
  return { id, from: row.from, to: row.to, plannedCalls: row.planned, status: row.status, callsDone: Number(row.done) };
}

/** Waits until the run's record says `done`; resolves with the milliseconds waited. A run that ends `partial` or `failed` fails at once. */
export async function waitForRunDone(system: FaultSystem, id: number, boundMs: number): Promise<number> {
  const { ms } = await waitFor(
    `backfill run ${id} to be done`,
    boundMs,
    async () => {
      const run = await runRecord(system, id);
      if (run.status === 'partial' || run.status === 'failed')
        throw new ConditionFailed(`backfill run ${id} ended ${run.status}`);
      return run.status === 'done';
    },
    250,
  );
  return ms;
}

/** Symbols of the seeded universe, alphabetical; cases take disjoint slices so each compares only its own rows. */
export async function universe(system: FaultSystem): Promise<string[]> {
  const rows = await system.sql<{ symbol: string }>(
    `SELECT symbol FROM data_ingestion.symbols WHERE status = 'active' ORDER BY symbol`,
  );
  return rows.map((r) => r.symbol);
}
