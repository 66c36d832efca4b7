import { MARKET_DATA_SOURCES, SYMBOL_STATUSES, US_EQUITY_SYMBOL } from '@mdi/domain';
import type { SchemaObject } from '@nestjs/swagger';

/**
 * OpenAPI shapes of the polygon-ingestor's requests and answers: light (the
 * fields a client reads), built from the views the controllers return
 * (planView, progressView, the status service) and the domain's rules.
 */

export const TICKER: SchemaObject = {
  type: 'string',
  pattern: US_EQUITY_SYMBOL.source,
  example: 'AAPL',
  description: 'US equity ticker as Polygon spells it (BRK.B)',
};
export const SESSION_DATE: SchemaObject = { type: 'string', format: 'date', example: '2025-06-30' };

/** An object of whole-number counts, one per name. */
const COUNTS = (...names: string[]): SchemaObject => ({
  type: 'object',
  properties: Object.fromEntries(names.map((name) => [name, { type: 'integer' }])),
});

export const SYMBOL_SCHEMA: SchemaObject = {
  type: 'object',
  properties: {
    symbol: TICKER,
    name: { type: 'string', nullable: true },
    exchange: { type: 'string', nullable: true, example: 'XNAS' },
    sector: { type: 'string', nullable: true },
    marketCap: { type: 'integer', format: 'int64', nullable: true, description: 'whole US dollars' },
    status: { type: 'string', enum: [...SYMBOL_STATUSES] },
  },
};

export const SYMBOL_LIST_SCHEMA: SchemaObject = {
  type: 'object',
  properties: { count: { type: 'integer' }, symbols: { type: 'array', items: SYMBOL_SCHEMA } },
};

export const NEW_SYMBOL_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['symbol'],
  additionalProperties: false,
  properties: { symbol: TICKER, sector: { type: 'string', maxLength: 100, nullable: true } },
};

const CALL_BUDGET: SchemaObject = {
  type: 'object',
  properties: {
    calls: { type: 'integer', description: 'Polygon calls per window, all replicas together' },
    windowMs: { type: 'integer' },
  },
};

export const PLAN_SCHEMA: SchemaObject = {
  type: 'object',
  properties: {
    from: SESSION_DATE,
    to: SESSION_DATE,
    symbols: { type: 'integer' },
    sessions: { type: 'integer' },
    expectedCells: { type: 'integer', description: 'symbols x sessions' },
    missingCells: { type: 'integer', description: 'cells no source has settled: what the primary source fills' },
    settledCells: { type: 'integer' },
    primarySource: { type: 'string', enum: ['polygon', 'alpaca'], description: 'HISTORICAL_DATA_SOURCE' },
    secondarySource: {
      type: 'string',
      enum: ['none', 'polygon', 'alpaca'],
      description: 'BACKFILL_SECONDARY_SOURCE: confirms the cells its own ledger lacks',
    },
    calls: COUNTS('total', 'groupedDaily', 'aggregatesRange', 'stockBars'),
    naiveCalls: { type: 'integer', description: "one Polygon call per symbol and session of Polygon's cells" },
    budget: CALL_BUDGET,
    estimatedSeconds: { type: 'number', description: "the slowest source's (budgets are separate and run at once)" },
    estimatedDuration: { type: 'string', example: '25m' },
    sources: {
      type: 'array',
      description: 'which source serves which cells: the primary (role fill), then the secondary (role confirm)',
      items: {
        type: 'object',
        properties: {
          source: { type: 'string', enum: ['polygon', 'alpaca'] },
          role: { type: 'string', enum: ['fill', 'confirm'] },
          cells: { type: 'integer' },
          calls: { type: 'integer' },
          pages: { type: 'integer', description: 'HTTP calls with follow-up pages: what the budget pays' },
          budget: CALL_BUDGET,
          estimatedSeconds: { type: 'number' },
          estimatedDuration: { type: 'string', example: '3s' },
        },
      },
    },
    jobs: {
      type: 'array',
      description: 'the first calls of the plan',
      items: {
        type: 'object',
        properties: {
          jobId: { type: 'string', example: 'grouped-daily|2025-06-30' },
          kind: { type: 'string' },
          source: { type: 'string', enum: ['polygon', 'alpaca'] },
          symbols: { type: 'integer' },
          dates: { type: 'integer' },
        },
      },
    },
    jobsListed: { type: 'integer' },
  },
};

