const { readFileSync } = require('fs');
const { join } = require('path');
const { Compilation, sources } = require('webpack');
const serviceWebpackConfig = require('../../tools/build/service-webpack.config');

const CHART_LIBRARY = join(
  __dirname,
  '../../node_modules/lightweight-charts/dist/lightweight-charts.standalone.production.js',
);

/**
 * Puts lightweight-charts' standalone build into the output as
 * assets/vendor/lightweight-charts.standalone.production.js, where the status
 * page's GET /ui/lightweight-charts.js reads it (src/app/status-page/page-assets.ts):
 * a deployment serves the chart library without node_modules or a CDN.
 */
class CopyChartLibrary {
  apply(compiler) {
    compiler.hooks.thisCompilation.tap('CopyChartLibrary', (compilation) => {
      compilation.hooks.processAssets.tap(
        { name: 'CopyChartLibrary', stage: Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL },
        () => {
          compilation.fileDependencies.add(CHART_LIBRARY);
          compilation.emitAsset(
            'assets/vendor/lightweight-charts.standalone.production.js',
            new sources.RawSource(readFileSync(CHART_LIBRARY)),
          );
        },
      );
    });
  }
}

const config = serviceWebpackConfig('gateway');
module.exports = { ...config, plugins: [...config.plugins, new CopyChartLibrary()] };
