import { etMidnight, UsEquityCalendar } from '@mdi/domain';
import { startService } from '@mdi/platform';
import {
  createTestDatabase,
  eventually,
  startProviderSimulator,
  startServiceProcess,
  TEST_SERVICE_TOKEN,
  type ProviderSimulator,
  type ServiceProcess,
  type TestDatabase,
} from '@mdi/testing';
import type { INestApplication } from '@nestjs/common';
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import Redis from 'ioredis';
import { serviceDefinition } from '../service-definition';

/** Debian's chromium (STACK.md "Browser and load tools"); Playwright never downloads a browser here. */
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const OUTPUT = resolve(__dirname, '../../../test-output/status-page');
const SIM_TODAY = '2025-11-24';
/** 20:00 ET on SIM_TODAY: every session up to it is published. */
const SIM_EVENING = '2025-11-25T01:00:00.000Z';
const REDIS_URL = 'redis://127.0.0.1:6379';
const AUTH = { authorization: `Bearer ${TEST_SERVICE_TOKEN}` };
/** The colours of the legend (status-page.css), as the browser computes them. */
const COLOURS = { success: 'rgb(63, 174, 118)', missing: 'rgb(255, 122, 26)', failed: 'rgb(200, 16, 46)' };

// Browser globals of the callbacks that page.evaluate runs in Chromium (this file compiles without the DOM lib).
declare const window: { __statusPage: { loadedAt: number }; innerHeight: number };
declare function getComputedStyle(node: unknown): { backgroundColor: string };
interface CanvasLike {
  width: number;
  height: number;
  getContext(
    kind: '2d',
  ): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } } | null;
}

