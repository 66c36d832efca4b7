import { spawnSync } from 'node:child_process';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createDataSourceOptions } from '../config/data-source-options';
import { readCatalog } from '../../test-support/catalog';
import { createStorageTestDatabase, useStorageTestDatabase } from '../../test-support/test-database';
import { STORAGE_MIGRATIONS } from './index';
import { runMigrations } from './run-migrations';

const TS = 'timestamp without time zone';
const TSTZ = 'timestamp with time zone';
const vc = (n: number) => `character varying(${n})`;

/**
 * The seed document's schema (the original specification, docs/ARCHITECTURE.md),
 * column by column as PostgreSQL prints it. PRIMARY KEY columns are NOT NULL.
 */
const SEED: Record<string, string[]> = {
  symbols: [
    `symbol ${vc(10)} not null`,
    `name ${vc(255)}`,
    `exchange ${vc(50)}`,
    `sector ${vc(100)}`,
    `market_cap bigint`,
    `status ${vc(20)} default 'active'::character varying`,
    `added_date ${TS} default now()`,
    `last_updated ${TS} default now()`,
    // SymbolType1764500000000
    `type ${vc(20)}`,
  ],
  delisted_symbols: [
    `symbol ${vc(10)} not null`,
    `delist_date date`,
    `last_price numeric(10,2)`,
    `notes text`,
    `created_at ${TS} default now()`,
  ],
  symbol_data_status: [
    `symbol ${vc(10)} not null`,
    `date date not null`,
    `data_source ${vc(50)} not null`,
    `status ${vc(20)}`,
    `error_message text`,
    `last_attempt ${TS} default now()`,
  ],
  market_data: [
    `id integer not null default nextval('data_ingestion.market_data_id_seq'::regclass)`,
    `symbol ${vc(10)} not null`,
    `timestamp ${TSTZ} not null`,
    `open numeric(10,4) not null`,
    `high numeric(10,4) not null`,
    `low numeric(10,4) not null`,
    `close numeric(10,4) not null`,
    `volume bigint not null`,
    `source ${vc(20)} not null`,
    `created_at ${TSTZ} default now()`,
  ],
  data_quality_logs: [
    `id integer not null default nextval('data_ingestion.data_quality_logs_id_seq'::regclass)`,
    `symbol ${vc(10)}`,
    `check_type ${vc(50)} not null`,
    `status ${vc(20)} not null`,
    `message text`,
    `timestamp ${TSTZ} default now()`,
  ],
  provider_config: [
    `provider_name ${vc(50)} not null`,
    `api_key_hash ${vc(255)}`,
    `rate_limit_per_minute integer`,
    `is_active boolean default true`,
    `last_updated ${TSTZ} default now()`,
  ],
};

/** Deliberate changes to seed columns (libs/storage/README.md): column -> new definition. */
const CHANGED: Record<string, string> = {
  'market_data.id': `id bigint not null default nextval('data_ingestion.market_data_id_seq'::regclass)`,
  'market_data.open': 'open numeric(18,6) not null',
  'market_data.high': 'high numeric(18,6) not null',
  'market_data.low': 'low numeric(18,6) not null',
  'market_data.close': 'close numeric(18,6) not null',
  // FractionalVolume1764400000000: Polygon reports fractional-share volumes.
  'market_data.volume': 'volume numeric(25,6) not null',
};
const ADDED_TO_SEED_TABLES = ['data_quality_logs.details jsonb'];

