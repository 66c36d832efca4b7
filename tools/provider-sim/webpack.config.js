const { join } = require('path');
const nodeProgramWebpackConfig = require('../../tools/build/node-program-webpack.config');

module.exports = nodeProgramWebpackConfig(join(__dirname, '../../dist/tools/provider-sim'));
