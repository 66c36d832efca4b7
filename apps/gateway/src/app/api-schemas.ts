import type { SchemaObject } from '@nestjs/swagger';

/**
 * OpenAPI shapes of the gateway's own answers (SystemHealth, the /status
 * document) and of the bodies its admin actions forward. Light: each part of
 * /status is the owning service's data; its own document describes it.
 */

const SERVICE_HEALTH: SchemaObject = {
  type: 'object',
  properties: {
    state: { type: 'string', enum: ['up', 'down'] },
    reason: {
      type: 'string',
      description: 'why it is down, without addresses: refused, no answer in time, the readiness checks that failed',
    },
  },
};

export const SYSTEM_HEALTH_SCHEMA: SchemaObject = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: ['ok', 'degraded'] },
    checkedAt: { type: 'string', format: 'date-time' },
    ageMs: { type: 'integer', description: 'age of the shared probe round' },
    services: { type: 'object', additionalProperties: SERVICE_HEALTH, description: 'by service name' },
    redis: SERVICE_HEALTH,
  },
};

export const SYSTEM_STATUS_SCHEMA: SchemaObject = {
  type: 'object',
  description: 'one document collected from every service; each part carries its age',
  properties: {
    generatedAt: { type: 'string', format: 'date-time' },
    ageMs: { type: 'integer' },
    services: {
      type: 'object',
      description: 'by service name: `up` with its version and start time, `unreachable` or `error` with the reason',
      additionalProperties: {
        type: 'object',
        properties: {
          state: { type: 'string', enum: ['up', 'unreachable', 'error'] },
          version: { type: 'string', nullable: true },
        },
      },
    },
    universe: { type: 'object', nullable: true },
    freshness: { type: 'object', nullable: true },
    backfill: { type: 'object', nullable: true },
    budgets: {
      type: 'object',
      properties: { polygon: { type: 'object', nullable: true }, alpaca: { type: 'object', nullable: true } },
    },
    queues: {
      type: 'object',
      properties: { polygon: { type: 'object', nullable: true }, alpaca: { type: 'object', nullable: true } },
    },
    failedJobs: { type: 'object', nullable: true },
    quality: { type: 'object', nullable: true },
    account: { type: 'object', nullable: true },
  },
};

const SESSION_DATE: SchemaObject = { type: 'string', format: 'date', example: '2025-06-30' };

/** A forwarded answer: the owning service's own body, described in that service's /openapi.json. */
export function forwardedAnswer(service: string, route: string): { description: string; schema: SchemaObject } {
  return { description: `the ${service}'s answer to \`${route}\`, unchanged`, schema: { type: 'object' } };
}

export const ADMIN_BACKFILL_BODY: SchemaObject = {
  type: 'object',
  description: 'every field optional: every active symbol, the whole window Polygon serves',
  properties: {
    symbols: {
      type: 'array',
      items: { type: 'string' },
      minItems: 1,
      description: 'a list; text such as "AAPL" is refused by the polygon-ingestor',
    },
    from: SESSION_DATE,
    to: SESSION_DATE,
  },
};

export const ADMIN_END_OF_DAY_BODY: SchemaObject = {
  type: 'object',
  description: 'no body: the scheduled tick; `{date}`: that one session',
  properties: { date: SESSION_DATE },
};

export const ADMIN_SYMBOL_BODY: SchemaObject = {
  type: 'object',
  required: ['symbol'],
  properties: { symbol: { type: 'string', example: 'PLTR' }, sector: { type: 'string', maxLength: 100 } },
};
