import { startServiceHarness, type ServiceHarness } from '@mdi/testing';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { serviceDefinition } from '../service-definition';
import { PAGE_CSP } from './status-page.controller';

interface StandIn {
  readonly url: string;
  /** Paths with query strings, as received. */
  readonly received: string[];
  close(): Promise<void>;
}

/** A service stand-in on a real port: `answer` maps a path (without query) to [status, body]. */
async function startStandIn(
  answer: (path: string, req: IncomingMessage) => [number, unknown] | null,
): Promise<StandIn> {
  const received: string[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    received.push(req.url ?? '');
    const found = answer((req.url ?? '').split('?')[0] ?? '', req) ?? [404, { message: 'not here' }];
    res.statusCode = found[0];
    res.setHeader('content-type', typeof found[1] === 'string' ? 'text/html' : 'application/json');
    res.end(typeof found[1] === 'string' ? found[1] : JSON.stringify(found[1]));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () => new Promise<void>((done) => (server.closeAllConnections(), server.close(() => done()))),
  };
}

const REPORT = {
  runId: 'run-7',
  startedAt: '2025-11-24T22:00:00.000Z',
  outcome: 'checked',
  alertLevel: 2,
  symbolsChecked: 2,
  findings: [
    {
      checkType: 'missing_data',
      code: 'missing_bar',
      symbol: 'AAPL',
      date: '2025-11-20',
      detail: 'no bar for trading session 2025-11-20',
    },
    {
      checkType: 'anomaly',
      code: 'ohlc_violation',
      symbol: 'BRK.B',
      date: '2025-11-21',
      detail: 'high <script>alert(1)</script> below close',
    },
    { checkType: 'staleness', code: 'stale', symbol: 'MSFT', date: null, detail: 'no bars at all' },
  ],
};