const N = 'numeric not null';
/** Tables the seed does not have: the Alpaca monitor's and TypeORM's bookkeeping. */
const EXTRA_TABLES: Record<string, string[]> = {
  account_snapshots: [
    `id bigint not null default nextval('data_ingestion.account_snapshots_id_seq'::regclass)`,
    `account_id ${vc(64)} not null`,
    `account_number ${vc(64)} not null`,
    `status ${vc(32)} not null`,
    `currency ${vc(8)} not null`,
    `equity ${N}`,
    `last_equity ${N}`,
    `cash ${N}`,
    `buying_power ${N}`,
    `portfolio_value ${N}`,
    `long_market_value ${N}`,
    `short_market_value ${N}`,
    `initial_margin ${N}`,
    `maintenance_margin ${N}`,
    `daytrade_count integer not null`,
    `pattern_day_trader boolean not null`,
    `trading_blocked boolean not null`,
    `account_blocked boolean not null`,
    `captured_at ${TSTZ} not null`,
  ],
  positions: [
    `asset_id ${vc(64)} not null`,
    `symbol ${vc(20)} not null`,
    `exchange ${vc(20)} not null`,
    `asset_class ${vc(20)} not null`,
    `side ${vc(8)} not null`,
    `qty ${N}`,
    `avg_entry_price ${N}`,
    `market_value ${N}`,
    `cost_basis ${N}`,
    `unrealized_pl ${N}`,
    `current_price ${N}`,
    `lastday_price ${N}`,
    `updated_at ${TSTZ} not null default now()`,
  ],
  orders: [
    `id ${vc(64)} not null`,
    `client_order_id ${vc(128)} not null`,
    `symbol ${vc(20)} not null`,
    `asset_class ${vc(20)} not null`,
    `side ${vc(8)} not null`,
    `type ${vc(20)} not null`,
    `time_in_force ${vc(8)} not null`,
    `status ${vc(32)} not null`,
    'qty numeric',
    'notional numeric',
    `filled_qty ${N}`,
    'filled_avg_price numeric',
    'limit_price numeric',
    'stop_price numeric',
    `created_at ${TSTZ} not null`,
    `updated_at ${TSTZ} not null`,
    `submitted_at ${TSTZ} not null`,
    `filled_at ${TSTZ}`,
    `canceled_at ${TSTZ}`,
  ],
  order_status_history: [
    `id bigint not null default nextval('data_ingestion.order_status_history_id_seq'::regclass)`,
    `order_id ${vc(64)} not null`,
    `status ${vc(32)} not null`,
    `updated_at ${TSTZ} not null`,
    `recorded_at ${TSTZ} not null default now()`,
  ],
  fills: [
    `id ${vc(128)} not null`,
    `order_id ${vc(64)} not null`,
    `symbol ${vc(20)} not null`,
    `side ${vc(8)} not null`,
    `type ${vc(16)} not null`,
    `price ${N}`,
    `qty ${N}`,
    `cum_qty ${N}`,
    `leaves_qty ${N}`,
    `order_status ${vc(32)} not null`,
    `transaction_time ${TSTZ} not null`,
  ],
  monitor_watermarks: [`name ${vc(100)} not null`, 'value text not null', `updated_at ${TSTZ} not null default now()`],
  // polygon-ingestor: corporate-actions ledger and backfill plans (PolygonIngestorTables1764100000000).
  corporate_actions: [
    `symbol ${vc(10)} not null`,
    `action_type ${vc(20)} not null`,
    'ex_date date not null',
    'split_from numeric',
    'split_to numeric',
    'cash_amount numeric',
    'pay_date date',
    'declaration_date date',
    'frequency integer',
    `dividend_type ${vc(10)}`,
    `source ${vc(20)} not null`,
    `recorded_at ${TSTZ} not null default now()`,
  ],
  corporate_action_coverage: [
    `action_type ${vc(20)} not null`,
    'covered_from date not null',
    'covered_through date not null',
    `updated_at ${TSTZ} not null default now()`,
  ],
  backfill_runs: [
    `id bigint not null default nextval('data_ingestion.backfill_runs_id_seq'::regclass)`,
    `trigger ${vc(20)} not null`,
    'from_date date not null',
    'to_date date not null',
    'symbol_count integer not null',
    'planned_calls integer not null',
    'planned_cells integer not null',
    `status ${vc(20)} not null default 'running'::character varying`,
    `created_at ${TSTZ} not null default now()`,
    `finished_at ${TSTZ}`,
    // BackfillRunVerdicts1764300000000
    'failure_reason text',
    `request_key ${vc(64)}`,
  ],
  backfill_calls: [
    'run_id bigint not null',
    `job_id ${vc(200)} not null`,
    'job jsonb not null',
    'cell_count integer not null',
    `status ${vc(20)} not null default 'pending'::character varying`,
    `done_at ${TSTZ}`,
    'error text',
  ],
  reference_tickers: [
    `symbol ${vc(10)} not null`,
    `name ${vc(255)}`,
    `exchange ${vc(50)}`,
    `type ${vc(20)}`,
    'active boolean not null',
    'delisted_date date',
    'last_seen date',
    `source ${vc(20)} not null`,
    `updated_at ${TSTZ} not null default now()`,
    'checked_through date',
  ],
  // ChangeWatermarksAndFindings1764600000000: change watermarks and the findings ledger.
  market_data_changes: [
    `symbol ${vc(10)} not null`,
    `source ${vc(20)} not null`,
    'change_seq bigint not null',
    `changed_at ${TSTZ} not null default now()`,
    `first_changed_at ${TSTZ}`,
  ],
  corporate_action_changes: [
    `symbol ${vc(10)} not null`,
    `action_type ${vc(20)} not null`,
    'change_seq bigint not null',
    `changed_at ${TSTZ} not null default now()`,
  ],
  quality_findings: [
    `id bigint not null default nextval('data_ingestion.quality_findings_id_seq'::regclass)`,
    `finding_key ${vc(200)} not null`,
    `check_type ${vc(50)} not null`,
    `code ${vc(50)} not null`,
    `symbol ${vc(10)}`,
    'session_date date',
    'detail text not null',
    `first_seen_at ${TSTZ} not null`,
    `first_seen_run ${vc(100)} not null`,
    `last_seen_at ${TSTZ} not null`,
    `last_seen_run ${vc(100)} not null`,
    `resolved_at ${TSTZ}`,
    `resolved_run ${vc(100)}`,
  ],
  // QualityBaseline1764700000000: the incremental quality run's baseline.
  quality_baseline: [
    'id smallint not null default 1',
    'generation bigint not null',
    'change_seq bigint not null',
    'fingerprint text not null',
    `run_id ${vc(100)} not null`,
    `full_run_at ${TSTZ} not null`,
    `updated_at ${TSTZ} not null`,
  ],
  quality_symbol_state: [
    `symbol ${vc(10)} not null`,
    'bars integer not null',
    'first_session_day date',
    'last_session_day date',
    'last_bar_day date not null',
    'window_start_day date',
    'expected integer not null',
    'missing integer not null',
    'findings jsonb not null',
    `checked_run ${vc(100)} not null`,
    // QualityPriceWindow1764800000000: the price-jump window incremental runs judge new sessions by.
    'window_days bytea',
    'window_log_closes bytea',
    'window_last_close double precision',
  ],
  schema_migrations: [
    `id integer not null default nextval('data_ingestion.schema_migrations_id_seq'::regclass)`,
    'timestamp bigint not null',
    `name character varying not null`,
  ],
};

