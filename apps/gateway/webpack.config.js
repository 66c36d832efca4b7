const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const nodeExternals = require('webpack-node-externals');
const { join } = require('path');

module.exports = {
  output: {
    path: join(__dirname, '../../dist/apps/gateway'),
    clean: true,
    ...(process.env.NODE_ENV !== 'production' && {
      devtoolModuleFilenameTemplate: '[absolute-resource-path]',
    }),
  },
  // node_modules stay external, except @polygon.io/client-js: it is ESM-only
  // (exports has only "import"), so require() cannot load it and webpack must
  // bundle it, resolving with the "import" condition (STACK.md, Pitfalls).
  externals: [nodeExternals({ modulesDir: join(__dirname, '../../node_modules'), allowlist: [/^@polygon\.io\/client-js/] })],
  resolve: { conditionNames: ['import', 'require', 'node', 'default'] },
  plugins: [
    new NxAppWebpackPlugin({
      target: 'node',
      compiler: 'tsc',
      main: './src/main.ts',
      tsConfig: './tsconfig.app.json',
      assets: ["./src/assets"],
      optimization: false,
      outputHashing: 'none',
      generatePackageJson: true,
      sourceMap: true,
      // The externals above replace the plugin's "all node_modules external".
      externalDependencies: 'none',
      mergeExternals: true,
    })
  ],
};
