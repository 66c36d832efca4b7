import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/*
 * Checklist step 6 (simulator endpoint): a real provider adds its routes to
 * tools/provider-sim; the toy feed is this tiny HTTP server.
 */

export const TOY_KEY = 'toy-secret-key';
const PRICES: Readonly<Record<string, string>> = { AAPL: '228.52', MSFT: '421.1', BRK: '-3' };
/** The listing, two symbols a page. */
const LISTED = ['AAPL', 'BRK', 'MSFT', 'NVDA', 'TSLA'];
const PAGE = 2;

export interface ToyServer {
  readonly url: string;
  /** Every request as "METHOD path?query", in arrival order. */
  readonly requests: string[];
  close(): Promise<void>;
}

/** GET /quotes/:symbol and GET /symbols?cursor=N, with the key as a bearer token. */
export async function startToyServer(): Promise<ToyServer> {
  const requests: string[] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    requests.push(`${req.method} ${req.url}`);
    const url = new URL(req.url ?? '/', 'http://toy');
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== `Bearer ${TOY_KEY}`) return send(401, { error: 'unauthorized' });
    const quote = /^\/quotes\/([^/]+)$/.exec(url.pathname);
    if (quote) {
      const symbol = decodeURIComponent(quote[1] as string);
      const price = PRICES[symbol];
      return price === undefined ? send(404, { error: `no quote for ${symbol}` }) : send(200, { symbol, price });
    }
    if (url.pathname === '/symbols') {
      const start = Number(url.searchParams.get('cursor') ?? '0');
      const next = start + PAGE < LISTED.length ? String(start + PAGE) : null;
      return send(200, { symbols: LISTED.slice(start, start + PAGE), next });
    }
    return send(404, { error: 'no such route' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
