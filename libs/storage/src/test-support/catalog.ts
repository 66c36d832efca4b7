import { Client } from 'pg';

export interface CatalogSnapshot {
  /** "table.column type [not null] [default expr]" */
  readonly columns: string[];
  /** "table constraint-name definition" */
  readonly constraints: string[];
  /** CREATE INDEX statements as pg_indexes prints them. */
  readonly indexes: string[];
  readonly tables: string[];
}

/** Reads the data_ingestion schema back from pg_catalog, sorted for comparison. */
export async function readCatalog(url: string): Promise<CatalogSnapshot> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const columns = await client.query<{ line: string }>(`
      SELECT c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
             || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END
             || COALESCE(' default ' || pg_get_expr(d.adbin, d.adrelid), '') AS line
        FROM pg_attribute a
        JOIN pg_class c ON c.oid = a.attrelid AND c.relkind = 'r'
        JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'data_ingestion'
        LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
       WHERE a.attnum > 0 AND NOT a.attisdropped`);
    const constraints = await client.query<{ line: string }>(`
      SELECT c.relname || ' ' || k.conname || ' ' || pg_get_constraintdef(k.oid) AS line
        FROM pg_constraint k
        JOIN pg_class c ON c.oid = k.conrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'data_ingestion'`);
    const indexes = await client.query<{ line: string }>(
      `SELECT indexdef AS line FROM pg_indexes WHERE schemaname = 'data_ingestion'`,
    );
    const tables = await client.query<{ line: string }>(
      `SELECT table_name AS line FROM information_schema.tables
        WHERE table_schema = 'data_ingestion' AND table_type = 'BASE TABLE'`,
    );
    const lines = (r: { rows: { line: string }[] }) => r.rows.map((row) => row.line).sort();
    return {
      columns: lines(columns),
      constraints: lines(constraints),
      indexes: lines(indexes),
      tables: lines(tables),
    };
  } finally {
    await client.end();
  }
}
