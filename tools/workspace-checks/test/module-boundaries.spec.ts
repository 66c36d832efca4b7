import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const root = resolve(__dirname, '../../..');

interface LintMessage {
  ruleId: string | null;
  message: string;
}

/**
 * Lints source text as if it lived at `file` with the workspace's real ESLint
 * configuration, returning the boundary rule's messages. ESLint runs as its own
 * process because its flat config is ESM, which Jest's CommonJS runtime cannot load.
 */
async function boundaryErrors(file: string, source: string): Promise<string[]> {
  const run = spawnSync(
    process.execPath,
    [resolve(root, 'node_modules/eslint/bin/eslint.js'), '--stdin', '--stdin-filename', resolve(root, file), '--format', 'json'],
    { cwd: root, input: source, encoding: 'utf8', env: { ...process.env, NX_DAEMON: 'false' } },
  );
  if (!run.stdout) throw new Error(`eslint produced no report: ${run.stderr}`);
  const [result] = JSON.parse(run.stdout) as { messages: LintMessage[] }[];
  return result.messages
    .filter((message) => message.ruleId === '@nx/enforce-module-boundaries')
    .map((message) => message.message);
}

describe('module boundaries (eslint.config.mjs)', () => {
  jest.setTimeout(60_000);

  it('lets an app use the shared libs', async () => {
    const source = "import { validateBar } from '@mdi/domain';\nimport { StorageModule } from '@mdi/storage';\nexport { validateBar, StorageModule };\n";
    expect(await boundaryErrors('apps/polygon-ingestor/src/app/probe.ts', source)).toEqual([]);
  });

  it('keeps framework and database packages out of the domain', async () => {
    const errors = await boundaryErrors('libs/domain/src/lib/probe.ts', "import { Injectable } from '@nestjs/common';\nexport { Injectable };\n");
    expect(errors).toEqual(['A project tagged with "type:domain" is not allowed to import "@nestjs/common"']);
  });

  it('keeps the domain independent of the other libs', async () => {
    const errors = await boundaryErrors('libs/domain/src/lib/probe.ts', "import { StorageModule } from '@mdi/storage';\nexport { StorageModule };\n");
    // Every lib builds on the domain, so the rule reports the cycle such an import would create.
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^Circular dependency between "domain" and "storage"/);
  });

  it('forbids one app importing another', async () => {
    const errors = await boundaryErrors(
      'apps/gateway/src/app/probe.ts',
      "import { SERVICE_NAME } from '../../../polygon-ingestor/src/app/service-name';\nexport { SERVICE_NAME };\n",
    );
    expect(errors).toHaveLength(1);
  });

  it('forbids a lib importing an app', async () => {
    const errors = await boundaryErrors(
      'libs/storage/src/lib/probe.ts',
      "import { SERVICE_NAME } from '../../../../apps/gateway/src/app/service-name';\nexport { SERVICE_NAME };\n",
    );
    expect(errors).toHaveLength(1);
  });

  it('keeps the simulator free of the code it tests', async () => {
    const errors = await boundaryErrors('tools/provider-sim/src/probe.ts', "import { validateBar } from '@mdi/domain';\nexport { validateBar };\n");
    expect(errors).toHaveLength(1);
  });
});