export const RUN_PROGRESS_SCHEMA: SchemaObject = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    trigger: { type: 'string', example: 'api' },
    status: { type: 'string', enum: ['running', 'done', 'partial', 'failed'] },
    state: {
      type: 'string',
      example: 'stalled: no call finished for 6m 0s; queue paused: storage unavailable (PostgreSQL unreachable: ...)',
      description: '`running`, `stalled: <why>`, `done`, `partial: <why>` or `failed: <why>`',
    },
    stalled: {
      type: 'string',
      nullable: true,
      description: 'why a running run has finished no call for longer than BACKFILL_STALL_AFTER_MS',
    },
    failureReason: { type: 'string', nullable: true },
    from: SESSION_DATE,
    to: SESSION_DATE,
    symbols: { type: 'integer' },
    cells: { type: 'object', properties: { done: { type: 'integer' }, total: { type: 'integer' } } },
    calls: {
      type: 'object',
      properties: { made: { type: 'integer' }, failed: { type: 'integer' }, planned: { type: 'integer' } },
    },
    percent: { type: 'number' },
    etaSeconds: { type: 'number' },
    eta: { type: 'string' },
    waiting: {
      type: 'string',
      nullable: true,
      description: 'why a running run is not moving (a 429 or storage pause, delayed calls)',
    },
    failedCalls: {
      type: 'array',
      items: { type: 'object', properties: { jobId: { type: 'string' }, error: { type: 'string', nullable: true } } },
    },
    createdAt: { type: 'string', format: 'date-time' },
    finishedAt: { type: 'string', format: 'date-time', nullable: true },
    lastProgressAt: {
      type: 'string',
      format: 'date-time',
      description: 'when a call of the run last finished (or when it was created)',
    },
  },
};

export const BACKFILL_REQUEST_SCHEMA: SchemaObject = {
  type: 'object',
  additionalProperties: false,
  description: 'every field optional: every active symbol, the whole window Polygon serves',
  properties: {
    symbols: {
      type: 'array',
      items: TICKER,
      minItems: 1,
      description: 'active symbols of the universe, as a list (text such as "AAPL" is refused)',
    },
    from: SESSION_DATE,
    to: SESSION_DATE,
  },
};

export const BACKFILL_STARTED_SCHEMA: SchemaObject = {
  type: 'object',
  properties: {
    run: RUN_PROGRESS_SCHEMA,
    joined: {
      type: 'boolean',
      description: "true when an identical request's running run was answered instead of a new one",
    },
    plan: PLAN_SCHEMA,
  },
};

export const BAR_SERIES_SCHEMA: SchemaObject = {
  type: 'object',
  properties: {
    symbol: TICKER,
    source: { type: 'string', enum: [...MARKET_DATA_SOURCES], description: 'the series these bars are' },
    otherSources: {
      type: 'array',
      items: { type: 'string', enum: [...MARKET_DATA_SOURCES] },
      description: 'the other sources with bars of the symbol in the range (GET /bars/:symbol/sources/:source)',
    },
    adjusted: { type: 'boolean' },
    from: SESSION_DATE,
    to: SESSION_DATE,
    adjustedFrom: { ...SESSION_DATE, description: 'adjusted series only: first date the splits ledger covers' },
    adjustedThrough: { ...SESSION_DATE, description: 'adjusted series only: last date the splits ledger covers' },
    truncated: { type: 'boolean', description: 'adjusted series only: dates outside the splits ledger were left out' },
    count: { type: 'integer' },
    bars: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          date: SESSION_DATE,
          open: { type: 'string', example: '189.25', description: 'decimal text, never rounded' },
          high: { type: 'string' },
          low: { type: 'string' },
          close: { type: 'string' },
          volume: { type: 'string', example: '25933.6' },
          splitFactor: { type: 'string', description: 'adjusted series only' },
        },
      },
    },
    splits: {
      type: 'array',
      description: "the splits ledger's splits with an ex-date in the range",
      items: {
        type: 'object',
        properties: { date: SESSION_DATE, from: { type: 'number', example: 1 }, to: { type: 'number', example: 4 } },
      },
    },
  },
};

