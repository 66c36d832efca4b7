import nx from '@nx/eslint-plugin';

// Who may import whom. Every project carries one scope tag and one type tag
// (see each project.json); an import that no rule allows fails lint.
const depConstraints = [
  // Layering: apps sit on libs, libs on the domain, the domain on nothing.
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib', 'type:domain'] },
  { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib', 'type:domain'] },
  {
    sourceTag: 'type:domain',
    onlyDependOnLibsWithTags: ['type:domain'],
    // The domain is plain TypeScript: models, rules and transformers only.
    bannedExternalImports: ['@nestjs/*', 'typeorm', 'pg', 'ioredis', 'bullmq', 'nodejs-polars', '@polygon.io/*', '@alpacahq/*'],
  },
  // The end-to-end fault suite drives the apps as processes over HTTP and SQL only: test support and the domain, never an app's code.
  { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:lib', 'type:domain'] },
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

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  { ignores: ['**/dist', '**/out-tsc', '**/node_modules'] },
  {
    files: ['**/*.ts', '**/*.js'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          // Libs are never published: apps (and the migrate bundle) compile them from source.
          enforceBuildableLibDependency: false,
          // Build and Jest configuration shared by the services (not code of any project).
          allow: ['^.*/eslint(\\.base)?\\.config\\.[cm]?[jt]s$', '^(\\.\\./)+tools/build/'],
          depConstraints,
        },
      ],
    },
  },
];
