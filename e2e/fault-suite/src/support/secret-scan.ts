import { Redis } from 'ioredis';
import { http } from './http';
import { secretValues } from './secrets';
import type { FaultSystem } from './system';

export interface Finding {
  readonly secret: string;
  /** Where: `log polygon-ingestor#1`, `GET gateway#1 /status`, `redis key ...`, `table data_ingestion.x`. */
  readonly where: string;
}

/** The secrets (by name) whose value occurs in `text`. */
export function secretsIn(system: FaultSystem, text: string): string[] {
  return secretValues(system.secrets)
    .filter((s) => text.includes(s.value))
    .map((s) => s.name);
}

/** Every log line every process of every service wrote, killed incarnations included. */
export function scanLogs(system: FaultSystem): Finding[] {
  return system
    .all()
    .flatMap((instance) =>
      secretsIn(system, instance.output()).map((secret) => ({ secret, where: `log ${instance.label}` })),
    );
}

const PUBLIC_PATHS = ['/health', '/health/live', '/health/ready', '/status', '/metrics', '/openapi.json'];

/** The answers anyone may read: health, status, metrics and the OpenAPI document of every process, and the gateway's status page. */
export async function scanHttp(system: FaultSystem): Promise<{ findings: Finding[]; answered: number }> {
  const findings: Finding[] = [];
  let answered = 0;
  for (const instance of system.all()) {
    const paths = instance.name === 'gateway' ? [...PUBLIC_PATHS, '/'] : PUBLIC_PATHS;
    for (const path of paths) {
      const answer = await http('GET', `${instance.url}${path}`);
      if (answer.status !== 404) answered += 1;
      for (const secret of secretsIn(system, answer.text))
        findings.push({ secret, where: `GET ${instance.label} ${path}` });
    }
  }
  return { findings, answered };
}

/** Every Redis key name and value, whatever its type. */
export async function scanRedis(system: FaultSystem): Promise<{ findings: Finding[]; keys: number }> {
  const redis = new Redis(system.redis.url, { maxRetriesPerRequest: 1 });
  const findings: Finding[] = [];
  let keys = 0;
  try {
    let cursor = '0';
    do {
      const [next, batch] = await redis.scan(cursor, 'COUNT', 1000);
      cursor = next;
      for (const key of batch) {
        keys += 1;
        const type = await redis.type(key);
        const values: string[] =
          type === 'string'
            ? [(await redis.get(key)) ?? '']
            : type === 'hash'
              ? Object.entries(await redis.hgetall(key)).flat()
              : type === 'list'
                ? await redis.lrange(key, 0, -1)
                : type === 'set'
                  ? await redis.smembers(key)
                  : type === 'zset'
                    ? await redis.zrange(key, 0, -1)
                    : type === 'stream'
                      ? (await redis.xrange(key, '-', '+')).flatMap(([id, fields]) => [id, ...fields])
                      : [];
        for (const secret of secretsIn(system, [key, ...values].join('\n')))
          findings.push({ secret, where: `redis ${type} ${key}` });
      }
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return { findings, keys };
}

/** Every row of every table outside PostgreSQL's own schemas, searched as text inside the database. */
export async function scanTables(system: FaultSystem): Promise<{ findings: Finding[]; tables: number }> {
  const tables = await system.sql<{ name: string }>(
    `SELECT format('%I.%I', schemaname, tablename) AS name FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1`,
  );
  const secrets = secretValues(system.secrets);
  const findings: Finding[] = [];
  for (const { name } of tables) {
    // One pass over the table: for each secret, how many rows contain it.
    const counts = secrets
      .map((_, i) => `count(*) FILTER (WHERE strpos(t::text, $${i + 1}) > 0)::text AS s${i}`)
      .join(', ');
    const [row] = await system.sql<Record<string, string>>(
      `SELECT ${counts} FROM ${name} t`,
      secrets.map((s) => s.value),
    );
    secrets.forEach((secret, i) => {
      if (Number(row[`s${i}`]) > 0)
        findings.push({ secret: secret.name, where: `table ${name} (${row[`s${i}`]} rows)` });
    });
  }
  return { findings, tables: tables.length };
}