export const EXPORT_COVERAGE_SCHEMA: SchemaObject = {
  type: 'object',
  description: 'which sessions of an export are gaps (never to be read as flat prices), from the coverage ledger',
  properties: {
    source: { type: 'string', enum: [...MARKET_DATA_SOURCES] },
    adjusted: { type: 'boolean' },
    from: SESSION_DATE,
    to: SESSION_DATE,
    coveredFrom: { ...SESSION_DATE, description: 'first date of the file (later than `from` when adjusted and cut)' },
    coveredThrough: { ...SESSION_DATE, description: 'last date of the file (earlier than `to` when adjusted and cut)' },
    truncated: { type: 'boolean', description: 'adjusted only: dates the splits ledger does not cover were left out' },
    lastPublishedSession: SESSION_DATE,
    sessions: { type: 'integer', description: 'trading sessions expected of every symbol' },
    rows: { type: 'integer', description: 'rows of the file' },
    symbols: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          symbol: TICKER,
          ...COUNTS('expected', 'stored', 'success', 'noData', 'notAvailable', 'failed', 'missing').properties,
        },
      },
    },
  },
};

const ENQUEUE_STATUS: SchemaObject = { type: 'string', enum: ['added', 'retried', 'already-queued'] };

export const END_OF_DAY_REQUEST_SCHEMA: SchemaObject = {
  type: 'object',
  additionalProperties: false,
  description: 'no body: the scheduled tick; `{date}`: that one session',
  properties: { date: SESSION_DATE },
};

export const END_OF_DAY_SCHEMA: SchemaObject = {
  type: 'object',
  properties: {
    lastSession: { ...SESSION_DATE, description: 'the last session Polygon has published' },
    date: { ...SESSION_DATE, description: 'the asked-for session' },
    enqueued: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          date: SESSION_DATE,
          jobId: { type: 'string', example: 'grouped-daily|2025-06-30' },
          status: ENQUEUE_STATUS,
        },
      },
    },
    skipped: { type: 'string', description: 'why nothing was enqueued for the asked-for session' },
    failover: {
      type: 'array',
      description:
        'Alpaca bars calls for sessions Polygon was asked for and has not settled EOD_FAILOVER_AFTER_MS after publication',
      items: {
        type: 'object',
        properties: {
          date: SESSION_DATE,
          jobId: { type: 'string', example: 'stock-bars|2025-06-30|2025-06-30|100sym-0123456789abcdef' },
          status: ENQUEUE_STATUS,
        },
      },
    },
  },
};

export const GAP_REPAIR_SCHEMA: SchemaObject = {
  type: 'object',
  properties: {
    enabled: { type: 'boolean' },
    run: { ...RUN_PROGRESS_SCHEMA, nullable: true, description: 'null when nothing is missing or backfill is off' },
  },
};

export const CORPORATE_ACTIONS_SCHEMA: SchemaObject = {
  type: 'object',
  properties: {
    enqueued: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          kind: { type: 'string', enum: ['split', 'dividend'] },
          from: SESSION_DATE,
          to: SESSION_DATE,
          jobId: { type: 'string' },
        },
      },
    },
  },
};

