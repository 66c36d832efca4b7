/**
 * Jest configuration of one NestJS service (apps/<name>), shared so every
 * service's tests load the providers the same way.
 */
module.exports = function serviceJestConfig(appName) {
  return {
    displayName: appName,
    preset: '../../jest.preset.js',
    testEnvironment: 'node',
    transform: {
      // @polygon.io/client-js is ESM-only: its file is compiled to CommonJS with
      // a tsconfig that allows JS (so the app's tsconfig.spec.json needs no change).
      '^.+/node_modules/@polygon\\.io/.+\\.js$': [
        'ts-jest',
        { tsconfig: '<rootDir>/../../libs/providers/tsconfig.polygon-esm.json' },
      ],
      '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
    },
    moduleNameMapper: {
      '^@polygon\\.io/client-js$': '<rootDir>/../../node_modules/@polygon.io/client-js/dist/main.js',
    },
    transformIgnorePatterns: ['/node_modules/(?!@polygon\\.io/)'],
    moduleFileExtensions: ['ts', 'js', 'html'],
    coverageDirectory: `../../coverage/apps/${appName}`,
  };
};
