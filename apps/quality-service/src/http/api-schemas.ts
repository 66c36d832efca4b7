import type { SchemaObject } from '@nestjs/swagger';

/**
 * OpenAPI shapes of the quality-service's answers: light (the fields a client
 * reads, not every nested detail), matching StoredReport and IndicatorSeries.
 */

const FINDING: SchemaObject = {
  type: 'object',
  properties: {
    checkType: { type: 'string', example: 'missing_data' },
    symbol: { type: 'string', nullable: true, description: 'null for a market-wide finding' },
    date: { type: 'string', format: 'date', nullable: true },
    code: { type: 'string', example: 'missing_bar' },
    detail: { type: 'string', example: 'no bar for 2024-07-05 (a trading session)' },
  },
};

export const REPORT_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['runId', 'trigger', 'startedAt', 'finishedAt', 'outcome', 'alertLevel', 'counts'],
  properties: {
    runId: { type: 'string' },
    trigger: { type: 'string', enum: ['schedule', 'manual', 'command'] },
    slot: { type: 'string', format: 'date-time', description: 'start of the schedule slot of a scheduled run' },
    startedAt: { type: 'string', format: 'date-time' },
    finishedAt: { type: 'string', format: 'date-time' },
    outcome: { type: 'string', enum: ['checked', 'nothing_checked'] },
    reason: {
      type: 'string',
      enum: ['no symbols in the universe', 'no bars stored yet'],
      description: 'why nothing was checked',
    },
    alertLevel: {
      type: 'integer',
      enum: [0, 1, 2],
      nullable: true,
      description: '0 ok, 1 warning, 2 critical; null when nothing was checked',
    },
    counts: { type: 'object', additionalProperties: { type: 'integer' }, description: 'findings per finding code' },
    symbolsChecked: { type: 'integer' },
    barsChecked: { type: 'integer' },
    expectedBars: { type: 'integer' },
    symbolsOverMissingThresholdCount: { type: 'integer' },
    symbolsOverMissingThreshold: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          symbol: { type: 'string' },
          missing: { type: 'integer' },
          expected: { type: 'integer' },
          share: { type: 'number' },
        },
      },
    },
    lifecycle: {
      type: 'object',
      description:
        'what the run changed in the findings ledger (absent when nothing was checked and in reports stored before the ledger)',
      required: ['new', 'persisting', 'resolved'],
      properties: {
        new: { type: 'integer', description: 'findings this run opened' },
        persisting: { type: 'integer', description: 'open findings this run saw again' },
        resolved: { type: 'integer', description: 'open findings in its scope this run no longer saw' },
      },
    },
    mode: {
      type: 'string',
      enum: ['full', 'incremental'],
      description:
        'full: every symbol loaded and checked; incremental: only the symbols whose bars or splits changed since the last run, the rest carried over (the same report either way)',
    },
    symbolsRechecked: { type: 'integer', description: 'symbols whose every bar this run loaded and checked' },
    symbolsExtended: {
      type: 'integer',
      description:
        'symbols that only gained newer bars: loaded and checked from the bars their newest are compared with',
    },
    fullRunReason: {
      type: 'string',
      enum: ['no baseline yet', 'checks, settings or splits coverage changed', 'full run due'],
      description: 'why a run asked to be incremental checked everything',
    },
    findings: {
      type: 'array',
      items: FINDING,
      description: "every finding (latest report) or the asked symbol's (`?symbol=`)",
    },
  },
};

const LEDGER_FINDING: SchemaObject = {
  type: 'object',
  required: [
    'checkType',
    'code',
    'symbol',
    'date',
    'detail',
    'firstSeenAt',
    'firstSeenRun',
    'lastSeenAt',
    'lastSeenRun',
  ],
  properties: {
    ...FINDING.properties,
    firstSeenAt: { type: 'string', format: 'date-time', description: 'when the run that first saw it finished' },
    firstSeenRun: { type: 'string' },
    lastSeenAt: { type: 'string', format: 'date-time' },
    lastSeenRun: { type: 'string' },
    resolvedAt: {
      type: 'string',
      format: 'date-time',
      nullable: true,
      description: 'when the first run that no longer saw it finished; null while open',
    },
    resolvedRun: { type: 'string', nullable: true },
  },
};

export const FINDING_LIST_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['status', 'symbol', 'findings'],
  properties: {
    status: { type: 'string', enum: ['open', 'resolved'] },
    symbol: { type: 'string', nullable: true },
    findings: {
      type: 'array',
      items: LEDGER_FINDING,
      description: 'open: oldest first seen first; resolved: latest resolved first',
    },
  },
};

export const REPORT_LIST_SCHEMA: SchemaObject = {
  type: 'object',
  properties: {
    from: { type: 'string', format: 'date' },
    to: { type: 'string', format: 'date' },
    symbol: { type: 'string', nullable: true },
    reports: { type: 'array', items: REPORT_SCHEMA },
  },
};

export const INDICATOR_SERIES_SCHEMA: SchemaObject = {
  type: 'object',
  properties: {
    symbol: { type: 'string', example: 'AAPL' },
    from: { type: 'string', format: 'date' },
    to: { type: 'string', format: 'date' },
    columns: { type: 'array', items: { type: 'string' }, example: ['sma_20', 'ema_10'] },
    bars: {
      type: 'array',
      description: 'one row per session: its date, OHLCV and one value per column (null while an indicator warms up)',
      items: {
        type: 'object',
        additionalProperties: { oneOf: [{ type: 'number' }, { type: 'string' }], nullable: true },
      },
    },
  },
};

/** Query parameters `from`/`to` of the date-range endpoints. */
export const SESSION_DATE = { type: 'string', format: 'date', example: '2024-10-01' } as const;

export const QUALITY_STATUS_SCHEMA: SchemaObject = {
  type: 'object',
  properties: {
    service: { type: 'string', example: 'quality-service' },
    version: { type: 'string' },
    startedAt: { type: 'string', format: 'date-time' },
    uptimeSeconds: { type: 'integer' },
    pid: { type: 'integer' },
    checkIntervalSeconds: { type: 'integer' },
    schedulerEnabled: { type: 'boolean' },
    lastScheduledSlot: {
      type: 'object',
      nullable: true,
      description: "this replica's last schedule slot and its outcome (e.g. `waiting-for-universe`)",
    },
    anomalyDetection: { type: 'boolean' },
    alertWebhookConfigured: { type: 'boolean' },
    lastRun: {
      type: 'object',
      nullable: true,
      description: "this replica's last run: runId, trigger, outcome, reason, alertLevel, finishedAt",
    },
    latestReport: {
      type: 'object',
      nullable: true,
      description: 'the newest stored report of any replica, without findings; null while PostgreSQL does not answer',
    },
  },
};