interface SimSplit {
  ticker: string;
  executionDate: string;
  splitFrom: number;
  splitTo: number;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function http(method: string, url: string, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(url, {
    method,
    headers: { ...AUTH, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

/**
 * The status page in real headless Chromium against the real services: the
 * gateway (in this process), the polygon-ingestor and the quality-service (as
 * processes from source), the provider simulator over HTTP, PostgreSQL and
 * Redis. A backfill moves the page's numbers without a reload; planted gaps
 * show where they are on the heat map; the chart draws the bars the ingestor
 * serves, raw and adjusted, with split and finding markers; a finding's link
 * opens the chart at its date. The page loads nothing from anywhere but the
 * gateway, writes nothing, and logs no error.
 */
describe('status page in a browser', () => {
  const calendar = new UsEquityCalendar();
  const id = Math.random().toString(16).slice(2, 10);
  const queuePrefix = `gw-page-${id}`;
  let sim: ProviderSimulator;
  let db: TestDatabase;
  let ingestor: ServiceProcess;
  let quality: ServiceProcess;
  let gateway: INestApplication;
  let gatewayUrl: string;
  let browser: Browser;
  let page: Page;
  let symbols: string[];
  let splits: SimSplit[];
  const requests: { method: string; url: string }[] = [];
  const problems: string[] = [];

  // The last 60 sessions up to SIM_TODAY; gaps are planted 20 and 10 sessions back.
  const sessions: string[] = [SIM_TODAY];
  while (sessions.length < 60) sessions.unshift(calendar.previousSession(sessions[0] as string).date);
  const missingDate = sessions[sessions.length - 20] as string;
  const failedDate = sessions[sessions.length - 10] as string;

  const shot = (name: string) => page.screenshot({ path: resolve(OUTPUT, `${name}.png`), fullPage: true });
  const attr = (selector: string, name: string) => page.locator(selector).getAttribute(name);
  const ingestorStatus = async () => (await http('GET', `${ingestor.url}/status`)).body;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium; .ci/run does it)`,
      );
    }
    mkdirSync(OUTPUT, { recursive: true });
    sim = await startProviderSimulator({
      seed: 21,
      symbols: 100,
      today: SIM_TODAY,
      polygonRateLimit: 0,
      rateWindowMs: 1000,
    });
    splits = ((await (await fetch(`${sim.url}/__sim/universe`)).json()) as { splits: SimSplit[] }).splits;
    symbols = [...new Set(['AAPL', 'MSFT', 'NVDA', 'AMZN', 'GOOGL', ...splits.map((s) => s.ticker)])].sort();
    db = await createTestDatabase();
    const common = { DATABASE_URL: db.url, REDIS_URL, INTERNAL_API_TOKEN: TEST_SERVICE_TOKEN };
    [ingestor, quality] = await Promise.all([
      startServiceProcess({
        entry: 'apps/polygon-ingestor/src/main.ts',
        preload: ['./libs/providers/src/bin/polygon-esm-resolution.ts'],
        env: {
          ...common,
          POLYGON_API_KEY: 'sim-polygon-key',
          POLYGON_BASE_URL: sim.url,
          // One call per 1.5 s: a backfill of one range call per symbol takes long enough to watch.
          POLYGON_RATE_LIMIT_PER_MINUTE: '1',
          POLYGON_RATE_WINDOW_MS: '1500',
          DATA_INGESTION_MAX_RETRIES: '2',
          QUEUE_PREFIX: queuePrefix,
          CACHE_KEY_PREFIX: `${queuePrefix}:`,
          CLOCK_FIXED_AT: SIM_EVENING,
          SEED_INITIAL_SYMBOLS: 'false',
          // What npm start sets when the providers are its simulator.
          MDI_SIMULATED_PROVIDERS: 'true',
          DATA_INGESTION_ACTIVE_SYMBOLS: symbols.join(','),
          EOD_CRON: 'off',
          GAP_REPAIR_CRON: 'off',
          CORPORATE_ACTIONS_CRON: 'off',
          REFERENCE_SYNC_CRON: 'off',
        },
      }),
      startServiceProcess({
        entry: 'apps/quality-service/src/main.ts',
        env: { ...common, QUALITY_SCHEDULER_ENABLED: 'false' },
      }),
    ]);
    gateway = await startService(serviceDefinition, {
      REDIS_URL,
      PORT: '0',
      LOG_LEVEL: 'silent',
      INTERNAL_API_TOKEN: TEST_SERVICE_TOKEN,
      POLYGON_INGESTOR_URL: ingestor.url,
      QUALITY_SERVICE_URL: quality.url,
      // Not started: the page shows it as not ready.
      ALPACA_MONITOR_URL: 'http://127.0.0.1:9',
      GATEWAY_STATUS_CACHE_MS: '200',
      QUEUE_PREFIX: queuePrefix,
      ADMIN_AUTH_KEY_PREFIX: `${queuePrefix}:admin-auth`,
    });
    gatewayUrl = (await gateway.getUrl()).replace('[::1]', '127.0.0.1');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    page.on('request', (request) => requests.push({ method: request.method(), url: request.url() }));
    page.on('console', (message) => {
      // GET /health answers 503 while a service is not ready (here the alpaca-monitor, on purpose), which Chromium logs.
      if (message.location().url === `${gatewayUrl}/health` && /status of 503/.test(message.text())) return;
      if (message.type() === 'error' || message.type() === 'warning')
        problems.push(`console ${message.type()}: ${message.text()} (${message.location().url})`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await gateway?.close();
    await Promise.all([ingestor?.stop(), quality?.stop()]);
    await sim?.stop();
    await db?.drop();
    const redis = new Redis(REDIS_URL);
    try {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${queuePrefix}*`, 'COUNT', 1000);
        cursor = next;
        if (keys.length > 0) await redis.del(...keys);
      } while (cursor !== '0');
    } finally {
      redis.disconnect();
    }
  }, 60_000);

