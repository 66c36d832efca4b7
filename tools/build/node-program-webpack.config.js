const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');

/**
 * Webpack configuration of one Node program of this repository (a service,
 * the provider simulator): tsc, `./src/main.ts` with `./src/assets`, not
 * minified, with source maps and a generated package.json, written to
 * `outputPath`. `plugins` run before Nx's; `pluginOptions` adjust Nx's plugin;
 * `rest` is merged into the configuration.
 */
module.exports = function nodeProgramWebpackConfig(outputPath, { plugins = [], pluginOptions = {}, ...rest } = {}) {
  return {
    output: {
      path: outputPath,
      clean: true,
      ...(process.env.NODE_ENV !== 'production' && {
        devtoolModuleFilenameTemplate: '[absolute-resource-path]',
      }),
    },
    ...rest,
    plugins: [
      ...plugins,
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
        ...pluginOptions,
      }),
    ],
  };
};