const SEED_INDEXES = [
  'CREATE INDEX idx_symbols_status ON data_ingestion.symbols USING btree (status)',
  'CREATE INDEX idx_symbol_data_status_symbol_date ON data_ingestion.symbol_data_status USING btree (symbol, date)',
  'CREATE INDEX idx_market_data_symbol_timestamp ON data_ingestion.market_data USING btree (symbol, "timestamp")',
  'CREATE INDEX idx_market_data_timestamp ON data_ingestion.market_data USING btree ("timestamp")',
  'CREATE INDEX idx_data_quality_logs_timestamp ON data_ingestion.data_quality_logs USING btree ("timestamp")',
];
const EXTRA_INDEXES = [
  'CREATE INDEX idx_account_snapshots_captured_at ON data_ingestion.account_snapshots USING btree (captured_at)',
  'CREATE INDEX idx_positions_symbol ON data_ingestion.positions USING btree (symbol)',
  'CREATE INDEX idx_orders_status ON data_ingestion.orders USING btree (status)',
  'CREATE INDEX idx_orders_submitted_at ON data_ingestion.orders USING btree (submitted_at)',
  'CREATE INDEX idx_fills_order_id ON data_ingestion.fills USING btree (order_id)',
  'CREATE INDEX idx_fills_transaction_time ON data_ingestion.fills USING btree (transaction_time)',
  'CREATE INDEX idx_corporate_actions_ex_date ON data_ingestion.corporate_actions USING btree (ex_date)',
  'CREATE INDEX idx_backfill_runs_status ON data_ingestion.backfill_runs USING btree (status)',
  'CREATE INDEX idx_backfill_calls_job_id ON data_ingestion.backfill_calls USING btree (job_id)',
  'CREATE INDEX idx_market_data_changes_change_seq ON data_ingestion.market_data_changes USING btree (change_seq)',
  'CREATE INDEX idx_corporate_action_changes_change_seq ON data_ingestion.corporate_action_changes USING btree (change_seq)',
  'CREATE INDEX idx_quality_findings_symbol ON data_ingestion.quality_findings USING btree (symbol)',
];
/** Unique indexes that back no constraint (a partial one cannot). */
const PARTIAL_UNIQUE_INDEXES = [
  "CREATE UNIQUE INDEX uq_backfill_runs_running_request ON data_ingestion.backfill_runs USING btree (request_key) WHERE ((status)::text = 'running'::text)",
  'CREATE UNIQUE INDEX uq_quality_findings_open_key ON data_ingestion.quality_findings USING btree (finding_key) WHERE (resolved_at IS NULL)',
];

