import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { UsageError } from '../cli-arguments';
import { exportSummary } from '../export-summary';
import { refusalText } from '../ingestor-client';
import { stringOption, type Command } from './command';

const FORMATS = ['parquet', 'csv', 'arrow'];

export const EXPORT_COMMANDS: readonly Command[] = [
  {
    words: ['export'],
    args: [],
    options: [
      { name: 'symbols', value: 'LIST', description: 'tickers, comma-separated (default: every active symbol)' },
      { name: 'from', value: 'YYYY-MM-DD', description: "first session (default: the start of Polygon's history)" },
      { name: 'to', value: 'YYYY-MM-DD', description: 'last session (default: the last published one)' },
      {
        name: 'adjusted',
        description: 'split-adjusted prices and volumes (only over the dates the splits ledger covers)',
      },
      { name: 'source', value: 'NAME', description: "whose bars: polygon or alpaca (default: the ingestor's)" },
      { name: 'format', value: 'FORMAT', description: 'parquet (default), csv or arrow' },
      {
        name: 'out',
        value: 'FILE',
        description: 'where to write the file (required); its coverage goes to FILE.coverage.json',
      },
    ],
    summary: 'stored bars of many symbols as one Parquet, CSV or Arrow file for backtests',
    description:
      "Downloads GET /bars/export into FILE and the export's coverage summary (GET /bars/export/coverage, same\n" +
      'query) into FILE.coverage.json: per symbol, the sessions expected, stored, not available, failed or\n' +
      'missing, so a backtest never reads a gap as a flat price. Prints the rows written and every symbol with a\n' +
      'gap. A refused export (an unknown symbol, from after to, too many bars) prints the reasons and exits 1.',
    run: async (c) => {
      const out = stringOption(c, 'out');
      if (out === undefined) throw new UsageError('missing option --out FILE');
      const format = stringOption(c, 'format');
      if (format !== undefined && !FORMATS.includes(format))
        throw new UsageError(`--format must be ${FORMATS.join(', ')}, got "${format}"`);
      const query = new URLSearchParams();
      for (const name of ['symbols', 'from', 'to', 'source', 'format']) {
        const value = stringOption(c, name);
        if (value !== undefined) query.set(name, value);
      }
      if (c.options['adjusted']) query.set('adjusted', 'true');
      const search = query.size > 0 ? `?${query.toString().replace(/%2C/g, ',')}` : '';
      const file = await c.client.download(`/bars/export${search}`);
      if (file.status >= 400) {
        c.io.err(refusalText(file));
        return 1;
      }
      const coverage = await c.client.call('GET', `/bars/export/coverage${search}`);
      if (coverage.status >= 400) {
        c.io.err(refusalText(coverage));
        return 1;
      }
      const path = resolve(c.cwd, out);
      await writeFile(path, file.bytes);
      await writeFile(`${path}.coverage.json`, `${JSON.stringify(coverage.body, null, 2)}\n`);
      c.io.out(exportSummary(path, file.bytes.length, coverage.body));
      return 0;
    },
  },
];
