import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(__dirname, '../../..');
const RULE = '@nx/enforce-module-boundaries';

interface DepConstraint {
  readonly sourceTag: string;
  readonly onlyDependOnLibsWithTags?: readonly string[];
}

interface Probe {
  /** Where the source is linted as if it lived (it is never written). */
  readonly file: string;
  readonly source: string;
}

interface Linted {
  /** The boundary rule's messages (and any fatal parse error, so a probe cannot pass by not being parsed). */
  readonly messages: string[];
  /** The rule's depConstraints as configured for the probe's file. */
  readonly depConstraints: DepConstraint[];
}

// Runs in its own Node process: the flat config is ESM, which Jest's CommonJS runtime cannot load.
const LINT_SCRIPT = `
import { ESLint } from 'eslint';
import { resolve } from 'node:path';
let input = '';
for await (const chunk of process.stdin) input += chunk;
const eslint = new ESLint({ cwd: process.cwd() });
const results = [];
for (const probe of JSON.parse(input)) {
  const filePath = resolve(probe.file);
  const [result] = await eslint.lintText(probe.source, { filePath });
  const config = await eslint.calculateConfigForFile(filePath);
  results.push({
    messages: result.messages.filter((m) => m.ruleId === '${RULE}' || m.fatal).map((m) => m.message),
    depConstraints: config.rules['${RULE}'][1].depConstraints,
  });
}
process.stdout.write(JSON.stringify(results));
`;

/**
 * Lints source texts as if each lived at its file, with the workspace's real
 * ESLint configuration, all in one ESLint process (loading the project graph
 * is most of the cost).
 */
function lintProbes(probes: readonly Probe[]): Linted[] {
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', LINT_SCRIPT], {
    cwd: root,
    input: JSON.stringify(probes),
    encoding: 'utf8',
    env: { ...process.env, NX_DAEMON: 'false' },
  });
  if (run.status !== 0 || !run.stdout) throw new Error(`eslint produced no report: ${run.stderr}`);
  return JSON.parse(run.stdout) as Linted[];
}

const importing = (name: string, from: string) => `import { ${name} } from '${from}';\nexport { ${name} };\n`;

const CIRCULAR = (a: string, b: string) => new RegExp(`^Circular dependency between "${a}" and "${b}"`);
const ONLY = (tag: string, allowed: string[]) =>
  `A project tagged with "${tag}" can only depend on libs tagged with ${allowed.map((t) => `"${t}"`).join(', ')}`;
// Apps have no import path: the only way to reach an app's code is a relative path, which the rule rejects.
const RELATIVE = 'Projects cannot be imported by a relative or absolute path, and must begin with a npm scope';
const GATEWAY_FROM_LIB = '../../../../apps/gateway/src/app/service-name';

interface Case extends Probe {
  readonly name: string;
  /** Exactly these messages, or one message matching. */
  readonly expected: readonly string[] | RegExp;
}

