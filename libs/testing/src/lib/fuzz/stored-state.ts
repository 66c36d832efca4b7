/** Runs one SQL query and resolves to its rows (a TypeORM DataSource's `query` fits). */
export type SqlQuery = (sql: string) => Promise<Array<Record<string, unknown>>>;

/** Per table of a schema: its row count and an md5 of all its rows; equal snapshots mean nothing was stored, changed or deleted. */
export type StoredState = Readonly<Record<string, string>>;

/**
 * Snapshots every table of `schema` in one query (row count and md5 of the
 * rows' text, in a fixed order), so a test can tell whether a request
 * stored anything. The table list is read once, at the first snapshot.
 */
export function storedStateReader(query: SqlQuery, schema = 'data_ingestion'): () => Promise<StoredState> {
  let snapshotSql: string | undefined;
  return async () => {
    if (!snapshotSql) {
      const tables = await query(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = '${schema}' AND table_type = 'BASE TABLE' ORDER BY table_name`,
      );
      if (tables.length === 0) throw new Error(`schema ${schema} has no tables to snapshot`);
      snapshotSql = tables
        .map(
          ({ table_name: table }) =>
            `SELECT '${String(table)}' AS name, count(*) || ':' || md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS state FROM "${schema}"."${String(table)}" t`,
        )
        .join(' UNION ALL ');
    }
    const rows = await query(snapshotSql);
    return Object.fromEntries(rows.map((row) => [String(row['name']), String(row['state'])]));
  };
}

/** The row count in a table's snapshot (absent: the table did not exist). */
export function rowCount(state: string | undefined): string {
  return state === undefined ? 'none' : state.slice(0, state.indexOf(':'));
}

/** The tables whose snapshot differs. */
export function changedTables(before: StoredState, after: StoredState): string[] {
  return [...new Set([...Object.keys(before), ...Object.keys(after)])]
    .filter((table) => before[table] !== after[table])
    .sort();
}

/**
 * Waits until `idle()` holds and the snapshot has stayed the same for
 * `quietMs` (work a request started in the background is finished and has
 * stopped writing), polling every 250 ms; throws after `timeoutMs`, since a
 * later request's check could not be trusted.
 */
export async function settle(
  read: () => Promise<StoredState>,
  options: { idle?: () => Promise<boolean>; quietMs?: number; timeoutMs?: number } = {},
): Promise<void> {
  const quietMs = options.quietMs ?? 500;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const deadline = Date.now() + timeoutMs;
  let previous = await read();
  let quietSince = Date.now();
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const current = await read();
    const idle = (await options.idle?.()) ?? true;
    if (!idle || changedTables(previous, current).length > 0) quietSince = Date.now();
    else if (Date.now() - quietSince >= quietMs) return;
    previous = current;
  }
  throw new Error(`the stored state did not settle within ${timeoutMs} ms of an accepted write`);
}
