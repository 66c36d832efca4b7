/**
 * Bulk upsert of daily bars against raw COPY, on a fresh migrated database.
 *   SWC_NODE_PROJECT=tsconfig.base.json node -r @swc-node/register bench/bulk-upsert.bench.ts [--sizes=50000,500000] [--chunk=10000] [--repeat=3]
 * See bench/README.md for the measured numbers.
 */
import 'reflect-metadata';
import { loadavg } from 'node:os';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { addDays, etMidnight, isWeekend, validateBar, type MarketDataBar } from '@mdi/domain';
import { createDataSourceOptions, MarketDataRepository } from '@mdi/storage';
import { createTestDatabase } from '@mdi/testing';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { DataSource } from 'typeorm';
import { reportBench, thousands, type BenchFigure } from './bench-report';
import { median } from './median';

const DAYS = 500;
const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const SIZES = (arg('sizes') ?? '50000,500000').split(',').map(Number);
const CHUNK = Number(arg('chunk') ?? 10_000);
/** The machine is shared: each figure is the median of this many interleaved runs. */
const REPEAT = Number(arg('repeat') ?? 3);

/** `count` symbols (AAAA, AAAB, ...) x 500 weekdays of bars, deterministic random walk. */
function generateBars(symbols: number): MarketDataBar[] {
  const dates: Date[] = [];
  for (let d = '2023-01-02'; dates.length < DAYS; d = addDays(d, 1)) {
    if (!isWeekend(d)) dates.push(etMidnight(d));
  }
  let seed = 42;
  const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const bars: MarketDataBar[] = [];
  for (let s = 0; s < symbols; s += 1) {
    const symbol = [3, 2, 1, 0].map((p) => String.fromCharCode(65 + (Math.floor(s / 26 ** p) % 26))).join('');
    let cents = 5_000 + Math.floor(random() * 100_000);
    for (const timestamp of dates) {
      const open = cents;
      cents = Math.max(100, cents + Math.round((random() - 0.5) * 400));
      const high = Math.max(open, cents) + Math.round(random() * 100);
      const low = Math.max(1, Math.min(open, cents) - Math.round(random() * 100));
      const price = (c: number) => (c / 100).toFixed(2);
      bars.push({
        symbol,
        timestamp,
        open: price(open),
        high: price(high),
        low: price(low),
        close: price(cents),
        volume: String(Math.floor(random() * 10_000_000)),
        source: 'polygon',
      });
    }
  }
  return bars;
}

async function copyRows(url: string, bars: readonly MarketDataBar[]): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const stream = client.query(
      copyFrom(
        'COPY data_ingestion.market_data (symbol, timestamp, open, high, low, close, volume, source) FROM STDIN',
      ),
    );
    async function* lines() {
      const batch: string[] = [];
      for (const b of bars) {
        batch.push(
          `${b.symbol}\t${b.timestamp.toISOString()}\t${b.open}\t${b.high}\t${b.low}\t${b.close}\t${b.volume}\t${b.source}\n`,
        );
        if (batch.length === 5000) yield batch.splice(0).join('');
      }
      if (batch.length > 0) yield batch.join('');
    }
    await pipeline(Readable.from(lines()), stream);
  } finally {
    await client.end();
  }
}

async function seconds(work: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - started) / 1e9;
}