  it('follows a backfill as it advances, without a reload', async () => {
    await page.goto(`${gatewayUrl}/?refresh=1`);
    const loadedAt = await page.evaluate(() => window.__statusPage.loadedAt);
    await page.locator('.card[data-service="polygon-ingestor"][data-state="up"]').waitFor();
    expect(await attr('.card[data-service="alpaca-monitor"]', 'data-state')).toBe('down');
    expect(await attr('.card[data-service="quality-service"]', 'data-state')).toBe('up');
    // The banner shows exactly when /status says the providers are simulated.
    const providers = (await http('GET', `${gatewayUrl}/status`)).body.providers;
    expect(await page.locator('#sim-banner').isVisible()).toBe(providers === 'simulated');

    const started = await http('POST', `${ingestor.url}/backfill`, {});
    expect(started.status).toBe(202);
    const runId = String(started.body.run.id);
    const seen = new Set<string>();
    let midShot = false;
    await eventually(
      async () => {
        const tile = page.locator(`#backfill[data-run-id="${runId}"]`);
        if ((await tile.count()) === 0) return false;
        const [status, done, total] = await Promise.all([
          tile.getAttribute('data-status'),
          tile.getAttribute('data-cells-done'),
          tile.getAttribute('data-cells-total'),
        ]);
        seen.add(`${status} ${done}/${total}`);
        if (!midShot && status === 'running' && Number(done) > 0) {
          midShot = true;
          await shot('1-backfill-running');
        }
        return status === 'done';
      },
      'the page to show the backfill done',
      120_000,
    );
    // At least two different running states and the final one, all in the page that was loaded once.
    const running = [...seen].filter((s) => s.startsWith('running'));
    expect(running.length).toBeGreaterThanOrEqual(2);
    expect(seen.size).toBeGreaterThanOrEqual(3);
    expect(await page.evaluate(() => window.__statusPage.loadedAt)).toBe(loadedAt);
    expect(await page.locator('#backfill-percent').textContent()).toBe('100 %');
    // The chart of the first symbol, empty when the page opened, shows its bars once they are stored.
    const first = symbols[0] as string;
    const served = (await http('GET', `${ingestor.url}/bars/${first}`)).body;
    await page
      .locator(`#chart-box[data-state="ready"][data-symbol="${first}"][data-bar-count="${served.count}"]`)
      .waitFor({ timeout: 20_000 });
    expect(await page.evaluate(() => window.__statusPage.loadedAt)).toBe(loadedAt);
  }, 180_000);

  it('shows planted gaps on the heat map where they are, and the latest findings', async () => {
    expect((await http('POST', `${ingestor.url}/operations/corporate-actions`)).status).toBe(202);
    await eventually(
      async () => (await ingestorStatus()).corporateActions?.splitsCovered?.through === SIM_TODAY,
      'the splits ledger',
      90_000,
    );
    // A bar and its ledger row gone (missing, and a missing_bar finding), and a call that failed for good.
    await db.dataSource.query(`DELETE FROM data_ingestion.market_data WHERE symbol = 'AAPL' AND timestamp = $1`, [
      etMidnight(missingDate),
    ]);
    await db.dataSource.query(`DELETE FROM data_ingestion.symbol_data_status WHERE symbol = 'AAPL' AND date = $1`, [
      missingDate,
    ]);
    await db.dataSource.query(
      `UPDATE data_ingestion.symbol_data_status SET status = 'failed', error_message = 'HTTP 503 after 2 attempts (planted)' WHERE symbol = 'MSFT' AND date = $1`,
      [failedDate],
    );
    const run = await http('POST', `${quality.url}/runs`);
    expect(run.status).toBe(201);
    expect(run.body.findings).toContainEqual(
      expect.objectContaining({ code: 'missing_bar', symbol: 'AAPL', date: missingDate }),
    );

    // The open page swaps in the new report's findings by itself.
    await page.locator(`#findings-body [data-run-id="${run.body.runId}"]`).waitFor({ timeout: 30_000 });

    await page.goto(`${gatewayUrl}/?refresh=1`);
    await page.locator('#heatmap[data-state="ready"]').waitFor();
    expect(await attr('#heatmap', 'data-symbols')).toBe(String(symbols.length));
    expect(await attr('#heatmap', 'data-sessions')).toBe('60');
    const cell = (symbol: string, date: string) =>
      page.locator(`.hm-row[data-symbol="${symbol}"] i[data-date="${date}"]`);
    const colour = (symbol: string, date: string) =>
      cell(symbol, date).evaluate((node) => getComputedStyle(node).backgroundColor);
    expect(await cell('AAPL', missingDate).getAttribute('data-status')).toBe('missing');
    expect(await colour('AAPL', missingDate)).toBe(COLOURS.missing);
    expect(await cell('MSFT', failedDate).getAttribute('data-status')).toBe('failed');
    expect(await colour('MSFT', failedDate)).toBe(COLOURS.failed);
    expect(await cell('MSFT', failedDate).getAttribute('title')).toContain('HTTP 503 after 2 attempts (planted)');
    expect(await colour('AAPL', failedDate)).toBe(COLOURS.success);
    // Every other cell is stored.
    const statuses = await page
      .locator('.hm-row i')
      .evaluateAll((nodes) =>
        nodes.map(
          (n) =>
            `${(n.parentNode?.parentNode as unknown as { getAttribute(name: string): string }).getAttribute('data-symbol')} ${n.getAttribute('data-date')} ${n.getAttribute('data-status')}`,
        ),
      );
    expect(statuses).toHaveLength(symbols.length * 60);
    expect(statuses.filter((s) => !s.endsWith(' success')).sort()).toEqual([
      `AAPL ${missingDate} missing`,
      `MSFT ${failedDate} failed`,
    ]);
    // Rows with a gap come first.
    expect(
      await page.locator('.hm-row').evaluateAll((rows) => rows.slice(0, 2).map((r) => r.getAttribute('data-symbol'))),
    ).toEqual(['AAPL', 'MSFT']);
    expect(await page.locator('[data-count-of="missing"]').textContent()).toBe('1');

    const link = page.locator(`#findings a.chart-link[data-symbol="AAPL"][data-date="${missingDate}"]`);
    expect(await link.getAttribute('href')).toBe(`/?symbol=AAPL&date=${missingDate}#chart`);
    await page.locator('#chart-box[data-state="ready"]').waitFor();
    await shot('2-heatmap-and-findings');
  }, 180_000);

