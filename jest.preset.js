const nxPreset = require('@nx/jest/preset').default;

// Specs talk to real PostgreSQL, Redis and HTTP servers, and `npm test` runs several projects at once on
// 2 cores: a test may wait seconds for a migrated database. The limit is a bound, not a wait; specs that
// need longer set their own.
//
// Under CI a handle a spec forgot to close (a listening socket, a reconnecting client) must not keep Jest
// alive until the CI time limit and turn a passing run into a timeout: Jest exits once the results are in.
// Locally it does not, so the "Jest did not exit" warning still points at the leak (find it with
// --detectOpenHandles).
module.exports = { ...nxPreset, testTimeout: 30_000, forceExit: process.env.CI === 'true' };