// An import of a lib that already depends (perhaps through its specs) on the importer is reported as the cycle it creates.
const CASES: readonly Case[] = [
  // Allowed.
  {
    name: 'an app may use the shared libs',
    file: 'apps/polygon-ingestor/src/app/probe.ts',
    source:
      "import { validateBar } from '@mdi/domain';\nimport { StorageModule } from '@mdi/storage';\nimport { ProvidersModule } from '@mdi/providers';\nexport { validateBar, StorageModule, ProvidersModule };\n",
    expected: [],
  },
  {
    name: 'storage may use the domain and platform',
    file: 'libs/storage/src/lib/probe.ts',
    source:
      "import { validateBar } from '@mdi/domain';\nimport { withTimeout } from '@mdi/platform';\nexport { validateBar, withTimeout };\n",
    expected: [],
  },
  {
    name: 'providers may use the domain and platform',
    file: 'libs/providers/src/lib/probe.ts',
    source:
      "import { PROVIDER_CONFIG_STORE } from '@mdi/domain';\nimport { redactSecrets } from '@mdi/platform';\nexport { PROVIDER_CONFIG_STORE, redactSecrets };\n",
    expected: [],
  },
  {
    name: "providers' specs may use testing",
    file: 'libs/providers/src/lib/probe.spec.ts',
    source: importing('createTestDatabase', '@mdi/testing'),
    expected: [],
  },
  {
    name: 'testing may use storage',
    file: 'libs/testing/src/lib/probe.ts',
    source: importing('createTemporaryDatabase', '@mdi/storage'),
    expected: [],
  },

  // domain: nothing of ours, no framework.
  {
    name: 'domain may not import a framework',
    file: 'libs/domain/src/lib/probe.ts',
    source: importing('Injectable', '@nestjs/common'),
    expected: ['A project tagged with "type:domain" is not allowed to import "@nestjs/common"'],
  },
  {
    name: 'domain may not import platform',
    file: 'libs/domain/src/lib/probe.ts',
    source: importing('withTimeout', '@mdi/platform'),
    expected: [ONLY('type:domain', ['type:domain'])],
  },
  {
    name: 'domain may not import storage',
    file: 'libs/domain/src/lib/probe.ts',
    source: importing('StorageModule', '@mdi/storage'),
    expected: CIRCULAR('domain', 'storage'),
  },
  {
    name: 'domain may not import providers',
    file: 'libs/domain/src/lib/probe.ts',
    source: importing('ProvidersModule', '@mdi/providers'),
    expected: CIRCULAR('domain', 'providers'),
  },

  // platform: nothing of ours.
  {
    name: 'platform may not import the domain',
    file: 'libs/platform/src/lib/probe.ts',
    source: importing('validateBar', '@mdi/domain'),
    expected: ['A project tagged with "type:platform" cannot depend on any libs with tags'],
  },
  {
    name: 'platform may not import storage',
    file: 'libs/platform/src/lib/probe.ts',
    source: importing('StorageModule', '@mdi/storage'),
    expected: CIRCULAR('platform', 'storage'),
  },
  {
    name: 'platform may not import providers',
    file: 'libs/platform/src/lib/probe.ts',
    source: importing('ProvidersModule', '@mdi/providers'),
    expected: CIRCULAR('platform', 'providers'),
  },

  // storage: domain and platform only.
  {
    name: 'storage may not import providers',
    file: 'libs/storage/src/lib/probe.ts',
    source: importing('ProvidersModule', '@mdi/providers'),
    expected: CIRCULAR('storage', 'providers'),
  },
  {
    name: 'storage may not import testing',
    file: 'libs/storage/src/lib/probe.ts',
    source: importing('createTestDatabase', '@mdi/testing'),
    expected: CIRCULAR('storage', 'testing'),
  },

  // providers: domain and platform only (its specs also testing).
  {
    name: 'providers may not import storage',
    file: 'libs/providers/src/lib/probe.ts',
    source: importing('ProviderConfigRepository', '@mdi/storage'),
    expected: [ONLY('type:providers', ['type:domain', 'type:platform'])],
  },
  {
    name: "providers' specs may not import storage either",
    file: 'libs/providers/src/lib/probe.spec.ts',
    source: importing('ProviderConfigRepository', '@mdi/storage'),
    expected: [ONLY('type:providers', ['type:domain', 'type:platform', 'type:testing'])],
  },
  {
    name: "providers' own code may not import testing",
    file: 'libs/providers/src/lib/probe.ts',
    source: importing('createTestDatabase', '@mdi/testing'),
    expected: [ONLY('type:providers', ['type:domain', 'type:platform'])],
  },

  // testing: domain, platform and storage.
  {
    name: 'testing may not import providers',
    file: 'libs/testing/src/lib/probe.ts',
    source: importing('ProvidersModule', '@mdi/providers'),
    expected: CIRCULAR('testing', 'providers'),
  },

  // No lib imports an app; no app imports another.
  ...['domain', 'platform', 'storage', 'providers', 'testing'].map((lib) => ({
    name: `${lib} may not import an app`,
    file: `libs/${lib}/src/lib/probe.ts`,
    source: importing('SERVICE_NAME', GATEWAY_FROM_LIB),
    expected: [RELATIVE],
  })),
  {
    name: 'an app may not import another app',
    file: 'apps/gateway/src/app/probe.ts',
    source: importing('SERVICE_NAME', '../../../polygon-ingestor/src/app/service-name'),
    expected: [RELATIVE],
  },

  // Tools.
  {
    name: 'the simulator stays free of the code it tests',
    file: 'tools/provider-sim/src/probe.ts',
    source: importing('validateBar', '@mdi/domain'),
    expected: ['A project tagged with "type:tool" cannot depend on any libs with tags'],
  },
];

const LIB_TYPES = ['type:domain', 'type:platform', 'type:storage', 'type:providers', 'type:testing'];

describe('module boundaries (eslint.config.mjs)', () => {
  jest.setTimeout(120_000);
  let results: Linted[];

  beforeAll(() => {
    results = lintProbes(CASES);
  });

  it.each(CASES.map((probe, index) => [probe.name, index] as const))('%s', (_name, index) => {
    const { expected } = CASES[index];
    const { messages } = results[index];
    if (expected instanceof RegExp) {
      expect(messages).toHaveLength(1);
      expect(messages[0]).toMatch(expected);
    } else {
      expect(messages).toEqual(expected);
    }
  });

  it('gives every lib one type tag, each with its own rule, and no lib rule allows an app', () => {
    const constraints = results[0].depConstraints;
    const libTypes = readdirSync(resolve(root, 'libs')).map((lib) => {
      const project = JSON.parse(readFileSync(resolve(root, 'libs', lib, 'project.json'), 'utf8')) as {
        tags: string[];
      };
      const types = project.tags.filter((tag) => tag.startsWith('type:'));
      expect({ lib, types }).toEqual({ lib, types: [expect.any(String)] });
      return types[0];
    });
    expect([...libTypes].sort()).toEqual([...LIB_TYPES].sort());
    for (const type of LIB_TYPES) {
      const rules = constraints.filter((constraint) => constraint.sourceTag === type);
      expect(rules).toHaveLength(1);
      expect(rules[0].onlyDependOnLibsWithTags).not.toContain('type:app');
    }
  });
});
