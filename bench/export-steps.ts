/**
 * Where the export's time goes, old and new reader alternated in one
 * process on the same data (no HTTP): the TEXT COPY parsed by polars' CSV
 * reader (readCopyRows) against the binary COPY decoded into typed columns
 * (readBarColumns), each then exportFrame and Parquet. The first round
 * checks that both readers give the same frame bit for bit (every double
 * compared as its 8 bytes) and the same export frame. Then each Parquet
 * codec on the new frame: time and size.
 *
 *   SWC_NODE_PROJECT=tsconfig.base.json node -r @swc-node/register bench/export-steps.ts \
 *     [--symbols 5000] [--years 2] [--rounds 3] [--database <url of a database seeded by an earlier --keep run>] [--keep]
 * See bench/README.md, section "export".
 */
import '../libs/providers/src/bin/polygon-esm-resolution';
import { addDays, UsEquityCalendar, type IsoDate } from '@mdi/domain';
import { createTemporaryDatabase, MarketDataExportRepository, type BarExportScope } from '@mdi/storage';
import pl, { type DataFrame } from 'nodejs-polars';
import { DataSource } from 'typeorm';
import {
  concatCopyRows,
  exportFrame,
  readBarColumns,
  readCopyRows,
} from '../apps/polygon-ingestor/src/bars/export/export-frame';
import { NO_SPLIT_FACTORS } from '../apps/polygon-ingestor/src/bars/export/split-factor-table';
import { SIM_TODAY } from '../apps/polygon-ingestor/src/test-support/ingestor-harness';
import { loadAverageText, thousands } from './bench-report';
import { seedTickerBars } from './export-seed';

const STREAMS = 2;
const ADMIN_URL = process.env['TEST_DATABASE_ADMIN_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function option(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index > 0 ? process.argv[index + 1] : undefined;
}

function count(name: string, fallback: number): number {
  const value = Number(option(name) ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
}

const seconds = (ms: number) => (ms / 1000).toFixed(2);

async function timed<T>(work: () => Promise<T> | T): Promise<[T, number]> {
  const start = performance.now();
  const result = await work();
  return [result, performance.now() - start];
}

interface Steps {
  readonly copyMs: number;
  readonly frameMs: number;
  readonly parquetMs: number;
  readonly rows: DataFrame;
  readonly frame: DataFrame;
  readonly bytes: number;
}

async function exportSteps(
  bars: MarketDataExportRepository,
  scope: BarExportScope,
  reader: 'text' | 'binary',
): Promise<Steps> {
  const [rows, copyMs] = await timed(async () =>
    concatCopyRows(
      reader === 'text'
        ? await bars.copyBarsInParts(scope, STREAMS, (copy) => readCopyRows(copy))
        : await bars.copyBarColumnsInParts(scope, STREAMS, (copy) => readBarColumns(copy)),
    ),
  );
  const [frame, frameMs] = await timed(() =>
    exportFrame(rows, { source: scope.source, adjusted: false, splitFactors: NO_SPLIT_FACTORS }),
  );
  const [body, parquetMs] = await timed(() => frame.writeParquet({ compression: 'snappy' }));
  return { copyMs, frameMs, parquetMs, rows, frame, bytes: body.length };
}

/** A Float64 column's values as bytes: compared bit for bit (NaN and -0 included). */
function doubleBytes(frame: DataFrame, name: string): Buffer {
  const values = frame.getColumn(name).rechunk().toTypedArray();
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength);
}

function assertSameFrame(old: DataFrame, current: DataFrame, what: string): void {
  if (JSON.stringify(old.schema) !== JSON.stringify(current.schema)) throw new Error(`${what}: schemas differ`);
  if (old.height !== current.height) throw new Error(`${what}: ${old.height} rows against ${current.height}`);
  for (const name of old.columns) {
    const [a, b] = [old.getColumn(name), current.getColumn(name)];
    const same =
      a.dtype.equals(pl.Float64) && a.nullCount() === 0 && b.nullCount() === 0
        ? doubleBytes(old, name).equals(doubleBytes(current, name))
        : a.seriesEqual(b, true);
    if (!same) throw new Error(`${what}: ${name} differs`);
  }
}

