import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { TradingCalendar } from '../calendar/trading-calendar';
import { CALENDAR_LAST_DATE } from '../calendar/nyse-holidays.data';
import { CallStats } from '../control/call-stats';
import { AlpacaControl, handleControl } from '../control/control-plane.handler';
import { FaultInjector } from '../control/fault-injector';
import { SlidingWindowLimiter } from '../control/rate-limiter';
import { MarketDataStore } from '../data/market-data.store';
import { generateUniverse } from '../data/universe.generator';
import { SimRequest } from '../http/http-types';
import { Router } from '../http/router';
import { addPolygonRoutes, polygonAuth } from '../polygon/polygon.routes';
import { ProviderPipeline } from './provider-pipeline';
import { SimClock } from './sim-clock';
import { SimContext } from './sim-context';
import { SimOptions, defaultOptions } from './sim-options';
import { sendResponse } from './send-response';
import { addAlpacaRoutes, alpacaAuth } from '../alpaca/alpaca.routes';
import { AlpacaDisagreements, plantDisagreements } from '../alpaca/alpaca-disagreements';
import { AlpacaLedger } from '../alpaca/alpaca-ledger';
import { orderView } from '../alpaca/alpaca-views';

export interface RunningSimulator {
  url: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

const MAX_BODY = 1_000_000;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) reject(new Error('body too large'));
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function buildContext(options: SimOptions): SimContext {
  const calendar = new TradingCalendar();
  const clock = new SimClock(calendar, options.today);
  const anchorDate = clock.today();
  if (anchorDate < calendar.firstDate || anchorDate > CALENDAR_LAST_DATE) {
    throw new Error(
      `today (${anchorDate}) must be within ${calendar.firstDate}..${CALENDAR_LAST_DATE}, the simulator's calendar`,
    );
  }
  const universe = generateUniverse(
    { seed: options.seed, count: options.count, symbols: options.symbols, anchorDate },
    calendar,
  );
  return {
    seed: options.seed,
    calendar,
    clock,
    store: new MarketDataStore(options.seed, calendar, universe),
    anchorDate,
  };
}

/** Starts the HTTP server; resolves once it listens. */
export async function startSimulator(partial: Partial<SimOptions> = {}): Promise<RunningSimulator> {
  const options: SimOptions = { ...defaultOptions(), ...partial };
  const ctx = buildContext(options);
  const stats = new CallStats();
  const faults = new FaultInjector(options.seed, (kind) => stats.fault(kind));
  const limiter = new SlidingWindowLimiter({ polygon: { ...options.polygonRate }, alpaca: { ...options.alpacaRate } });
  const ledger = new AlpacaLedger(ctx);
  const disagreements = new AlpacaDisagreements(plantDisagreements(ctx));
  const alpaca: AlpacaControl = {
    disagreements: () => disagreements.planted,
    addFills: (n, s) => ledger.addFills(n, s),
    addOrders: (n, s) => ledger.addOrders(n, s).map(orderView),
    resetLedger: () => ledger.reset(),
  };

  const router = new Router();
  addPolygonRoutes(router, ctx);
  addAlpacaRoutes(router, ctx, ledger, disagreements);
  const polygonKeys = new Set(options.polygonKeys);
  const pipeline = new ProviderPipeline(ctx, stats, faults, limiter, {
    polygon: (req: SimRequest) => polygonAuth(ctx, polygonKeys, req),
    alpaca: (req: SimRequest) => alpacaAuth(options.alpacaKeys, req),
  });

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://simulator.invalid');
      const method = req.method ?? 'GET';
      if (url.pathname.startsWith('/__sim/')) {
        const body = method === 'GET' ? '' : await readBody(req);
        sendResponse(res, handleControl({ ctx, stats, faults, limiter, alpaca }, method, url.pathname, body));
        return;
      }
      const host = req.headers.host ?? `${options.host}:${(server.address() as AddressInfo).port}`;
      const match = router.match(method, url.pathname);
      if (!match) {
        sendResponse(res, {
          status: 404,
          body: { status: 'NOT_FOUND', message: `No route for ${method} ${url.pathname}` },
        });
        return;
      }
      const simReq: SimRequest = {
        method,
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        origin: `http://${host}`,
        params: match.params,
        raw: req,
      };
      await pipeline.handle(match.route, simReq, res);
    })().catch((e: Error) => {
      process.stderr.write(`provider-sim: ${e.stack ?? e.message}\n`);
      if (!res.headersSent) sendResponse(res, { status: 500, body: { error: e.message } });
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${options.host}:${port}`,
    port,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