const SEED_CONSTRAINTS = [
  'symbols symbols_pkey PRIMARY KEY (symbol)',
  'delisted_symbols delisted_symbols_pkey PRIMARY KEY (symbol)',
  'symbol_data_status symbol_data_status_pkey PRIMARY KEY (symbol, date, data_source)',
  'market_data market_data_pkey PRIMARY KEY (id)',
  'market_data market_data_symbol_timestamp_source_key UNIQUE (symbol, "timestamp", source)',
  'data_quality_logs data_quality_logs_pkey PRIMARY KEY (id)',
  'provider_config provider_config_pkey PRIMARY KEY (provider_name)',
];
const EXTRA_CONSTRAINTS = [
  'account_snapshots account_snapshots_pkey PRIMARY KEY (id)',
  'account_snapshots account_snapshots_account_id_captured_at_key UNIQUE (account_id, captured_at)',
  'positions positions_pkey PRIMARY KEY (asset_id)',
  'orders orders_pkey PRIMARY KEY (id)',
  'order_status_history order_status_history_pkey PRIMARY KEY (id)',
  'order_status_history order_status_history_order_id_status_updated_at_key UNIQUE (order_id, status, updated_at)',
  'fills fills_pkey PRIMARY KEY (id)',
  'monitor_watermarks monitor_watermarks_pkey PRIMARY KEY (name)',
  'corporate_actions corporate_actions_pkey PRIMARY KEY (symbol, action_type, ex_date)',
  'corporate_action_coverage corporate_action_coverage_pkey PRIMARY KEY (action_type)',
  'backfill_runs backfill_runs_pkey PRIMARY KEY (id)',
  'backfill_calls backfill_calls_pkey PRIMARY KEY (run_id, job_id)',
  'reference_tickers reference_tickers_pkey PRIMARY KEY (symbol)',
  'market_data_changes market_data_changes_pkey PRIMARY KEY (symbol, source)',
  'corporate_action_changes corporate_action_changes_pkey PRIMARY KEY (symbol, action_type)',
  'quality_findings quality_findings_pkey PRIMARY KEY (id)',
  'quality_baseline quality_baseline_pkey PRIMARY KEY (id)',
  'quality_baseline chk_quality_baseline_single_row CHECK ((id = 1))',
  'quality_symbol_state quality_symbol_state_pkey PRIMARY KEY (symbol)',
  'quality_symbol_state chk_quality_symbol_state_window CHECK ((((window_days IS NULL) = (window_log_closes IS NULL)) AND ((window_days IS NULL) = (window_last_close IS NULL)) AND ((window_days IS NULL) OR (octet_length(window_log_closes) = (2 * octet_length(window_days))))))',
  // TypeORM names its bookkeeping table's key itself.
  expect.stringMatching(/^schema_migrations PK_\w+ PRIMARY KEY \(id\)$/),
];

function expectedColumns(): string[] {
  const lines: string[] = [];
  for (const [table, columns] of Object.entries(SEED)) {
    for (const column of columns) {
      const key = `${table}.${column.split(' ')[0]}`;
      lines.push(`${table}.${CHANGED[key] ?? column}`);
    }
  }
  lines.push(...ADDED_TO_SEED_TABLES);
  for (const [table, columns] of Object.entries(EXTRA_TABLES)) {
    lines.push(...columns.map((column) => `${table}.${column}`));
  }
  return lines.sort();
}

async function migrationRows(url: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<{ n: string }>('SELECT count(*) AS n FROM data_ingestion.schema_migrations');
    return Number(result.rows[0]?.n);
  } finally {
    await client.end();
  }
}

