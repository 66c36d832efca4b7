const nxPreset = require('@nx/jest/preset').default;

// Specs talk to real PostgreSQL, Redis and HTTP servers, and `npm test` runs several projects at once on
// 2 cores: a test may wait seconds for a migrated database. The limit is a bound, not a wait; specs that
// need longer set their own.
module.exports = { ...nxPreset, testTimeout: 30_000 };