async function main(): Promise<void> {
  const symbolCount = count('--symbols', 5000);
  const years = count('--years', 2);
  const rounds = count('--rounds', 3);
  const to = SIM_TODAY as IsoDate;
  const from = addDays(to, -365 * years);
  const reuse = option('--database');
  const keep = process.argv.includes('--keep');
  let drop: (() => Promise<void>) | undefined;
  let dataSource: DataSource;
  if (reuse) {
    dataSource = new DataSource({ type: 'postgres', url: reuse, extra: { max: 4 } });
    await dataSource.initialize();
    drop = () => dataSource.destroy();
  } else {
    const db = await createTemporaryDatabase({ adminUrl: ADMIN_URL, prefix: 'mdi_bench_export' });
    dataSource = db.dataSource;
    drop = keep ? () => db.dataSource.destroy() : db.drop;
    process.stderr.write(`seeding ${symbolCount} symbols x ${from}..${to} into ${db.url}...\n`);
    await seedTickerBars(db.dataSource, new UsEquityCalendar(), symbolCount, from, to);
    await db.dataSource.query('CHECKPOINT');
  }
  try {
    const symbols = (
      (await dataSource.query(`SELECT symbol FROM data_ingestion.symbols WHERE status = 'active' ORDER BY symbol`)) as {
        symbol: string;
      }[]
    ).map((row) => row.symbol);
    const scope: BarExportScope = { symbols, from, to, source: 'polygon' };
    const bars = new MarketDataExportRepository(dataSource);
    const lines = [`load average at start: ${loadAverageText()}`];
    const runs: { reader: string; steps: Steps }[] = [];
    for (let round = 0; round < rounds; round++) {
      const order: ('text' | 'binary')[] = round % 2 === 0 ? ['text', 'binary'] : ['binary', 'text'];
      const pair: Partial<Record<'text' | 'binary', Steps>> = {};
      for (const reader of order) {
        const steps = await exportSteps(bars, scope, reader);
        pair[reader] = steps;
        runs.push({ reader, steps });
        process.stderr.write(
          `round ${round + 1} ${reader}: copy and parse ${seconds(steps.copyMs)} s, frame ${seconds(steps.frameMs)} s, ` +
            `Parquet ${seconds(steps.parquetMs)} s, ${thousands(steps.rows.height)} rows, ${thousands(steps.bytes)} bytes ` +
            `(load ${loadAverageText()})\n`,
        );
      }
      if (round === 0) {
        const { text, binary } = pair as Record<'text' | 'binary', Steps>;
        assertSameFrame(text.rows, binary.rows, 'rows read');
        assertSameFrame(text.frame, binary.frame, 'export frame');
        lines.push(`round 1: both readers gave the same ${thousands(text.rows.height)} rows, bit for bit`);
      }
    }
    lines.push('', '| reader | copy and parse s | frame s | Parquet s | total s |', '|---|---|---|---|---|');
    for (const reader of ['text', 'binary']) {
      const own = runs.filter((run) => run.reader === reader).map((run) => run.steps);
      const range = (pick: (s: Steps) => number) => {
        const values = own.map(pick);
        return `${seconds(Math.min(...values))}-${seconds(Math.max(...values))}`;
      };
      lines.push(
        `| ${reader} | ${range((s) => s.copyMs)} | ${range((s) => s.frameMs)} | ${range((s) => s.parquetMs)} | ` +
          `${range((s) => s.copyMs + s.frameMs + s.parquetMs)} |`,
      );
    }
    const frame = runs[runs.length - 1].steps.frame;
    lines.push('', '| Parquet codec | encode s (min-max of 3) | MB |', '|---|---|---|');
    for (const compression of ['snappy', 'lz4', 'zstd', 'uncompressed'] as const) {
      const times: number[] = [];
      let bytes = 0;
      for (let k = 0; k < 3; k++) {
        const [body, ms] = await timed(() => frame.writeParquet({ compression }));
        times.push(ms);
        bytes = body.length;
      }
      lines.push(
        `| ${compression} | ${seconds(Math.min(...times))}-${seconds(Math.max(...times))} | ${(bytes / 1e6).toFixed(1)} |`,
      );
    }
    lines.push('', `load average at end: ${loadAverageText()}`);
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await drop?.();
  }
}

main().catch((error: Error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
