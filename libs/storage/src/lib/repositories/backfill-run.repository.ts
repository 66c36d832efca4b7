import { isIsoDate, type IsoDate } from '@mdi/domain';
import type { DataSource } from 'typeorm';

export const BACKFILL_TRIGGERS = ['api', 'cli', 'gap-repair', 'end-of-day'] as const;
export type BackfillTrigger = (typeof BACKFILL_TRIGGERS)[number];

/** One planned call: its deterministic job id, its payload and how many ledger cells it fills. */
export interface PlannedCall {
  readonly jobId: string;
  readonly job: Record<string, unknown>;
  readonly cellCount: number;
}

export interface NewBackfillRun {
  readonly trigger: BackfillTrigger;
  /** Digest of the request (window, symbols): one running run per key. */
  readonly requestKey?: string;
  readonly from: IsoDate;
  readonly to: IsoDate;
  readonly symbolCount: number;
  readonly plannedCells: number;
  readonly calls: readonly PlannedCall[];
}

/**
 * `done`: every call completed; `partial`: some calls failed for good (their
 * cells are recorded as failed and gap repair re-plans them); `failed`: all
 * did. `failureReason` says which and why.
 */
export const BACKFILL_RUN_STATUSES = ['running', 'done', 'partial', 'failed'] as const;
export type BackfillRunStatus = (typeof BACKFILL_RUN_STATUSES)[number];

export interface CreatedRun {
  readonly id: number;
  /** False when an identical request's run was already running and is returned instead. */
  readonly created: boolean;
}

export interface BackfillRunProgress {
  readonly id: number;
  readonly trigger: BackfillTrigger;
  readonly from: IsoDate;
  readonly to: IsoDate;
  readonly symbolCount: number;
  readonly status: BackfillRunStatus;
  readonly failureReason: string | null;
  readonly plannedCalls: number;
  readonly callsDone: number;
  readonly callsFailed: number;
  readonly plannedCells: number;
  readonly cellsDone: number;
  readonly createdAt: Date;
  readonly finishedAt: Date | null;
  /** When a call of the run last finished (done or failed), else when the run was created. */
  readonly lastProgressAt: Date;
}

export interface PendingCall {
  readonly runId: number;
  readonly jobId: string;
  readonly job: Record<string, unknown>;
}

interface ProgressRow {
  id: string;
  trigger: BackfillTrigger;
  from_date: string;
  to_date: string;
  symbol_count: number;
  status: BackfillRunStatus;
  failure_reason: string | null;
  planned_calls: number;
  planned_cells: number;
  calls_done: string;
  calls_failed: string;
  cells_done: string;
  created_at: Date;
  finished_at: Date | null;
  last_progress_at: Date;
}

/** Runs with their calls done and cells done (a done call's cells are in the ledger). */
const PROGRESS_SELECT = `
  SELECT r.id, r.trigger, r.from_date::text AS from_date, r.to_date::text AS to_date, r.symbol_count, r.status,
         r.failure_reason, r.planned_calls, r.planned_cells, r.created_at, r.finished_at,
         count(c.job_id) FILTER (WHERE c.status = 'done') AS calls_done,
         count(c.job_id) FILTER (WHERE c.status = 'failed') AS calls_failed,
         coalesce(sum(c.cell_count) FILTER (WHERE c.status = 'done'), 0) AS cells_done,
         greatest(r.created_at, max(c.done_at)) AS last_progress_at
    FROM data_ingestion.backfill_runs r
    LEFT JOIN data_ingestion.backfill_calls c ON c.run_id = r.id`;

/**
 * Fill plans and their calls (backfill_runs, backfill_calls). A call is
 * marked done by whichever replica handled it, after its ledger rows are
 * written, so progress is the same on every replica and survives a crash.
 */
