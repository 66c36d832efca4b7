module.exports = require('../../tools/build/service-webpack.config')('alpaca-monitor');
