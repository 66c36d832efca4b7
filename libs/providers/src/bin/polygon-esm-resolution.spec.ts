import { spawnSync } from 'node:child_process';
import { WORKSPACE_ROOT } from '../test-support/simulator-process';

const HOOK = './libs/providers/src/bin/polygon-esm-resolution.ts';
const LOAD_SDK = "const sdk = require('@polygon.io/client-js'); process.stdout.write(typeof sdk.restClient);";

/** Plain Node with @swc-node/register, as an app's main.ts runs from source. */
function node(args: string[]) {
  const result = spawnSync(process.execPath, ['-r', '@swc-node/register', ...args], {
    cwd: WORKSPACE_ROOT,
    env: { PATH: process.env['PATH'] ?? '', SWC_NODE_PROJECT: 'tsconfig.base.json' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('polygon-esm-resolution: the one way plain Node loads the ESM-only Polygon SDK', () => {
  it('without it, require() of the SDK fails', () => {
    const run = node(['-e', LOAD_SDK]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/ERR_PACKAGE_PATH_NOT_EXPORTED|No "exports" main defined/);
  });

  it('with -r, the SDK loads; loading the hook again (-r twice) is harmless', () => {
    expect(node(['-r', HOOK, '-e', LOAD_SDK])).toMatchObject({ code: 0, stdout: 'function' });
    expect(node(['-r', HOOK, '-r', HOOK, '-e', LOAD_SDK])).toMatchObject({ code: 0, stdout: 'function' });
  });

  it('with -r, the whole @mdi/providers entry loads from source', () => {
    const run = node([
      '-r',
      HOOK,
      '-e',
      "process.stdout.write(typeof require('./libs/providers/src/index.ts').createPolygonStack)",
    ]);
    expect(run).toMatchObject({ code: 0, stdout: 'function' });
  });
});