export class BackfillRunRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Stores the run and its calls in one transaction. When a run with the
   * same request key is already running (an identical request on another
   * replica, committed or about to be), that run is returned instead: the
   * unique index makes the second insert wait for the first and then yield.
   */
  async create(run: NewBackfillRun): Promise<CreatedRun> {
    const problems = runProblems(run);
    if (problems.length > 0) throw new RangeError(`cannot record backfill run: ${problems.join('; ')}`);
    // The running run can finish between our conflict and our read of it: then insert again.
    for (let attempt = 0; attempt < 3; attempt++) {
      const id = await this.insert(run);
      if (id !== null) return { id, created: true };
      const [running]: { id: string }[] = await this.dataSource.query(
        `SELECT id FROM data_ingestion.backfill_runs WHERE request_key = $1 AND status = 'running'`,
        [run.requestKey],
      );
      if (running) return { id: Number(running.id), created: false };
    }
    throw new Error(`backfill run for request ${run.requestKey} kept finishing while being joined`);
  }

  private insert(run: NewBackfillRun): Promise<number | null> {
    const empty = run.calls.length === 0;
    return this.dataSource.transaction(async (manager) => {
      const inserted: { id: string }[] = await manager.query(
        `INSERT INTO data_ingestion.backfill_runs (trigger, from_date, to_date, symbol_count, planned_calls, planned_cells, status, finished_at, request_key)
         VALUES ($1, $2::date, $3::date, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (request_key) WHERE status = 'running' DO NOTHING RETURNING id`,
        [
          run.trigger,
          run.from,
          run.to,
          run.symbolCount,
          run.calls.length,
          run.plannedCells,
          empty ? 'done' : 'running',
          empty ? new Date() : null,
          run.requestKey ?? null,
        ],
      );
      if (inserted.length === 0) return null;
      const id = inserted[0].id;
      if (run.calls.length > 0) {
        await manager.query(
          `INSERT INTO data_ingestion.backfill_calls (run_id, job_id, job, cell_count)
           SELECT $1, j, d, c FROM unnest($2::varchar[], $3::jsonb[], $4::integer[]) AS u(j, d, c)
           ON CONFLICT DO NOTHING`,
          [
            id,
            run.calls.map((c) => c.jobId),
            run.calls.map((c) => JSON.stringify(c.job)),
            run.calls.map((c) => c.cellCount),
          ],
        );
      }
      return Number(id);
    });
  }

  /**
   * Marks every pending call with this job id failed (in every run that
   * planned it) with the error, and finishes runs left with nothing pending
   * (`partial` or `failed`). Returns the ids of the runs that finished.
   */
  async markCallFailed(jobId: string, error: string): Promise<number[]> {
    return this.dataSource.transaction(async (manager) => {
      const [touched]: [{ run_id: string }[], number] = await manager.query(
        `UPDATE data_ingestion.backfill_calls SET status = 'failed', done_at = now(), error = $2
          WHERE job_id = $1 AND status = 'pending' RETURNING run_id`,
        [jobId, error.slice(0, 2000)],
      );
      if (touched.length === 0) return [];
      return this.finishIfComplete(
        manager,
        touched.map((t) => t.run_id),
      );
    });
  }

  /** The failed calls of a run with their errors (what an operator reads after a partial run). */
  async failedCalls(runId: number, limit = 20): Promise<{ jobId: string; error: string | null }[]> {
    const rows: { job_id: string; error: string | null }[] = await this.dataSource.query(
      `SELECT job_id, error FROM data_ingestion.backfill_calls WHERE run_id = $1 AND status = 'failed' ORDER BY job_id LIMIT $2`,
      [runId, limit],
    );
    return rows.map((r) => ({ jobId: r.job_id, error: r.error }));
  }

  /**
   * Marks every pending call with this job id done (in every run that
   * planned it) and finishes runs left with nothing pending. Returns the ids
   * of the runs that finished.
   */
  async markCallDone(jobId: string): Promise<number[]> {
    return this.dataSource.transaction(async (manager) => {
      // UPDATE ... RETURNING comes back as [rows, affectedCount].
      const [touched]: [{ run_id: string }[], number] = await manager.query(
        `UPDATE data_ingestion.backfill_calls SET status = 'done', done_at = now()
          WHERE job_id = $1 AND status = 'pending' RETURNING run_id`,
        [jobId],
      );
      if (touched.length === 0) return [];
      return this.finishIfComplete(
        manager,
        touched.map((t) => t.run_id),
      );
    });
  }

  /** Pending calls of running runs, oldest run first (what a restarted process resumes). */
  async pendingCalls(): Promise<PendingCall[]> {
    const rows: { run_id: string; job_id: string; job: Record<string, unknown> }[] = await this.dataSource.query(
      `SELECT c.run_id, c.job_id, c.job FROM data_ingestion.backfill_calls c
         JOIN data_ingestion.backfill_runs r ON r.id = c.run_id
        WHERE r.status = 'running' AND c.status = 'pending'
        ORDER BY c.run_id, c.job_id`,
    );
    return rows.map((r) => ({ runId: Number(r.run_id), jobId: r.job_id, job: r.job }));
  }

  /** The most recent runs with their progress, newest first. */
  async recent(limit = 5): Promise<BackfillRunProgress[]> {
    const rows: ProgressRow[] = await this.dataSource.query(
      `${PROGRESS_SELECT} GROUP BY r.id ORDER BY r.id DESC LIMIT $1`,
      [limit],
    );
    return rows.map(toProgress);
  }

  async get(id: number): Promise<BackfillRunProgress | null> {
    const rows: ProgressRow[] = await this.dataSource.query(`${PROGRESS_SELECT} WHERE r.id = $1 GROUP BY r.id`, [id]);
    return rows[0] ? toProgress(rows[0]) : null;
  }

  /** Runs with no pending call left get their verdict: done, partial (some calls failed) or failed (all did). */
  private async finishIfComplete(
    manager: { query: DataSource['query'] },
    runIds: readonly string[],
  ): Promise<number[]> {
    const [finished]: [{ id: string }[], number] = await manager.query(
      `WITH tally AS (
         SELECT c.run_id, count(*) AS total, count(*) FILTER (WHERE c.status = 'failed') AS failed,
                min(c.job_id || ': ' || coalesce(c.error, 'no reason recorded')) FILTER (WHERE c.status = 'failed') AS first_error
           FROM data_ingestion.backfill_calls c
          WHERE c.run_id = ANY($1::bigint[])
          GROUP BY c.run_id
         HAVING count(*) FILTER (WHERE c.status = 'pending') = 0)
       UPDATE data_ingestion.backfill_runs r
          SET status = CASE WHEN t.failed = 0 THEN 'done' WHEN t.failed = t.total THEN 'failed' ELSE 'partial' END,
              failure_reason = CASE WHEN t.failed = 0 THEN NULL ELSE t.failed || ' of ' || t.total || ' calls failed; first: ' || t.first_error END,
              finished_at = now()
         FROM tally t
        WHERE r.id = t.run_id AND r.status = 'running'
        RETURNING r.id`,
      [[...new Set(runIds)]],
    );
    return finished.map((f) => Number(f.id));
  }
}