async function main(): Promise<void> {
  const startLoad = loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  const db = await createTestDatabase();
  // One connection: pg_stat_force_next_flush() then flushes the upserts' own counters.
  const single = new DataSource(createDataSourceOptions(db.url, { poolSize: 1 }));
  await single.initialize();
  const repo = new MarketDataRepository(single);
  const tuplesWritten = async () => {
    await single.query('SELECT pg_stat_force_next_flush()');
    const [row] = await single.query(
      `SELECT n_tup_ins + n_tup_upd + n_tup_del AS n FROM pg_stat_user_tables
        WHERE schemaname = 'data_ingestion' AND relname = 'market_data'`,
    );
    return Number(row.n);
  };
  const reset = () => single.query('TRUNCATE data_ingestion.market_data; CHECKPOINT');
  const rows: string[][] = [];
  const figures: BenchFigure[] = [];
  try {
    for (const size of SIZES) {
      const bars = generateBars(Math.ceil(size / DAYS)).slice(0, size);
      bars.slice(0, 2000).forEach((b) => validateBar(b)); // warm the validator's JIT

      const copies: number[] = [];
      const upserts: number[] = [];
      const writes: number[] = [];
      const validations: number[] = [];
      const trustedUpserts: number[] = [];
      const reupserts: number[] = [];
      const gapUpserts: number[] = [];
      let written = 0;
      let copied = 0;
      for (let run = 0; run < REPEAT; run += 1) {
        await reset();
        copies.push(await seconds(() => copyRows(db.url, bars)));

        // Plain objects: the repository validates every bar (foreign input).
        await reset();
        let result = { inserted: 0 };
        let phases = { validateMs: 0, writeMs: 0, copiedRows: 0 };
        const onTimings = (t: typeof phases) => (phases = t);
        upserts.push(
          await seconds(async () => (result = await repo.upsertBars(bars, { chunkSize: CHUNK, onTimings }))),
        );
        if (result.inserted !== bars.length) throw new Error(`expected ${bars.length} inserts, got ${result.inserted}`);
        writes.push(phases.writeMs / 1000);
        copied = phases.copiedRows;

        const before = await tuplesWritten();
        let again = { unchanged: 0 };
        reupserts.push(await seconds(async () => (again = await repo.upsertBars(bars, { chunkSize: CHUNK }))));
        written += (await tuplesWritten()) - before;
        if (again.unchanged !== bars.length)
          throw new Error(`expected ${bars.length} unchanged, got ${again.unchanged}`);

        // The ingestion path: validateBar once (in the transformer), then the
        // repository recognises the validated bars and does not check them again.
        await reset();
        let validated: MarketDataBar[] = [];
        validations.push(
          await seconds(
            async () =>
              (validated = bars.map((b) => {
                const checked = validateBar(b);
                if (!checked.ok) throw new Error(checked.reasons.join('; '));
                return checked.value;
              })),
          ),
        );
        trustedUpserts.push(
          await seconds(async () => (result = await repo.upsertBars(validated, { chunkSize: CHUNK }))),
        );
        if (result.inserted !== bars.length) throw new Error(`expected ${bars.length} inserts, got ${result.inserted}`);

        // New keys inside the stored range (every other session already
        // stored): they cannot be told apart from stored keys without a
        // lookup, so they take the INSERT ... ON CONFLICT path.
        await reset();
        await copyRows(
          db.url,
          bars.filter((_, i) => i % 2 === 0),
        );
        const gaps = bars.filter((_, i) => i % 2 === 1);
        gapUpserts.push(
          (await seconds(async () => (result = await repo.upsertBars(gaps, { chunkSize: CHUNK })))) *
            (bars.length / gaps.length),
        );
        if (result.inserted !== gaps.length) throw new Error(`expected ${gaps.length} inserts, got ${result.inserted}`);
      }
      const [copy, upsert, dbOnly, validation, trusted, reupsert, gap] = [
        copies,
        upserts,
        writes,
        validations,
        trustedUpserts,
        reupserts,
        gapUpserts,
      ].map(median) as number[];

      const rate = (s: number) => Math.round(bars.length / s);
      const ratio = (s: number) => `${Math.round((rate(s) / rate(copy)) * 100)}%`;
      rows.push([
        String(bars.length),
        String(rate(copy)),
        String(rate(upsert)),
        ratio(upsert),
        String(rate(validation + trusted)),
        ratio(validation + trusted),
        String(rate(trusted)),
        ratio(trusted),
        String(rate(dbOnly)),
        ratio(dbOnly),
        String(rate(validation)),
        String(copied),
        String(rate(reupsert)),
        String(written),
        String(rate(gap)),
        ratio(gap),
      ]);
      const share = (s: number) => rate(s) / rate(copy);
      figures.push(
        {
          figure: `upsert of new bars from plain objects, ${thousands(bars.length)} rows`,
          value: `${thousands(rate(upsert))} rows/s`,
          comparison: `COPY ${thousands(rate(copy))} rows/s (${ratio(upsert)})`,
          target: '>= 50% of COPY',
          met: share(upsert) >= 0.5,
        },
        {
          figure: `validateBar + upsert (the ingestion path), ${thousands(bars.length)} rows`,
          value: `${thousands(rate(validation + trusted))} rows/s`,
          comparison: `COPY ${thousands(rate(copy))} rows/s (${ratio(validation + trusted)})`,
          target: '>= 50% of COPY',
          met: share(validation + trusted) >= 0.5,
        },
        {
          figure: `re-upsert of identical rows, ${thousands(bars.length)} rows`,
          value: `${thousands(written)} tuples written`,
          comparison: `${REPEAT} re-upserts of ${thousands(bars.length)} rows`,
          target: '0 tuples written',
          met: written === 0,
        },
      );
      console.log(
        `${bars.length} rows done, load average ${loadavg()
          .map((l) => l.toFixed(2))
          .join(' ')}`,
      );
    }
  } finally {
    await single.destroy();
    await db.drop();
  }
  const header = [
    'rows',
    'COPY rows/s',
    'upsert of plain objects rows/s',
    'ratio',
    'validateBar + upsert of its bars rows/s',
    'ratio',
    'upsert of validated bars rows/s',
    'ratio',
    'write phase rows/s',
    'ratio',
    'validateBar rows/s',
    'rows via COPY',
    're-upsert rows/s',
    'tuples written by re-upsert',
    'new keys in gaps rows/s',
    'ratio',
  ];
  const lines = [
    `chunk size ${CHUNK}, median of ${REPEAT} runs; tuples written = sum over all re-upsert runs; ` +
      `load average at start ${startLoad}, at end ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    '',
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ];
  console.log(lines.join('\n'));
  reportBench(figures, lines.join('\n'));
}

main().catch((error: unknown) => {
  console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
