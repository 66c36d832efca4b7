module.exports = require('../../tools/build/service-jest.config')('alpaca-monitor');
