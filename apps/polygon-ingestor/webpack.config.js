module.exports = require('../../tools/build/service-webpack.config')('polygon-ingestor');