describe('migrations', () => {
  const db = useStorageTestDatabase();

  it('create exactly the seed tables, columns, constraints and indexes, plus the documented extras', async () => {
    const catalog = await readCatalog(db.url);
    expect(catalog.tables).toEqual([...Object.keys(SEED), ...Object.keys(EXTRA_TABLES)].sort());
    expect(catalog.columns).toEqual(expectedColumns());
    expect(catalog.indexes.filter((i) => !i.startsWith('CREATE UNIQUE INDEX'))).toEqual(
      [...SEED_INDEXES, ...EXTRA_INDEXES].sort(),
    );
    expect(catalog.indexes).toEqual(expect.arrayContaining(PARTIAL_UNIQUE_INDEXES));
    expect(catalog.constraints).toHaveLength(SEED_CONSTRAINTS.length + EXTRA_CONSTRAINTS.length);
    expect(catalog.constraints).toEqual(expect.arrayContaining([...SEED_CONSTRAINTS, ...EXTRA_CONSTRAINTS]));
  });

  it('a second run changes nothing', async () => {
    const before = await readCatalog(db.url);
    const rowsBefore = await migrationRows(db.url);
    expect(rowsBefore).toBe(STORAGE_MIGRATIONS.length);

    await expect(runMigrations(db.url)).resolves.toEqual({ applied: [] });

    expect(await readCatalog(db.url)).toEqual(before);
    expect(await migrationRows(db.url)).toBe(rowsBefore);
  });

  it('the entities describe the migrated schema exactly (TypeORM would change nothing)', async () => {
    const dataSource = new DataSource(createDataSourceOptions(db.url, { poolSize: 1 }));
    await dataSource.initialize();
    try {
      const pending = await dataSource.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
    } finally {
      await dataSource.destroy();
    }
  });
});

describe('migrations run concurrently', () => {
  it('apply each migration once when three runners race on an empty database', async () => {
    const db = await createStorageTestDatabase();
    try {
      // createStorageTestDatabase migrated it; reset to empty to race from zero.
      await db.dataSource.query('DROP SCHEMA data_ingestion CASCADE');
      const results = await Promise.all([1, 2, 3].map(() => runMigrations(db.url)));
      const applied = results.flatMap((r) => r.applied).sort();
      expect(applied).toEqual(STORAGE_MIGRATIONS.map((m) => m.name).sort());
      expect(await migrationRows(db.url)).toBe(STORAGE_MIGRATIONS.length);
    } finally {
      await db.drop();
    }
  });
});

describe('migrate CLI', () => {
  const cli = (env: Record<string, string>) =>
    spawnSync(process.execPath, ['-r', '@swc-node/register', 'libs/storage/src/bin/migrate.ts'], {
      cwd: `${__dirname}/../../../../..`,
      env: { PATH: process.env['PATH'] ?? '', SWC_NODE_PROJECT: 'tsconfig.base.json', ...env },
      encoding: 'utf8',
      timeout: 60_000,
    });

  it.each([
    ['missing', {}, /^migrate: DATABASE_URL is not set/],
    ['empty', { DATABASE_URL: '' }, /^migrate: DATABASE_URL is not set/],
    [
      'not a URL',
      { DATABASE_URL: 'localhost:5432' },
      /^migrate: DATABASE_URL has protocol|^migrate: DATABASE_URL is malformed/,
    ],
    ['wrong protocol', { DATABASE_URL: 'mysql://root@127.0.0.1/db' }, /^migrate: DATABASE_URL has protocol "mysql:"/],
    [
      'no database',
      { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432' },
      /^migrate: DATABASE_URL must name a host and a database/,
    ],
  ])('exits 1 with one line naming DATABASE_URL when it is %s', (_case, env, message) => {
    const run = cli(env);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
  });

  it('applies migrations, then says the schema is up to date', async () => {
    const db = await createStorageTestDatabase();
    try {
      await db.dataSource.query('DROP SCHEMA data_ingestion CASCADE');
      const first = cli({ DATABASE_URL: db.url });
      expect(first.status).toBe(0);
      expect(first.stdout.trim().split('\n')).toEqual(STORAGE_MIGRATIONS.map((m) => `migrate: applied ${m.name}`));
      const second = cli({ DATABASE_URL: db.url });
      expect(second.status).toBe(0);
      expect(second.stdout.trim()).toBe('migrate: schema up to date');
    } finally {
      await db.drop();
    }
  }, 60_000);
});
