import { Redis } from 'ioredis';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulatorProcess, WORKSPACE_ROOT, type SimulatorProcess } from '../test-support/simulator-process';

const REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

describe('test-connectivity command', () => {
  let sim: SimulatorProcess;
  const prefixes: string[] = [];

  beforeAll(async () => {
    sim = await startSimulatorProcess({ alpacaRateLimit: 180 });
  });
  afterAll(async () => {
    const redis = new Redis(REDIS_URL);
    for (const prefix of prefixes) {
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
    }
    await redis.quit();
    await sim?.close();
  });

  const spawnCommand = (env: Record<string, string>) => {
    const prefix = `mdi-test-providers-${randomBytes(4).toString('hex')}`;
    prefixes.push(prefix);
    return spawnSync(process.execPath, ['-r', '@swc-node/register', 'libs/providers/src/bin/test-connectivity.ts'], {
      cwd: WORKSPACE_ROOT,
      encoding: 'utf8',
      timeout: 60_000,
      env: { PATH: process.env['PATH'] ?? '', SWC_NODE_PROJECT: 'tsconfig.base.json', QUEUE_PREFIX: prefix, ...env },
    });
  };
  const run = (env: Record<string, string>) =>
    spawnCommand({
      POLYGON_API_KEY: sim.polygonKey,
      POLYGON_BASE_URL: sim.url,
      POLYGON_RATE_WINDOW_MS: '2000',
      ALPACA_API_KEY: sim.alpacaKeyId,
      ALPACA_SECRET_KEY: sim.alpacaSecret,
      ALPACA_BASE_URL: sim.url,
      ALPACA_DATA_BASE_URL: sim.url,
      REDIS_URL,
      ...env,
    });

  it('prints one OK verdict per provider and exits 0 when both are fine', async () => {
    await sim.control('POST', '/__sim/reset', {});
    const result = run({});
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe(
      `using the real providers: polygon at ${sim.url}, alpaca at ${sim.url}; REDIS_URL from the environment`,
    );
    expect(lines[1]).toMatch(
      /^polygon {2}OK {4}reachable=yes authenticated=yes headroom=next call slot in 1 s \(budget 4 per 2 s/,
    );
    expect(lines[2]).toMatch(
      /^alpaca {3}OK {4}reachable=yes authenticated=yes headroom=179 of 180 calls left in Alpaca's window/,
    );
    expect(lines[3]).toMatch(
      /^alpaca-data OK {4}reachable=yes authenticated=yes headroom=178 of 180 calls left in Alpaca's window/,
    );
    expect(result.status).toBe(0);
    const stats = await sim.control('GET', '/__sim/stats');
    expect(stats.sinceReset.byProvider).toEqual({ polygon: 1, alpaca: 2 });
    expect(stats.sinceReset.byEndpoint['alpaca.bars']).toBe(1);
    for (const secret of [sim.polygonKey, sim.alpacaKeyId, sim.alpacaSecret])
      expect(result.stdout + result.stderr).not.toContain(secret);
  });

  it('fails with a readable verdict, and exit code 1, when a key is refused', () => {
    const wrong = `pk_wrong_${randomBytes(8).toString('hex')}`;
    const result = run({ POLYGON_API_KEY: wrong });
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/^polygon {2}FAIL {2}reachable=yes authenticated=no headroom=unknown .*HTTP 401/m);
    expect(result.stdout).toMatch(/^alpaca {3}OK/m);
    expect(result.stdout + result.stderr).not.toContain(wrong);
  });

  it('says the provider is unreachable when nothing answers', () => {
    const result = run({ ALPACA_BASE_URL: 'http://127.0.0.1:1' });
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/^alpaca {3}FAIL {2}reachable=no authenticated=no/m);
  });

  it('names the bad variable and exits 2 on bad configuration, never echoing a secret', () => {
    const result = run({ POLYGON_RATE_LIMIT_PER_MINUTE: 'four' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('POLYGON_RATE_LIMIT_PER_MINUTE');
    expect(result.stderr).not.toContain(sim.polygonKey);
  });

  it('from a fresh shell (no variable set) uses the simulator and the local defaults npm start uses, and says so first', () => {
    // The local defaults file as npm start writes it, pointed at this test's simulator and keys.
    const dir = mkdtempSync(join(tmpdir(), 'mdi-connectivity-'));
    try {
      const file = join(dir, 'local.env');
      writeFileSync(
        file,
        [
          'DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres',
          `REDIS_URL=${REDIS_URL}`,
          `SIM_PORT=${new URL(sim.url).port}`,
          `SIM_POLYGON_API_KEY=${sim.polygonKey}`,
          `SIM_ALPACA_API_KEY=${sim.alpacaKeyId}`,
          `SIM_ALPACA_SECRET_KEY=${sim.alpacaSecret}`,
        ].join('\n'),
      );
      const result = spawnCommand({ LOCAL_DEFAULTS_FILE: file });
      const lines = result.stdout.trim().split('\n');
      expect(lines[0]).toBe(
        `using the provider simulator at http://127.0.0.1:${new URL(sim.url).port} for polygon and alpaca (no POLYGON_BASE_URL or ALPACA_BASE_URL set; simulator keys unless keys are set); ` +
          `local defaults REDIS_URL=${REDIS_URL} (defaults: scripts/local-defaults.env, as npm start)`,
      );
      expect(lines.slice(1).map((line) => line.slice(0, 14))).toEqual([
        'polygon  OK   ',
        'alpaca   OK   ',
        'alpaca-data OK',
      ]);
      expect(result.status).toBe(0);
      for (const secret of [sim.polygonKey, sim.alpacaKeyId, sim.alpacaSecret])
        expect(result.stdout + result.stderr).not.toContain(secret);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('with a real provider URL and no key, says which variable to set and where it is explained', () => {
    const result = spawnCommand({ POLYGON_BASE_URL: 'https://api.massive.com', REDIS_URL });
    expect(result.status).toBe(2);
    expect(result.stdout).toMatch(
      /^using the real polygon at https:\/\/api\.massive\.com, alpaca on the simulator at http:\/\/127\.0\.0\.1:4010 \(ALPACA_BASE_URL not set\); REDIS_URL from the environment/,
    );
    expect(result.stderr).toBe(
      'test-connectivity: invalid configuration: POLYGON_API_KEY is required but not set\n' +
        'set POLYGON_API_KEY (see README.md "Configuration" and libs/providers/README.md "Test connectivity")\n',
    );
  });
});
