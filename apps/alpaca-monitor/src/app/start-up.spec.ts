import { createTestDatabase, eventually, runServiceToExit, type TestDatabase } from '@mdi/testing';
import { startMonitorProcess, type MonitorProcess } from '../test-support/monitor-process';

const KEYS = { ALPACA_API_KEY: 'alpaca-start-key-11aa', ALPACA_SECRET_KEY: 'alpaca-start-secret-22bb' };

/** Runs the real entry point until it exits (configuration failures). */
function run(env: Record<string, string>) {
  return runServiceToExit({
    entry: 'apps/alpaca-monitor/src/main.ts',
    preload: ['./libs/providers/src/bin/polygon-esm-resolution.ts'],
    env,
  });
}

/** The monitor's line saying which trading endpoint it uses, once it has written it. */
function endpointLine(monitor: MonitorProcess | undefined) {
  return eventually(
    async () =>
      monitor
        ?.output()
        .split('\n')
        .find((l) => l.includes('trading endpoint')),
    'the start-up line',
  );
}

describe('alpaca-monitor start-up (process)', () => {
  let db: TestDatabase;
  let monitor: MonitorProcess | undefined;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterEach(async () => {
    await monitor?.stop();
    monitor = undefined;
  });
  afterAll(() => db?.drop());

  /** Every required variable set, with a reachable database and Redis. */
  const required = () => ({ DATABASE_URL: db.url, REDIS_URL: 'redis://127.0.0.1:6379', ...KEYS });

  it('refuses a malformed worker lock or stalled-check interval, naming each variable', () => {
    const { code, stderr } = run({
      ...required(),
      PROVIDER_WORKER_LOCK_MS: 'soon',
      PROVIDER_WORKER_STALLED_INTERVAL_MS: '100',
    });
    expect(code).toBe(1);
    expect(stderr).toBe(
      'alpaca-monitor: invalid configuration: PROVIDER_WORKER_LOCK_MS must be an integer (milliseconds) (got "soon"); ' +
        'PROVIDER_WORKER_STALLED_INTERVAL_MS must not be less than 500 (got "100")',
    );
  }, 60_000);

  it('refuses the live host unless ALPACA_ALLOW_LIVE=true, naming the variable', () => {
    const { code, stderr } = run({
      ...required(),
      ALPACA_BASE_URL: 'https://api.alpaca.markets',
    });
    expect(code).toBe(1);
    expect(stderr).toBe(
      'alpaca-monitor: invalid configuration: ALPACA_BASE_URL points at the LIVE trading host; set ALPACA_ALLOW_LIVE=true to allow it (got "https://api.alpaca.markets")',
    );
    expect(stderr).not.toContain(KEYS.ALPACA_SECRET_KEY);
  }, 60_000);

  it.each([
    ['ALPACA_UPDATE_INTERVAL', '0', 'ALPACA_UPDATE_INTERVAL must not be less than 1 (got "0")'],
    ['ENABLE_REALTIME_TRADING', 'maybe', 'ENABLE_REALTIME_TRADING must be true or false (got "maybe")'],
    ['QUEUE_PREFIX', 'a b', 'QUEUE_PREFIX must be 1-64 letters, digits, dots, dashes or underscores (got "a b")'],
  ])(
    'stops with one line when %s=%s',
    (name, value, message) => {
      const { code, stderr } = run({
        ...required(),
        [name]: value,
      });
      expect(code).toBe(1);
      expect(stderr).toBe(`alpaca-monitor: invalid configuration: ${message}`);
    },
    60_000,
  );

  it('says at start-up that it uses the paper endpoint and that monitoring is off', async () => {
    monitor = await startMonitorProcess({
      ...required(),
      LOG_LEVEL: 'info',
      ENABLE_REALTIME_TRADING: 'false',
    });
    const line = await endpointLine(monitor);
    expect(JSON.parse(line)).toMatchObject({
      level: 30,
      trading_mode: 'paper',
      endpoint: 'https://paper-api.alpaca.markets',
      monitoring: 'disabled',
      msg: 'Alpaca PAPER trading endpoint https://paper-api.alpaca.markets; monitoring disabled',
    });
  }, 120_000);

  it('warns at start-up when it is explicitly pointed at the live endpoint', async () => {
    monitor = await startMonitorProcess({
      ...required(),
      LOG_LEVEL: 'info',
      ALPACA_BASE_URL: 'https://api.alpaca.markets',
      ALPACA_ALLOW_LIVE: 'true',
      ENABLE_REALTIME_TRADING: 'false',
    });
    const line = await endpointLine(monitor);
    expect(JSON.parse(line)).toMatchObject({
      level: 40,
      trading_mode: 'live',
      msg: 'Alpaca LIVE trading endpoint https://api.alpaca.markets; monitoring disabled',
    });
  }, 120_000);
});
