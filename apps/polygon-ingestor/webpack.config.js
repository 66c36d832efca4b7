module.exports = require('../../tools/build/service-webpack.config')('polygon-ingestor', {
  // The backtest export's worker thread (src/bars/export/export-worker-thread.ts loads it next to main.js).
  workerEntries: [{ entryName: 'export-encoder.worker', entryPath: './src/bars/export/export-encoder.worker.ts' }],
});
