/**
 * What the change-watermark triggers on market_data cost the bulk upsert: the
 * same writes with the triggers enabled and disabled, interleaved on one
 * database (the machine is shared, so A and B see the same load).
 *   SWC_NODE_PROJECT=tsconfig.base.json node -r @swc-node/register bench/change-watermark.bench.ts [--symbols=200] [--repeat=5]
 * See bench/README.md for the measured numbers.
 */
import 'reflect-metadata';
import { loadavg } from 'node:os';
import { addDays, etMidnight, isWeekend, type MarketDataBar } from '@mdi/domain';
import { createDataSourceOptions, MarketDataRepository } from '@mdi/storage';
import { createTestDatabase } from '@mdi/testing';
import { DataSource } from 'typeorm';
import { median } from './median';

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const SYMBOLS = Number(arg('symbols') ?? 200);
const REPEAT = Number(arg('repeat') ?? 5);
const DAYS = 250;
const TRIGGERS = [
  'market_data_changes_on_insert',
  'market_data_changes_on_update',
  'market_data_changes_on_key_move',
  'market_data_changes_on_delete',
];

function generateBars(close: string): MarketDataBar[] {
  const dates: Date[] = [];
  for (let d = '2023-01-02'; dates.length < DAYS; d = addDays(d, 1)) if (!isWeekend(d)) dates.push(etMidnight(d));
  const bars: MarketDataBar[] = [];
  for (let s = 0; s < SYMBOLS; s += 1) {
    const symbol = [3, 2, 1, 0].map((p) => String.fromCharCode(65 + (Math.floor(s / 26 ** p) % 26))).join('');
    for (const timestamp of dates) {
      bars.push({ symbol, timestamp, open: '100', high: '102', low: '99', close, volume: '1000', source: 'polygon' });
    }
  }
  return bars;
}

async function main(): Promise<void> {
  const startLoad = loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  const db = await createTestDatabase();
  const single = new DataSource(createDataSourceOptions(db.url, { poolSize: 1 }));
  await single.initialize();
  const repo = new MarketDataRepository(single);
  const first = generateBars('101');
  const changed = generateBars('101.5');
  const phases = ['insert (COPY)', 'update (upsert)', 'identical re-upsert'] as const;
  const times: Record<string, Record<string, number[]>> = { on: {}, off: {} };
  const timed = async (mode: string, phase: string, write: () => Promise<unknown>) => {
    const started = performance.now();
    await write();
    ((times[mode] as Record<string, number[]>)[phase] ??= []).push(performance.now() - started);
  };
  for (let i = 0; i < REPEAT * 2; i += 1) {
    const mode = i % 2 === 0 ? 'on' : 'off';
    await single.query('TRUNCATE data_ingestion.market_data, data_ingestion.market_data_changes');
    for (const trigger of TRIGGERS) {
      await single.query(
        `ALTER TABLE data_ingestion.market_data ${mode === 'on' ? 'ENABLE' : 'DISABLE'} TRIGGER ${trigger}`,
      );
    }
    await timed(mode, phases[0], () => repo.upsertBars(first));
    await timed(mode, phases[1], () => repo.upsertBars(changed));
    await timed(mode, phases[2], () => repo.upsertBars(changed));
  }
  const rows = first.length;
  console.log(`${rows} rows (${SYMBOLS} symbols x ${DAYS} sessions), median of ${REPEAT} interleaved runs per mode`);
  console.log(
    `load average at start ${startLoad}, at end ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  console.log('| phase | rows/s, triggers off | rows/s, triggers on | on/off |');
  console.log('|---|---|---|---|');
  for (const phase of phases) {
    const off = rows / (median(times['off']?.[phase] ?? []) / 1000);
    const on = rows / (median(times['on']?.[phase] ?? []) / 1000);
    console.log(`| ${phase} | ${Math.round(off)} | ${Math.round(on)} | ${Math.round((on / off) * 100)}% |`);
  }
  await single.destroy();
  await db.drop();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