/** The gateway's page routes over HTTP, with stand-ins for the services it reads. */
describe('status page routes', () => {
  let harness: ServiceHarness;
  let ingestor: StandIn;
  let quality: StandIn;
  let qualityAnswer: [number, unknown] = [200, REPORT];

  beforeAll(async () => {
    ingestor = await startStandIn((path) => {
      if (path === '/coverage') return [200, { sessions: ['2025-11-24'], symbols: ['AAPL'], cells: ['s'] }];
      if (path === '/bars/BRK.B') return [200, { symbol: 'BRK.B', count: 0, bars: [] }];
      if (path === '/bars/AAPL')
        return [409, { statusCode: 409, message: 'the splits ledger has not been loaded yet' }];
      if (path === '/bars/TEXT') return [502, '<html>proxy error</html>'];
      if (path === '/bars/AAPL/sources/alpaca') return [200, { symbol: 'AAPL', source: 'alpaca', count: 0, bars: [] }];
      if (path === '/bars/AAPL/sources/iex')
        return [
          400,
          {
            statusCode: 400,
            message: 'invalid bars request',
            reasons: ['source must be one of polygon, alpaca, got "iex"'],
          },
        ];
      if (path === '/status') return [200, { service: 'polygon-ingestor' }];
      return null;
    });
    quality = await startStandIn((path) => {
      if (path === '/reports/latest') return qualityAnswer;
      if (path === '/reports') return [200, { reports: [REPORT] }];
      if (path === '/status') return [200, { service: 'quality-service' }];
      return null;
    });
    harness = await startServiceHarness(serviceDefinition, {
      POLYGON_INGESTOR_URL: ingestor.url,
      QUALITY_SERVICE_URL: quality.url,
      // Nothing listens on port 9.
      ALPACA_MONITOR_URL: 'http://127.0.0.1:9',
      // The specs change what the stand-ins answer and read the page at once: no shared collection in between.
      GATEWAY_STATUS_CACHE_MS: '0',
    });
  }, 60_000);

  afterAll(async () => {
    await harness?.close();
    await ingestor?.close();
    await quality?.close();
  });

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${harness.baseUrl}${path}`, { headers });

  it('serves the page as HTML that loads only from the gateway, with the findings escaped and linked to the chart', async () => {
    const response = await get('/?symbol=aapl&date=2025-11-20&refresh=2&sessions=30');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(PAGE_CSP);
    const html = await response.text();
    const sources = [...html.matchAll(/\b(?:src|href)="([^"]*)"/g)].map((m) => m[1]);
    // Scripts and styles come from the gateway; the only absolute link is the chart library's attribution.
    expect(sources.filter((s) => !s?.startsWith('/') && s !== 'data:,' && s !== '#')).toEqual([
      'https://www.tradingview.com/',
    ]);
    expect(html).toContain('<script src="/ui/lightweight-charts.js"></script>');
    expect(html).toContain('href="/?symbol=AAPL&#38;date=2025-11-20#chart"');
    expect(html).toContain('href="/?symbol=BRK.B&#38;date=2025-11-21#chart"');
    // A finding without a date links to the symbol's chart.
    expect(html).toContain('href="/?symbol=MSFT#chart" data-symbol="MSFT">chart</a>');
    expect(html).toContain('high &#60;script&#62;alert(1)&#60;/script&#62; below close');
    expect(html).not.toContain('<script>alert(1)');
    const config = JSON.parse(
      /<script type="application\/json" id="page-config">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? 'null',
    );
    expect(config).toMatchObject({
      symbol: 'AAPL',
      date: '2025-11-20',
      adjusted: false,
      refreshMs: 2000,
      sessions: 30,
      findingsRunId: 'run-7',
    });
    expect(config.status).toMatchObject({
      service: 'gateway',
      services: { 'polygon-ingestor': { state: 'up' }, 'alpaca-monitor': { state: 'unreachable' } },
    });
    expect(html).toContain('Coverage of the last 30 sessions');
  });

  it('ignores malformed page parameters', async () => {
    const html = await (await get('/?symbol=%3Cb%3E&date=2025-13-01&refresh=0&sessions=9999')).text();
    const config = JSON.parse(/id="page-config">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? 'null');
    expect(config).toMatchObject({ symbol: null, date: null, refreshMs: 5000, sessions: 60 });
  });

  it('says when there is no report yet, and when the quality-service does not answer', async () => {
    qualityAnswer = [404, { statusCode: 404, message: 'no quality run has been stored yet' }];
    expect(await (await get('/ui/findings')).text()).toBe('<p class="muted">No quality run has been stored yet.</p>');
    qualityAnswer = [500, { statusCode: 500, message: 'Internal server error' }];
    expect(await (await get('/ui/findings')).text()).toBe(
      '<p class="warn">Findings are not available: Internal server error.</p>',
    );
    qualityAnswer = [200, REPORT];
    const fragment = await (await get('/ui/findings')).text();
    expect(fragment).toContain('data-run-id="run-7"');
    expect(fragment).toContain('critical');
  });

  it('serves its script, style sheet and the chart library from node_modules, revalidated by ETag', async () => {
    const library = await get('/ui/lightweight-charts.js');
    expect(library.status).toBe(200);
    expect(library.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const body = await library.text();
    expect(body).toBe(
      readFileSync(
        resolve(
          __dirname,
          '../../../../../node_modules/lightweight-charts/dist/lightweight-charts.standalone.production.js',
        ),
        'utf8',
      ),
    );
    const etag = library.headers.get('etag') ?? '';
    expect((await get('/ui/lightweight-charts.js', { 'if-none-match': etag })).status).toBe(304);
    expect((await get('/ui/status-page.js')).headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await get('/ui/status-page.css')).headers.get('content-type')).toBe('text/css; charset=utf-8');
    const unknown = await get('/ui/..%2Fmain.ts');
    expect(unknown.status).toBe(404);
    expect((await get('/ui/package.json')).status).toBe(404);
  });

  it('forwards the page data reads to the owning services, answers and reasons unchanged', async () => {
    const coverage = await get('/ui/data/coverage?sessions=30&to=2025-11-21');
    expect(coverage.status).toBe(200);
    expect(await coverage.json()).toEqual({ sessions: ['2025-11-24'], symbols: ['AAPL'], cells: ['s'] });
    expect(ingestor.received).toContain('/coverage?sessions=30&to=2025-11-21');

    expect((await get('/ui/data/bars/BRK.B?adjusted=true&from=2025-01-02')).status).toBe(200);
    expect(ingestor.received).toContain('/bars/BRK.B?from=2025-01-02&adjusted=true');
    const refused = await get('/ui/data/bars/AAPL?adjusted=true');
    expect(refused.status).toBe(409);
    expect(await refused.json()).toEqual({ statusCode: 409, message: 'the splits ledger has not been loaded yet' });
    // Not a ticker, so never forwarded: the ingestor's /bars/export is a file export of every symbol.
    const notTicker = await get('/ui/data/bars/export');
    expect(notTicker.status).toBe(400);
    expect(await notTicker.json()).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'invalid bars request',
      reasons: ['symbol "export" must be upper case'],
    });
    expect(ingestor.received.some((path: string) => path.startsWith('/bars/export'))).toBe(false);
    // A text answer is wrapped in JSON, never served to the page as HTML.
    const text = await get('/ui/data/bars/TEXT');
    expect(text.status).toBe(502);
    expect(text.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await text.json()).toEqual({ statusCode: 502, message: '<html>proxy error</html>' });

    await get('/ui/data/findings?symbol=AAPL');
    expect(quality.received).toContain('/reports?symbol=AAPL&limit=1');
  });

  it("forwards a second source's series, and the ingestor's reasons for an unknown source, unchanged", async () => {
    const alpaca = await get('/ui/data/bars/AAPL/sources/alpaca?from=2025-01-02');
    expect(alpaca.status).toBe(200);
    expect(await alpaca.json()).toEqual({ symbol: 'AAPL', source: 'alpaca', count: 0, bars: [] });
    expect(ingestor.received).toContain('/bars/AAPL/sources/alpaca?from=2025-01-02');
    const unknown = await get('/ui/data/bars/AAPL/sources/iex');
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { reasons: string[] }).reasons).toEqual([
      'source must be one of polygon, alpaca, got "iex"',
    ]);
    const notTicker = await get('/ui/data/bars/export/sources/alpaca');
    expect(notTicker.status).toBe(400);
    expect(((await notTicker.json()) as { reasons: string[] }).reasons).toEqual(['symbol "export" must be upper case']);
    expect(ingestor.received.some((path: string) => path.startsWith('/bars/export'))).toBe(false);
    const extra = await get('/ui/data/bars/AAPL/sources/alpaca?source=polygon');
    expect(extra.status).toBe(400);
  });

  it('answers 502 naming the service that does not answer', async () => {
    await ingestor.close();
    const response = await get('/ui/data/coverage');
    expect(response.status).toBe(502);
    expect(await response.json()).toEqual({
      statusCode: 502,
      error: 'Bad Gateway',
      message: 'polygon-ingestor did not answer: connection refused (not running?)',
    });
  });
});
