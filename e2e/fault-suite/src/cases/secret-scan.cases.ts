import { Redis } from 'ioredis';
import type { CaseContext } from '../support/case-context';
import { scanHttp, scanLogs, scanRedis, scanTables } from '../support/secret-scan';

/**
 * Run last in its file, after every other case exercised the system (kills,
 * faults, retries, admin actions): the distinctive key values the services
 * were given never appear in a log line, a public HTTP answer, Redis or a
 * table row. A planted value proves the Redis scan finds what is there.
 */
export function secretScanCases(ctx: CaseContext): void {
  it('secret scan: no key or token value in any log, HTTP answer, Redis key or value, or table row (bound 1 min)', async () => {
    const system = ctx.system();

    const logs = scanLogs(system);
    expect(system.all().every((instance) => instance.output().length > 0)).toBe(true);

    const answers = await scanHttp(system);
    expect(answers.answered).toBeGreaterThanOrEqual(system.all().length * 5);

    const planted = new Redis(system.redis.url);
    try {
      await planted.set('fault-suite:planted', `control ${system.secrets.polygonApiKey}`);
      const control = await scanRedis(system);
      expect(control.findings).toEqual([{ secret: 'polygonApiKey', where: 'redis string fault-suite:planted' }]);
      await planted.del('fault-suite:planted');
    } finally {
      planted.disconnect();
    }
    const redis = await scanRedis(system);
    expect(redis.keys).toBeGreaterThan(10);

    const tables = await scanTables(system);
    expect(tables.tables).toBeGreaterThan(10);

    expect([...logs, ...answers.findings, ...redis.findings, ...tables.findings]).toEqual([]);
  }, 60_000);
}
