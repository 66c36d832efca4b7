module.exports = require('../../tools/build/service-webpack.config')('quality-service');