  it('draws the chosen symbol daily bars, raw and split-adjusted, with split markers', async () => {
    const split = [...splits].sort((a, b) => b.executionDate.localeCompare(a.executionDate))[0] as SimSplit;
    const served = (await http('GET', `${ingestor.url}/bars/${split.ticker}`)).body;
    const adjusted = (await http('GET', `${ingestor.url}/bars/${split.ticker}?adjusted=true`)).body;
    expect(served.count).toBeGreaterThan(400);

    await page.locator('#symbol-picker').selectOption(split.ticker);
    const box = page.locator(`#chart-box[data-state="ready"][data-symbol="${split.ticker}"][data-adjusted="false"]`);
    await box.waitFor();
    expect(await box.getAttribute('data-bar-count')).toBe(String(served.count));
    expect(Number(await box.getAttribute('data-split-count'))).toBe(served.splits.length);
    expect(served.splits).toContainEqual({ date: split.executionDate, from: split.splitFrom, to: split.splitTo });
    // The library drew on its canvases: some pixels are neither blank nor the white background.
    const inked = await page.locator('#chart-canvas canvas').evaluateAll((canvases) =>
      canvases.some((canvas) => {
        const c = canvas as unknown as CanvasLike;
        const context = c.getContext('2d');
        if (!context || c.width === 0 || c.height === 0) return false;
        const pixels = context.getImageData(0, 0, c.width, c.height).data;
        for (let i = 0; i < pixels.length; i += 4)
          if (pixels[i + 3] !== 0 && (pixels[i] !== 255 || pixels[i + 1] !== 255 || pixels[i + 2] !== 255)) return true;
        return false;
      }),
    );
    expect(inked).toBe(true);
    expect(page.url()).toBe(`${gatewayUrl}/?refresh=1&symbol=${split.ticker}#chart`);

    await page.locator('#series-adjusted').click();
    const adjustedBox = page.locator(
      `#chart-box[data-state="ready"][data-symbol="${split.ticker}"][data-adjusted="true"]`,
    );
    await adjustedBox.waitFor();
    expect(await adjustedBox.getAttribute('data-bar-count')).toBe(String(adjusted.count));
    expect(adjusted.truncated).toBe(false);
    expect(await page.locator('#chart-note').textContent()).toContain('split-adjusted');
    await page.locator('#chart').screenshot({ path: resolve(OUTPUT, '3-chart-adjusted.png') });
    await page.locator('#series-raw').click();
    await page.locator(`#chart-box[data-state="ready"][data-adjusted="false"]`).waitFor();
  }, 120_000);

