const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { join } = require('path');

// Bundles the migrate CLI (dist/libs/storage/migrate.js) for the Kubernetes migration Job;
// node_modules stay external like the services'.
module.exports = {
  output: { path: join(__dirname, '../../dist/libs/storage'), clean: true },
  plugins: [
    new NxAppWebpackPlugin({
      target: 'node',
      compiler: 'tsc',
      main: './src/bin/migrate.ts',
      outputFileName: 'migrate.js',
      tsConfig: './tsconfig.lib.json',
      optimization: false,
      outputHashing: 'none',
      generatePackageJson: true,
      sourceMap: true,
    }),
  ],
};
