import baseConfig from '../eslint.config.mjs';

export default [
  ...baseConfig,
  {
    files: ['**/*.ts'],
    rules: {
      // Benchmarks drive the real apps and libs from outside, like an operator
      // would; they are not part of any project's dependency graph.
      '@nx/enforce-module-boundaries': 'off',
    },
  },
];
