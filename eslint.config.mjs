import nx from '@nx/eslint-plugin';
import prettierRecommended from 'eslint-plugin-prettier/recommended';

// Who may import whom. Every project carries one scope tag and one type tag
// (see each project.json); an import that no rule allows fails lint.
// tools/workspace-checks proves that each forbidden import is rejected.
const LIBS = ['type:domain', 'type:platform', 'type:storage', 'type:providers', 'type:testing'];

const depConstraints = [
  // Apps sit on the libs; never on another app (no rule allows type:app).
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: LIBS },
  // Between libs, bottom up: domain and platform, then storage and providers, then testing. No lib imports an app.
  {
    sourceTag: 'type:domain',
    onlyDependOnLibsWithTags: ['type:domain'],
    // The domain is plain TypeScript: models, rules and transformers only.
    bannedExternalImports: [
      '@nestjs/*',
      'typeorm',
      'pg',
      'ioredis',
      'bullmq',
      'nodejs-polars',
      '@polygon.io/*',
      '@alpacahq/*',
    ],
  },
  // Platform is the service framework (config, log redaction, metrics, readiness, alerts, HTTP) and imports none of our
  // projects, the domain included: it needs nothing of them, and storage and providers build on it.
  { sourceTag: 'type:platform', onlyDependOnLibsWithTags: [] },
  // Storage and providers: the domain, and platform for what a service's lib plugs into (readiness checks, metrics,
  // config, withTimeout, redactSecrets). Never each other: provider registration writes provider_config through the
  // domain's ProviderConfigStore, which the app supplies (ProviderConfigStoreModule of storage).
  { sourceTag: 'type:storage', onlyDependOnLibsWithTags: ['type:domain', 'type:platform'] },
  { sourceTag: 'type:providers', onlyDependOnLibsWithTags: ['type:domain', 'type:platform'] },
  // Test support: temporary databases (storage), service harnesses (platform), the simulator.
  { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:domain', 'type:platform', 'type:storage'] },
  // The end-to-end fault suite drives the apps as processes over HTTP and SQL only: test support and the domain, never an app's code.
  { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: LIBS },
  // The simulator plays the vendors; it must not share code with what it tests.
  { sourceTag: 'type:tool', onlyDependOnLibsWithTags: [] },
  // Ownership: each app sees only its own scope plus the shared libs.
  { sourceTag: 'scope:polygon', onlyDependOnLibsWithTags: ['scope:polygon', 'scope:shared'] },
  { sourceTag: 'scope:alpaca', onlyDependOnLibsWithTags: ['scope:alpaca', 'scope:shared'] },
  { sourceTag: 'scope:quality', onlyDependOnLibsWithTags: ['scope:quality', 'scope:shared'] },
  { sourceTag: 'scope:gateway', onlyDependOnLibsWithTags: ['scope:gateway', 'scope:shared'] },
  { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
  { sourceTag: 'scope:e2e', onlyDependOnLibsWithTags: ['scope:shared'] },
  { sourceTag: 'scope:tools', onlyDependOnLibsWithTags: [] },
];

// The specs and test support of providers may also use libs/testing (databases, the simulator); its own code may not.
const testDepConstraints = depConstraints.map((constraint) =>
  constraint.sourceTag === 'type:providers'
    ? { ...constraint, onlyDependOnLibsWithTags: [...constraint.onlyDependOnLibsWithTags, 'type:testing'] }
    : constraint,
);

const moduleBoundaries = (constraints) => [
  'error',
  {
    // Libs are never published: apps (and the migrate bundle) compile them from source.
    enforceBuildableLibDependency: false,
    // Build and Jest configuration shared by the services (not code of any project).
    allow: ['^.*/eslint(\\.base)?\\.config\\.[cm]?[jt]s$', '^(\\.\\./)+tools/build/'],
    depConstraints: constraints,
  },
];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  { ignores: ['**/dist', '**/out-tsc', '**/node_modules'] },
  {
    files: ['**/*.ts', '**/*.js'],
    rules: {
      '@nx/enforce-module-boundaries': moduleBoundaries(depConstraints),
      // `const { dropped, ...kept } = value` is how a property is left out of a copy.
      '@typescript-eslint/no-unused-vars': ['warn', { ignoreRestSiblings: true }],
    },
  },
  {
    files: ['**/*.spec.ts', '**/test-support/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': moduleBoundaries(testDepConstraints) },
  },
  // Formatting is Prettier's (.prettierrc.json): a file that `npx prettier --write` would change fails lint.
  prettierRecommended,
];
