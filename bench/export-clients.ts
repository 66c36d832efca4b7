/**
 * The two ways a backtest can get 2 years of bars of every symbol out of the
 * polygon-ingestor, as the bench's client runs them (each in a process of its
 * own, so its peak RSS is its own): one GET /bars/export file, or one
 * GET /bars/:symbol JSON answer per symbol with a few requests in flight.
 * Both end with the bars in the client's memory (a polars frame, or the
 * parsed JSON objects), which is what a backtest needs.
 */
import pl from 'nodejs-polars';

export interface ClientResult {
  /** First request sent to the last byte received (the JSON path parses each answer in between). */
  readonly wallMs: number;
  /** Turning the bytes into data: the polars reader after the transfer; the JSON.parse calls, summed. */
  readonly decodeMs: number;
  /** Response bodies received. */
  readonly bytes: number;
  /** Bars received. */
  readonly rows: number;
  readonly requests: number;
  /** Client peak RSS when the last byte had arrived, and after decoding. */
  readonly peakRssReceivedMb: number;
  readonly peakRssMb: number;
}

export const EXPORT_FORMATS = ['parquet', 'csv', 'arrow'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const peakMb = () => process.resourceUsage().maxRSS / 1024;

async function ok(response: Response, what: string): Promise<Buffer> {
  const body = Buffer.from(await response.arrayBuffer());
  if (response.status !== 200) throw new Error(`${what}: ${response.status} ${body.toString('utf8').slice(0, 500)}`);
  return body;
}

/** GET /bars/export?from=&to=&format= (every active symbol), then the file read back with nodejs-polars. */
export async function downloadExport(
  baseUrl: string,
  format: ExportFormat,
  from: string,
  to: string,
): Promise<ClientResult> {
  const t0 = performance.now();
  const body = await ok(await fetch(`${baseUrl}/bars/export?from=${from}&to=${to}&format=${format}`), 'export');
  const wallMs = performance.now() - t0;
  const peakRssReceivedMb = peakMb();
  const t1 = performance.now();
  const frame = format === 'parquet' ? pl.readParquet(body) : format === 'arrow' ? pl.readIPC(body) : pl.readCSV(body);
  const decodeMs = performance.now() - t1;
  return {
    wallMs,
    decodeMs,
    bytes: body.length,
    rows: frame.height,
    requests: 1,
    peakRssReceivedMb,
    peakRssMb: peakMb(),
  };
}

interface SeriesAnswer {
  readonly count: number;
  readonly bars: readonly unknown[];
}

/**
 * GET /bars/:symbol?from=&to= for every symbol, `concurrency` requests in flight, every answer parsed;
 * kept (what a backtest needs: 2.5 M bars as JS objects make the client's garbage collector work hard)
 * or dropped once counted (the pace of the server and the transfer alone).
 */
export async function fetchJsonSeries(
  baseUrl: string,
  symbols: readonly string[],
  from: string,
  to: string,
  concurrency: number,
  keep: boolean,
): Promise<ClientResult> {
  const kept: SeriesAnswer[] = [];
  let next = 0;
  let bytes = 0;
  let decodeMs = 0;
  let rows = 0;
  const worker = async () => {
    while (next < symbols.length) {
      const symbol = symbols[next++];
      const body = await ok(await fetch(`${baseUrl}/bars/${symbol}?from=${from}&to=${to}`), `GET /bars/${symbol}`);
      bytes += body.length;
      const t = performance.now();
      const answer = JSON.parse(body.toString('utf8')) as SeriesAnswer;
      decodeMs += performance.now() - t;
      if (answer.count !== answer.bars.length)
        throw new Error(`${symbol}: count ${answer.count}, ${answer.bars.length} bars`);
      rows += answer.bars.length;
      if (keep) kept.push(answer);
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const wallMs = performance.now() - t0;
  return {
    wallMs,
    decodeMs,
    bytes,
    rows,
    requests: symbols.length,
    peakRssReceivedMb: peakMb(),
    peakRssMb: peakMb(),
  };
}

/**
 * Run as a script by export.bench.ts: `export <baseUrl> <format> <from> <to>` or
 * `json <baseUrl> <from> <to> <concurrency> keep|drop` with the symbols on stdin (one a line);
 * prints one JSON line, a ClientResult.
 */
async function main(argv: readonly string[]): Promise<ClientResult> {
  const [kind, baseUrl, ...rest] = argv;
  if (kind === 'export') {
    const [format, from, to] = rest;
    if (!EXPORT_FORMATS.includes(format as ExportFormat)) throw new Error(`unknown format ${format}`);
    return downloadExport(baseUrl, format as ExportFormat, from, to);
  }
  if (kind === 'json') {
    const [from, to, concurrency, keep] = rest;
    if (keep !== 'keep' && keep !== 'drop') throw new Error(`expected keep or drop, got ${keep}`);
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    const symbols = Buffer.concat(chunks).toString('utf8').split('\n').filter(Boolean);
    return fetchJsonSeries(baseUrl, symbols, from, to, Number(concurrency), keep === 'keep');
  }
  throw new Error(`unknown client ${kind}`);
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
    (error: Error) => {
      process.stderr.write(`${error.stack}\n`);
      process.exit(1);
    },
  );
}
