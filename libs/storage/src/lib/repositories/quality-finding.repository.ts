import type { DataSource } from 'typeorm';

/** One finding as a run saw it; `key` is its identity across runs (domain's findingKey). */
export interface SeenFinding {
  readonly key: string;
  readonly checkType: string;
  readonly code: string;
  readonly symbol: string | null;
  readonly date: string | null;
  readonly detail: string;
}

export interface FindingReconciliation {
  readonly runId: string;
  /** When the run saw what it saw: first/last seen and resolved times. */
  readonly seenAt: Date;
  readonly findings: readonly SeenFinding[];
  /**
   * What the run looked at: 'all' (a full run: every open finding it did not
   * see is resolved, market-wide ones too) or these symbols (only their open
   * findings can be resolved).
   */
  readonly scope: 'all' | readonly string[];
}

export interface FindingLifecycleCounts {
  /** Findings no open finding had: opened by this run. */
  readonly new: number;
  /** Open findings this run saw again. */
  readonly persisting: number;
  /** Open findings within the scope this run no longer saw: resolved now. */
  readonly resolved: number;
}

export type FindingStatus = 'open' | 'resolved';

export interface StoredFinding {
  readonly id: string;
  readonly checkType: string;
  readonly code: string;
  readonly symbol: string | null;
  readonly date: string | null;
  readonly detail: string;
  readonly firstSeenAt: Date;
  readonly firstSeenRun: string;
  readonly lastSeenAt: Date;
  readonly lastSeenRun: string;
  readonly resolvedAt: Date | null;
  readonly resolvedRun: string | null;
}

export interface FindingQuery {
  readonly status: FindingStatus;
  readonly symbol?: string;
  readonly limit: number;
}

/**
 * Opens the findings no open row has and refreshes the open ones seen again,
 * in one statement: the partial unique index (one open row per key) is the
 * arbiter, and `xmax = 0` tells an inserted row from an updated one.
 */
const UPSERT_SEEN_SQL = `
WITH seen AS (
  INSERT INTO data_ingestion.quality_findings AS f
         (finding_key, check_type, code, symbol, session_date, detail,
          first_seen_at, first_seen_run, last_seen_at, last_seen_run)
  SELECT k, c, o, s, d, t, $7, $8, $7, $8
    FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::varchar[], $5::date[], $6::text[]) AS u(k, c, o, s, d, t)
   ORDER BY k
  ON CONFLICT (finding_key) WHERE resolved_at IS NULL DO UPDATE
     SET detail = EXCLUDED.detail, last_seen_at = EXCLUDED.last_seen_at, last_seen_run = EXCLUDED.last_seen_run
  RETURNING (xmax = 0) AS inserted
)
SELECT count(*) FILTER (WHERE inserted)::int AS new, count(*) FILTER (WHERE NOT inserted)::int AS persisting FROM seen`;

/** Resolves the open findings of the scope ($3 null: everything) that the run did not see. */
const RESOLVE_UNSEEN_SQL = `
WITH resolved AS (
  UPDATE data_ingestion.quality_findings
     SET resolved_at = $1, resolved_run = $2
   WHERE resolved_at IS NULL
     AND last_seen_run <> $2
     AND ($3::varchar[] IS NULL OR symbol = ANY($3::varchar[]))
  RETURNING 1
)
SELECT count(*)::int AS resolved FROM resolved`;

const SELECT_COLUMNS = `id::text AS id, check_type AS "checkType", code, symbol, session_date::text AS date, detail,
  first_seen_at AS "firstSeenAt", first_seen_run AS "firstSeenRun", last_seen_at AS "lastSeenAt",
  last_seen_run AS "lastSeenRun", resolved_at AS "resolvedAt", resolved_run AS "resolvedRun"`;

/**
 * The findings ledger (data_ingestion.quality_findings): what each quality
 * run saw, kept across runs, so a report can say what is new, what persists
 * and what was fixed, and a fixed finding keeps the time it was fixed.
 */
export class QualityFindingRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Records one run's findings, in one transaction: new ones opened,
   * persisting ones marked seen by this run (first_seen kept), open ones in
   * the scope that this run did not see resolved at `seenAt`. Runs of one
   * ledger must not reconcile concurrently (the quality run's lock).
   */
  async reconcile(run: FindingReconciliation): Promise<FindingLifecycleCounts> {
    const byKey = new Map<string, SeenFinding>();
    for (const finding of run.findings) if (!byKey.has(finding.key)) byKey.set(finding.key, finding);
    const seen = [...byKey.values()];
    const seenAt = run.seenAt.toISOString();
    return this.dataSource.transaction(async (manager) => {
      const counted: { new: number; persisting: number }[] = await manager.query(UPSERT_SEEN_SQL, [
        seen.map((f) => f.key),
        seen.map((f) => f.checkType),
        seen.map((f) => f.code),
        seen.map((f) => f.symbol),
        seen.map((f) => f.date),
        seen.map((f) => f.detail),
        seenAt,
        run.runId,
      ]);
      const resolved: { resolved: number }[] = await manager.query(RESOLVE_UNSEEN_SQL, [
        seenAt,
        run.runId,
        run.scope === 'all' ? null : [...run.scope],
      ]);
      return {
        new: counted[0]?.new ?? 0,
        persisting: counted[0]?.persisting ?? 0,
        resolved: resolved[0]?.resolved ?? 0,
      };
    });
  }

  /**
   * Open findings (oldest first seen first) or resolved ones (latest resolved
   * first), then by symbol (market-wide last), session and code; of one
   * symbol or of all, at most `limit`.
   */
  list(query: FindingQuery): Promise<StoredFinding[]> {
    const open = query.status === 'open';
    return this.dataSource.query(
      `SELECT ${SELECT_COLUMNS} FROM data_ingestion.quality_findings
        WHERE (resolved_at IS NULL) = $1 AND ($2::varchar IS NULL OR symbol = $2::varchar)
        ORDER BY ${open ? 'first_seen_at' : 'resolved_at DESC'}, symbol, session_date, code, id
        LIMIT $3`,
      [open, query.symbol ?? null, query.limit],
    );
  }
}
