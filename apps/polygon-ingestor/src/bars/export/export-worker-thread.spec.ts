import type { BarColumns } from '@mdi/storage';
import pl from 'nodejs-polars';
import { ExportFileBuilder, type EncodedExport, type ExportSpec } from './export-encoding';
import { EXPORT_FORMATS, type ExportFormat } from './export-request';
import { ExportEncoderThread } from './export-worker-thread';
import { NO_SPLIT_FACTORS, splitFactorTable } from './split-factor-table';

const DAY_MS = 86_400_000;
const dayOf = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;

/** Two chunks: AAPL's three sessions (the third in the second chunk) and NVDA's two around a 1-for-4 split. */
function chunks(): BarColumns[] {
  const chunk = (symbols: string[], runs: number[], dates: string[], closes: number[]): BarColumns => ({
    rows: dates.length,
    symbols,
    runLengths: Uint32Array.from(runs),
    day: Int32Array.from(dates, dayOf),
    epochMs: Float64Array.from(dates, (d) => Date.parse(`${d}T04:00:00Z`)),
    open: Float64Array.from(closes),
    high: Float64Array.from(closes, (c) => c + 1),
    low: Float64Array.from(closes, (c) => c - 1),
    close: Float64Array.from(closes),
    volume: Float64Array.from(closes, (c) => c * 1000),
  });
  return [
    chunk(['AAPL'], [2], ['2024-06-06', '2024-06-07'], [194.48, 196.89]),
    chunk(['AAPL', 'NVDA'], [1, 2], ['2024-06-10', '2024-06-07', '2024-06-10'], [193.12, 1208.88, 121.79]),
  ];
}

const spec = (format: ExportFormat, adjusted = false): ExportSpec => ({
  source: 'polygon',
  adjusted,
  splitFactors: adjusted
    ? splitFactorTable([{ symbol: 'NVDA', executionDate: '2024-06-10', splitFrom: 1, splitTo: 4 }])
    : NO_SPLIT_FACTORS,
  format,
});

/** The file of chunks() in two COPY parts, the second part's chunk added first (the parts come at once). */
function encodeInThread(options: ExportSpec, parts = chunks()): Promise<EncodedExport> {
  const thread = ExportEncoderThread.start(options);
  thread.add(1, parts[1]);
  thread.add(0, parts[0]);
  return thread.finish();
}

const read = (format: ExportFormat, body: Uint8Array) => {
  const buffer = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (format === 'parquet') return pl.readParquet(buffer);
  if (format === 'arrow') return pl.readIPC(buffer);
  return pl.readCSV(buffer, { tryParseDates: true });
};

describe('ExportEncoderThread', () => {
  it.each(EXPORT_FORMATS)(
    'makes the same %s file in its thread as ExportFileBuilder here, parts in order',
    async (format) => {
      const builder = new ExportFileBuilder(spec(format, true));
      chunks().forEach((chunk, part) => builder.add(part, chunk));
      const here = builder.finish();
      const there = await encodeInThread(spec(format, true));
      expect(there.rows).toBe(5);
      expect(Buffer.compare(Buffer.from(there.body), Buffer.from(here.body))).toBe(0);
      const frame = read(format, there.body);
      expect(frame.getColumn('symbol').toArray()).toEqual(['AAPL', 'AAPL', 'AAPL', 'NVDA', 'NVDA']);
      expect(frame.getColumn('close').toArray()).toEqual([194.48, 196.89, 193.12, 302.22, 121.79]);
      expect(frame.getColumn('split_factor').toArray()).toEqual([1, 1, 1, 0.25, 1]);
    },
  );

  it("moves the bars' columns to the thread instead of copying them", async () => {
    const parts = chunks();
    const close = parts[0].close;
    expect(close.length).toBe(2);
    await encodeInThread(spec('arrow'), parts);
    // A transferred buffer is detached here: its array reads as empty.
    expect(close.length).toBe(0);
  });

  it("rejects with the thread's error, and a thread that fails or is stopped does not stop the next export", async () => {
    await expect(encodeInThread({ ...spec('parquet'), format: 'xlsx' as ExportFormat })).rejects.toThrow(
      "Cannot read properties of undefined (reading 'encode')",
    );
    const broken = chunks();
    // A COPY that lost a run's rows: more symbol rows than bars, which polars refuses when the chunk arrives.
    (broken[0] as { runLengths: Uint32Array }).runLengths = Uint32Array.from([5]);
    await expect(encodeInThread(spec('parquet'), broken)).rejects.toThrow();
    const stopped = ExportEncoderThread.start(spec('csv'));
    stopped.add(0, chunks()[0]);
    await stopped.abort();
    expect((await encodeInThread(spec('csv'))).rows).toBe(5);
  });
});
