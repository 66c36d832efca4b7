const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { DefinePlugin } = require('webpack');
const nodeExternals = require('webpack-node-externals');
const { join } = require('path');
const { version } = require('../../package.json');

const workspaceRoot = join(__dirname, '../..');

/**
 * Webpack configuration of one NestJS service (apps/<name>), shared so every
 * service bundles the same way.
 */
module.exports = function serviceWebpackConfig(appName) {
  return {
    output: {
      path: join(workspaceRoot, 'dist/apps', appName),
      clean: true,
      ...(process.env.NODE_ENV !== 'production' && {
        devtoolModuleFilenameTemplate: '[absolute-resource-path]',
      }),
    },
    // node_modules stay external, except @polygon.io/client-js: it is ESM-only
    // (exports has only "import"), so require() cannot load it and webpack must
    // bundle it, resolving with the "import" condition (STACK.md, Pitfalls).
    externals: [
      nodeExternals({ modulesDir: join(workspaceRoot, 'node_modules'), allowlist: [/^@polygon\.io\/client-js/] }),
    ],
    resolve: { conditionNames: ['import', 'require', 'node', 'default'] },
    plugins: [
      // The release every service reports in /status (libs/platform serviceVersion).
      new DefinePlugin({ __MDI_VERSION__: JSON.stringify(version) }),
      new NxAppWebpackPlugin({
        target: 'node',
        compiler: 'tsc',
        main: './src/main.ts',
        tsConfig: './tsconfig.app.json',
        assets: ['./src/assets'],
        optimization: false,
        outputHashing: 'none',
        generatePackageJson: true,
        sourceMap: true,
        // The externals above replace the plugin's "all node_modules external".
        externalDependencies: 'none',
        mergeExternals: true,
      }),
    ],
  };
};