export const REFERENCE_SYNC_SCHEMA: SchemaObject = {
  type: 'object',
  properties: {
    enqueued: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          listing: { type: 'string', enum: ['inactive', 'active'] },
          jobId: { type: 'string' },
          status: ENQUEUE_STATUS,
        },
      },
    },
  },
};

export const INGESTOR_STATUS_SCHEMA: SchemaObject = {
  type: 'object',
  description: 'Redis-backed fields are null while Redis is down',
  properties: {
    service: { type: 'string', example: 'polygon-ingestor' },
    version: { type: 'string' },
    startedAt: { type: 'string', format: 'date-time' },
    uptimeSeconds: { type: 'integer' },
    pid: { type: 'integer' },
    universe: COUNTS('total', 'active', 'suspended', 'delisted'),
    endOfDay: {
      type: 'object',
      properties: {
        lastDate: { ...SESSION_DATE, nullable: true },
        lastPublishedSession: SESSION_DATE,
        cron: { type: 'string' },
      },
    },
    freshness: { type: 'object', description: "how current the active symbols' bars are" },
    backfill: {
      type: 'object',
      properties: {
        enabled: { type: 'boolean' },
        running: { type: 'integer' },
        current: { ...RUN_PROGRESS_SCHEMA, nullable: true },
        recent: { type: 'array', items: RUN_PROGRESS_SCHEMA },
      },
    },
    corporateActions: {
      type: 'object',
      properties: {
        splitsCovered: { type: 'object', nullable: true },
        dividendsCovered: { type: 'object', nullable: true },
      },
    },
    budget: {
      type: 'object',
      properties: {
        callsPerWindow: { type: 'integer' },
        windowMs: { type: 'integer' },
        usedInCurrentWindow: { type: 'integer', nullable: true },
        resetsInMs: { type: 'integer', nullable: true },
        paused: { type: 'object', nullable: true, description: 'a 429 pause: its reason and when it ends' },
      },
    },
    queue: {
      type: 'object',
      nullable: true,
      additionalProperties: { type: 'integer' },
      description: 'job counts by state',
    },
    circuit: { type: 'string', example: 'closed' },
    backfillSources: {
      type: 'object',
      properties: {
        primary: { type: 'string', enum: ['polygon', 'alpaca'], description: 'HISTORICAL_DATA_SOURCE' },
        secondary: { type: 'string', enum: ['none', 'polygon', 'alpaca'], description: 'BACKFILL_SECONDARY_SOURCE' },
        alpaca: {
          type: 'object',
          nullable: true,
          description:
            'the alpaca-data-calls queue when a source is alpaca (counts and pause null while Redis is down)',
          properties: {
            queue: { type: 'object', nullable: true, additionalProperties: { type: 'integer' } },
            paused: { type: 'object', nullable: true },
            circuit: { type: 'string', example: 'closed' },
          },
        },
      },
    },
  },
};

export const COVERAGE_SCHEMA: SchemaObject = {
  type: 'object',
  description: 'the coverage ledger of the active universe as a symbol x session grid',
  properties: {
    source: { type: 'string', enum: [...MARKET_DATA_SOURCES], description: 'the source whose ledger this is' },
    lastPublishedSession: SESSION_DATE,
    sessions: { type: 'array', items: SESSION_DATE, description: 'trading sessions, oldest first' },
    codes: {
      type: 'object',
      additionalProperties: { type: 'string' },
      description: 'what each cell character means (success, no_data, not_available, failed, missing)',
    },
    symbols: { type: 'array', items: TICKER, description: 'active symbols, alphabetical' },
    cells: {
      type: 'array',
      items: { type: 'string' },
      description: '`cells[i][j]`: the code of symbols[i] on sessions[j]',
    },
    counts: { type: 'object', additionalProperties: { type: 'integer' } },
    failures: {
      type: 'array',
      description: 'failed cells with their reason, newest first (at most 100)',
      items: {
        type: 'object',
        properties: { symbol: TICKER, date: SESSION_DATE, error: { type: 'string', nullable: true } },
      },
    },
  },
};
