import type { FaultSystem } from './system';

type Activity = Record<string, string>;

/** Every FILL activity the Alpaca simulator holds, read straight from it (ascending by id). */
export async function simulatorFills(system: FaultSystem): Promise<Activity[]> {
  const all: Activity[] = [];
  let token: string | undefined;
  for (;;) {
    const query = new URLSearchParams({
      activity_types: 'FILL',
      direction: 'asc',
      page_size: '100',
      ...(token ? { page_token: token } : {}),
    });
    const response = await fetch(`${system.alpaca.url}/v2/account/activities?${query}`, {
      headers: { 'APCA-API-KEY-ID': system.secrets.alpacaKeyId, 'APCA-API-SECRET-KEY': system.secrets.alpacaSecretKey },
    });
    if (!response.ok) throw new Error(`alpaca simulator answered ${response.status}: ${await response.text()}`);
    const page = (await response.json()) as Activity[];
    all.push(...page);
    if (page.length < 100) return all;
    token = page[page.length - 1]['id'];
  }
}

export interface FillsVerdict {
  readonly expected: number;
  readonly stored: number;
  readonly missing: string[];
  readonly unexpected: string[];
  readonly differing: string[];
}

/** The fills table against the simulator's fills: the same ids, each once, equal symbol, side, type, price and quantities. */
export async function compareFills(system: FaultSystem): Promise<FillsVerdict> {
  const served = await simulatorFills(system);
  const rows = await system.sql<Record<string, string>>(
    `SELECT id, symbol, side, type, price::text AS price, qty::text AS qty, cum_qty::text AS cum_qty, leaves_qty::text AS leaves_qty FROM data_ingestion.fills`,
  );
  const byId = new Map(served.map((fill) => [fill['id'], fill]));
  const seen = new Set<string>();
  const unexpected: string[] = [];
  const differing: string[] = [];
  for (const row of rows) {
    const source = byId.get(row['id']);
    if (!source || seen.has(row['id'])) {
      unexpected.push(row['id']);
      continue;
    }
    seen.add(row['id']);
    const fields = ['symbol', 'side', 'type'].filter((f) => row[f] !== source[f]);
    fields.push(...['price', 'qty', 'cum_qty', 'leaves_qty'].filter((f) => Number(row[f]) !== Number(source[f])));
    if (fields.length > 0) differing.push(`${row['id']}: ${fields.join(', ')}`);
  }
  const missing = served.map((fill) => fill['id']).filter((id) => !seen.has(id));
  return {
    expected: served.length,
    stored: rows.length,
    missing: missing.slice(0, 10),
    unexpected: unexpected.slice(0, 10),
    differing: differing.slice(0, 10),
  };
}

/** True once the table holds exactly the simulator's fills (the condition a case waits for). */
export async function fillsComplete(system: FaultSystem): Promise<boolean> {
  const verdict = await compareFills(system);
  return verdict.missing.length === 0 && verdict.unexpected.length === 0 && verdict.differing.length === 0;
}
