/**
 * The end-to-end fault suite: each spec file starts a whole private system
 * (PostgreSQL, Redis, the simulator, every service as a process). One file at
 * a time, so two systems never compete for the 2 cores of a CI machine.
 */
module.exports = {
  displayName: 'fault-suite',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleFileExtensions: ['ts', 'js'],
  testMatch: ['<rootDir>/src/**/*.fault.spec.ts'],
  maxWorkers: 1,
};
