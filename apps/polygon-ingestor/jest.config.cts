module.exports = {
  displayName: 'polygon-ingestor',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  transform: {
    // @polygon.io/client-js is ESM-only: its file is compiled to CommonJS with
    // a tsconfig that allows JS (so this app's tsconfig.spec.json needs no change).
    '^.+/node_modules/@polygon\\.io/.+\\.js$': ['ts-jest', { tsconfig: '<rootDir>/../../libs/providers/tsconfig.polygon-esm.json' }],
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }]
  },
  moduleNameMapper: {
    '^@polygon\\.io/client-js$': '<rootDir>/../../node_modules/@polygon.io/client-js/dist/main.js',
  },
  transformIgnorePatterns: ['/node_modules/(?!@polygon\\.io/)'],
  moduleFileExtensions: ['ts', 'js', 'html'],
  coverageDirectory: '../../coverage/apps/polygon-ingestor'
};