function toProgress(row: ProgressRow): BackfillRunProgress {
  return {
    id: Number(row.id),
    trigger: row.trigger,
    from: row.from_date,
    to: row.to_date,
    symbolCount: row.symbol_count,
    status: row.status,
    failureReason: row.failure_reason,
    plannedCalls: row.planned_calls,
    callsDone: Number(row.calls_done),
    callsFailed: Number(row.calls_failed),
    plannedCells: row.planned_cells,
    cellsDone: Number(row.cells_done),
    createdAt: row.created_at,
    finishedAt: row.finished_at,
    lastProgressAt: row.last_progress_at,
  };
}

function runProblems(run: NewBackfillRun): string[] {
  const problems: string[] = [];
  if (run?.requestKey !== undefined && !/^[0-9a-f]{1,64}$/.test(run.requestKey))
    problems.push(`requestKey must be 1-64 lower-case hex digits`);
  if (!BACKFILL_TRIGGERS.includes(run?.trigger))
    problems.push(`trigger must be one of ${BACKFILL_TRIGGERS.join(', ')}, got ${String(run?.trigger)}`);
  if (!isIsoDate(run?.from) || !isIsoDate(run?.to) || run.from > run.to)
    problems.push(`from/to must be YYYY-MM-DD dates in order, got ${String(run?.from)}..${String(run?.to)}`);
  for (const field of ['symbolCount', 'plannedCells'] as const) {
    if (!Number.isSafeInteger(run?.[field]) || run[field] < 0)
      problems.push(`${field} must be a whole number >= 0, got ${String(run?.[field])}`);
  }
  run?.calls?.forEach((call, i) => {
    if (typeof call.jobId !== 'string' || call.jobId.length === 0 || call.jobId.length > 200)
      problems.push(`calls[${i}].jobId must be 1-200 characters`);
    if (!Number.isSafeInteger(call.cellCount) || call.cellCount < 0)
      problems.push(`calls[${i}].cellCount must be a whole number >= 0`);
  });
  return problems;
}
