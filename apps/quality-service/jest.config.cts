module.exports = require('../../tools/build/service-jest.config')('quality-service');
