const { DefinePlugin } = require('webpack');
const nodeExternals = require('webpack-node-externals');
const { join } = require('path');
const { version } = require('../../package.json');
const nodeProgramWebpackConfig = require('./node-program-webpack.config');

const workspaceRoot = join(__dirname, '../..');

/**
 * Webpack configuration of one NestJS service (apps/<name>), shared so every
 * service bundles the same way. `workerEntries` are further scripts of the
 * service (worker threads), each bundled as `<entryName>.js` next to main.js.
 */
module.exports = function serviceWebpackConfig(appName, { workerEntries = [] } = {}) {
  return nodeProgramWebpackConfig(join(workspaceRoot, 'dist/apps', appName), {
    // node_modules stay external, except @polygon.io/client-js: it is ESM-only
    // (exports has only "import"), so require() cannot load it and webpack must
    // bundle it, resolving with the "import" condition (STACK.md, Pitfalls).
    externals: [
      nodeExternals({ modulesDir: join(workspaceRoot, 'node_modules'), allowlist: [/^@polygon\.io\/client-js/] }),
    ],
    resolve: { conditionNames: ['import', 'require', 'node', 'default'] },
    // The release every service reports in /status (libs/platform serviceVersion).
    plugins: [new DefinePlugin({ __MDI_VERSION__: JSON.stringify(version) })],
    pluginOptions: {
      // The externals above replace the plugin's "all node_modules external".
      externalDependencies: 'none',
      mergeExternals: true,
      additionalEntryPoints: workerEntries,
    },
  });
};
