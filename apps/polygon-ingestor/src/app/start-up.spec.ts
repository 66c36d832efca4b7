import { runServiceToExit } from '@mdi/testing';
import { POLYGON_ESM_HOOK } from '../test-support/ingestor-process';

/** Runs the real entry point as its own process, the way a container would, until it exits. */
function start(env: Record<string, string>) {
  return runServiceToExit({ entry: 'apps/polygon-ingestor/src/main.ts', preload: [POLYGON_ESM_HOOK], env });
}

/** Every required variable set; PostgreSQL on a port nothing listens on. */
const REQUIRED = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:1/mdi',
  REDIS_URL: 'redis://127.0.0.1:6379',
  POLYGON_API_KEY: 'polygon-key-never-shown',
  INTERNAL_API_TOKEN: 'service-token-never-shown',
};

describe('polygon-ingestor start-up', () => {
  it('stops with one line naming each missing or malformed variable', () => {
    const { code, stderr } = start({ REDIS_URL: 'redis://127.0.0.1:6379', PORT: 'http' });
    expect(code).toBe(1);
    expect(stderr).toBe(
      'polygon-ingestor: invalid configuration: DATABASE_URL is required but not set; ' +
        'INTERNAL_API_TOKEN is required but not set; POLYGON_API_KEY is required but not set; PORT must be an integer (got "http")',
    );
  }, 60_000);

  it('stops with one line naming a malformed worker lock or stalled-check interval', () => {
    const { code, stderr } = start({
      ...REQUIRED,
      PROVIDER_WORKER_LOCK_MS: 'soon',
      PROVIDER_WORKER_STALLED_INTERVAL_MS: '100',
    });
    expect(code).toBe(1);
    expect(stderr).toBe(
      'polygon-ingestor: invalid configuration: PROVIDER_WORKER_LOCK_MS must be an integer (milliseconds) (got "soon"); ' +
        'PROVIDER_WORKER_STALLED_INTERVAL_MS must not be less than 500 (got "100")',
    );
  }, 60_000);

  it('stops with one line, without the password, when PostgreSQL is unreachable', () => {
    const { code, stderr } = start({ ...REQUIRED, DATABASE_URL: 'postgres://app:pg-password-123@127.0.0.1:1/mdi' });
    expect(code).toBe(1);
    expect(stderr).toBe('polygon-ingestor: failed to start: connect ECONNREFUSED 127.0.0.1:1');
    expect(stderr).not.toContain('pg-password-123');
  }, 60_000);
});
