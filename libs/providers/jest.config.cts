module.exports = {
  displayName: 'providers',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  // @polygon.io/client-js is ESM-only (exports has only "import"): map it to its
  // file and let ts-jest turn that file into CommonJS.
  moduleNameMapper: {
    '^@polygon\\.io/client-js$': '<rootDir>/../../node_modules/@polygon.io/client-js/dist/main.js',
  },
  transformIgnorePatterns: ['/node_modules/(?!@polygon\\.io/)'],
  moduleFileExtensions: ['ts', 'js', 'html'],
  coverageDirectory: '../../coverage/libs/providers',
  // Real Redis, PostgreSQL, child processes and a spawned simulator.
  testTimeout: 60_000,
  maxWorkers: 1,
};