  it("opens the chart at a finding's date from its link, and from the address alone", async () => {
    const served = (await http('GET', `${ingestor.url}/bars/AAPL`)).body;
    await page.locator(`#findings a.chart-link[data-symbol="AAPL"][data-date="${missingDate}"]`).click();
    const box = page.locator(`#chart-box[data-state="ready"][data-symbol="AAPL"][data-focus-date="${missingDate}"]`);
    await box.waitFor();
    expect(await box.getAttribute('data-bar-count')).toBe(String(served.count));
    expect(Number(await box.getAttribute('data-finding-count'))).toBeGreaterThanOrEqual(1);
    expect(page.url()).toContain(`symbol=AAPL&date=${missingDate}#chart`);
    await page.locator('#chart-focus:not([hidden])').waitFor();
    await page.locator('#chart').screenshot({ path: resolve(OUTPUT, '4-chart-at-finding.png') });

    await page.goto(`${gatewayUrl}/?symbol=AAPL&date=${missingDate}`);
    await page
      .locator(`#chart-box[data-state="ready"][data-symbol="AAPL"][data-focus-date="${missingDate}"]`)
      .waitFor();
    await page.locator('#chart-focus:not([hidden])').waitFor();
    // The chart is scrolled into view.
    expect(
      await page.locator('#chart-canvas').evaluate((node) => node.getBoundingClientRect().top < window.innerHeight),
    ).toBe(true);
    await page.screenshot({ path: resolve(OUTPUT, '5-opened-at-date.png') });
  }, 60_000);

  it("draws a second source's series next to the candles and marks the sessions where the sources disagree", async () => {
    // Alpaca's copy of NVDA's bars, one close 3% off: a reconciliation finding of the next quality run.
    const disagreement = sessions[sessions.length - 5] as string;
    await db.dataSource.query(
      `INSERT INTO data_ingestion.market_data (symbol, timestamp, open, high, low, close, volume, source)
       SELECT symbol, timestamp, open,
              CASE WHEN timestamp = $1 THEN greatest(high, round(close * 1.03, 4)) ELSE high END, low,
              CASE WHEN timestamp = $1 THEN round(close * 1.03, 4) ELSE close END, volume, 'alpaca'
         FROM data_ingestion.market_data WHERE symbol = 'NVDA' AND source = 'polygon'`,
      [etMidnight(disagreement)],
    );
    const run = await http('POST', `${quality.url}/runs`);
    expect(run.status).toBe(201);
    expect(run.body.findings).toContainEqual(
      expect.objectContaining({ code: 'source_price_mismatch', symbol: 'NVDA', date: disagreement }),
    );
    const polygon = (await http('GET', `${ingestor.url}/bars/NVDA`)).body;
    const alpaca = (await http('GET', `${ingestor.url}/bars/NVDA/sources/alpaca`)).body;
    expect(alpaca).toMatchObject({ source: 'alpaca', count: polygon.count });

    await page.locator('#symbol-picker').selectOption('NVDA');
    const box = page.locator(
      `#chart-box[data-state="ready"][data-symbol="NVDA"][data-second-source="alpaca"][data-reconcile-count="1"]`,
    );
    await box.waitFor({ timeout: 30_000 });
    expect(await box.getAttribute('data-source')).toBe('polygon');
    expect(await box.getAttribute('data-bar-count')).toBe(String(polygon.count));
    expect(await box.getAttribute('data-second-bar-count')).toBe(String(alpaca.count));
    expect(Number(await box.getAttribute('data-marker-count'))).toBeGreaterThanOrEqual(1);
    expect(await page.locator('#chart-note').textContent()).toContain('alpaca closes as a line');
    expect(await page.locator('#chart-note').textContent()).toContain('1 session where the sources disagree');
    await page.locator('#chart').screenshot({ path: resolve(OUTPUT, '6-chart-two-sources.png') });

    // A symbol with one source only: no second series.
    await page.locator('#symbol-picker').selectOption('MSFT');
    const single = page.locator(`#chart-box[data-state="ready"][data-symbol="MSFT"]`);
    await single.waitFor();
    expect(await single.getAttribute('data-second-bar-count')).toBe('0');
    expect(await single.getAttribute('data-reconcile-count')).toBe('0');
  }, 120_000);

  it('loaded everything from the gateway, sent only reads, and logged no error', () => {
    const origin = new URL(gatewayUrl).origin;
    const elsewhere = requests.filter((r) => !r.url.startsWith(`${origin}/`) && !r.url.startsWith('data:'));
    expect(elsewhere).toEqual([]);
    expect(requests.filter((r) => r.method !== 'GET')).toEqual([]);
    expect(requests.some((r) => r.url === `${origin}/ui/lightweight-charts.js`)).toBe(true);
    expect(problems).toEqual([]);
  });
});
