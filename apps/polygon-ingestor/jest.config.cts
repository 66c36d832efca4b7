module.exports = require('../../tools/build/service-jest.config')('polygon-ingestor');
