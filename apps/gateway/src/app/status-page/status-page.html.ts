/** A finding as the quality-service stores it (QualityFinding of @mdi/domain, read from JSON). */
export interface PageFinding {
  readonly code: string;
  readonly symbol: string | null;
  readonly date: string | null;
  readonly detail: string;
}

/** The parts of a quality report (quality-service GET /reports/latest) the page shows. */
export interface PageReport {
  readonly runId: string;
  readonly startedAt: string;
  readonly outcome?: string;
  readonly reason?: string;
  readonly alertLevel: number | null;
  readonly symbolsChecked?: number;
  readonly barsChecked?: number;
  readonly findings?: readonly PageFinding[];
}

export type FindingsModel =
  | { readonly kind: 'report'; readonly report: PageReport }
  | { readonly kind: 'none' }
  | { readonly kind: 'unavailable'; readonly reason: string };

export interface PageSelection {
  readonly symbol: string | null;
  readonly date: string | null;
  readonly adjusted: boolean;
}

export interface PageModel {
  /** The gateway's /status document, embedded so the first paint needs no request. */
  readonly status: unknown;
  readonly findings: FindingsModel;
  readonly selection: PageSelection;
  readonly refreshMs: number;
  readonly sessions: number;
}

/** At most this many findings are listed; the report's counts are always complete. */
export const FINDINGS_LISTED = 200;

const ALERT_NAMES: Readonly<Record<number, string>> = { 0: 'ok', 1: 'warning', 2: 'critical' };

/** Text for an HTML text node or a double-quoted attribute. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON for a <script type="application/json"> block: no "</script>" or "<!--" can close or comment it. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value ?? null)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** The chart's address for a finding or a cell: /?symbol=AAPL&date=2025-11-20#chart. */
export function chartLink(symbol: string, date: string | null): string {
  const params = new URLSearchParams({ symbol });
  if (date) params.set('date', date);
  return `/?${params.toString()}#chart`;
}

/**
 * The status page. Everything it shows is read-only; the live parts (service
 * health, budget, queue, backfill, coverage, chart) are filled in by
 * /ui/status-page.js from the embedded /status document and then kept fresh
 * by polling; the findings list is rendered here.
 */
export function renderStatusPage(model: PageModel): string {
  const config = {
    refreshMs: model.refreshMs,
    sessions: model.sessions,
    symbol: model.selection.symbol,
    date: model.selection.date,
    adjusted: model.selection.adjusted,
    status: model.status,
    findingsRunId: model.findings.kind === 'report' ? model.findings.report.runId : null,
  };
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Market data ingestion · status</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/ui/status-page.css">
</head>
<body>
<header class="top">
  <div class="title">
    <h1>Market data ingestion</h1>
    <p class="subtitle">Read-only status of every service. Refreshes every ${escapeHtml(Math.round(model.refreshMs / 100) / 10)} s by itself.</p>
  </div>
  <div class="top-meta">
    <span id="overall" class="pill" data-state="unknown">…</span>
    <span id="status-age" class="age" title="Age of the /status document shown">…</span>
  </div>
</header>
<div id="sim-banner" class="sim-banner" hidden>Simulated data: the providers are the bundled simulator, not Polygon or Alpaca.</div>
<main>
  <section class="panel" id="services" aria-labelledby="services-title">
    <h2 id="services-title">Services</h2>
    <div id="service-cards" class="cards"><p class="muted">Loading…</p></div>
  </section>

  <section class="panel" id="polygon" aria-labelledby="polygon-title">
    <h2 id="polygon-title">Polygon ingestion</h2>
    <div class="tiles">
      <div class="tile" id="backfill" data-status="none">
        <h3>Backfill <span class="age" data-age-of="backfill"></span></h3>
        <div class="tile-body" id="backfill-body"><p class="muted">Loading…</p></div>
      </div>
      <div class="tile" id="budget">
        <h3>Call budget <span class="age" data-age-of="budget"></span></h3>
        <div class="tile-body" id="budget-body"><p class="muted">Loading…</p></div>
      </div>
      <div class="tile" id="queue">
        <h3>Queue <span class="age" data-age-of="queue"></span></h3>
        <div class="tile-body" id="queue-body"><p class="muted">Loading…</p></div>
      </div>
      <div class="tile" id="freshness">
        <h3>Freshness <span class="age" data-age-of="freshness"></span></h3>
        <div class="tile-body" id="freshness-body"><p class="muted">Loading…</p></div>
      </div>
      <div class="tile" id="quality-summary">
        <h3>Latest quality run <span class="age" data-age-of="quality"></span></h3>
        <div class="tile-body" id="quality-body"><p class="muted">Loading…</p></div>
      </div>
      <div class="tile" id="account">
        <h3>Alpaca account <span class="age" data-age-of="account"></span></h3>
        <div class="tile-body" id="account-body"><p class="muted">Loading…</p></div>
      </div>
    </div>
  </section>

  <section class="panel" id="coverage" aria-labelledby="coverage-title">
    <div class="panel-head">
      <h2 id="coverage-title">Coverage of the last ${escapeHtml(model.sessions)} sessions</h2>
      <label class="toggle"><input type="checkbox" id="gaps-first" checked> symbols with gaps first</label>
    </div>
    <ul class="legend" aria-label="What each colour means">
      <li><i class="cell st-success"></i>stored <span class="legend-count" data-count-of="success"></span></li>
      <li><i class="cell st-no_data"></i>no trade <span class="legend-count" data-count-of="no_data"></span></li>
      <li><i class="cell st-not_available"></i>not available yet <span class="legend-count" data-count-of="not_available"></span></li>
      <li><i class="cell st-missing"></i>missing <span class="legend-count" data-count-of="missing"></span></li>
      <li><i class="cell st-failed"></i>failed <span class="legend-count" data-count-of="failed"></span></li>
    </ul>
    <p id="coverage-note" class="muted"></p>
    <div id="heatmap" class="heatmap" data-state="loading"><p class="muted">Loading the coverage ledger…</p></div>
  </section>

  <section class="panel" id="chart" aria-labelledby="chart-title">
    <div class="panel-head">
      <h2 id="chart-title">Daily bars</h2>
      <div class="controls">
        <label>Symbol <select id="symbol-picker"><option value="">…</option></select></label>
        <span class="segmented" role="group" aria-label="Prices">
          <button type="button" id="series-raw" aria-pressed="true">Raw</button>
          <button type="button" id="series-adjusted" aria-pressed="false">Split-adjusted</button>
        </span>
      </div>
    </div>
    <p id="chart-note" class="muted"></p>
    <div id="chart-box" class="chart-box" data-state="idle">
      <div id="chart-canvas" class="chart-canvas"></div>
      <div id="chart-focus" class="chart-focus" hidden></div>
    </div>
    <ul class="legend small">
      <li><span class="mark mark-split">▼</span>split (splits ledger)</li>
      <li><span class="mark mark-finding">●</span>quality finding</li>
      <li><span class="mark mark-focus">▲</span>the date you opened</li>
      <li><span class="mark mark-second">━</span>another source's closes</li>
      <li><span class="mark mark-reconcile">■</span>sources disagree</li>
      <li class="attribution">Chart: <a href="https://www.tradingview.com/" rel="noopener noreferrer">TradingView</a> Lightweight Charts™, Copyright (c) 2026 TradingView, Inc.</li>
    </ul>
  </section>

  <section class="panel" id="findings" aria-labelledby="findings-title">
    <h2 id="findings-title">Latest quality findings</h2>
    <div id="findings-body">${renderFindings(model.findings)}</div>
  </section>
</main>
<footer class="foot">Read-only: this page changes nothing. Everything on it is served by this gateway.</footer>
<script type="application/json" id="page-config">${jsonForScript(config)}</script>
<script src="/ui/lightweight-charts.js"></script>
<script src="/ui/status-page.js"></script>
</body>
</html>
`;
}

/** The findings list: the latest report's summary and its findings, each linking to the chart at its date. */
export function renderFindings(model: FindingsModel): string {
  if (model.kind === 'unavailable')
    return `<p class="warn">Findings are not available: ${escapeHtml(model.reason)}.</p>`;
  if (model.kind === 'none') return '<p class="muted">No quality run has been stored yet.</p>';
  const { report } = model;
  const started = `<time datetime="${escapeHtml(report.startedAt)}">${escapeHtml(report.startedAt.replace('T', ' ').replace(/\.\d+Z$/, 'Z'))}</time>`;
  if (report.outcome === 'nothing_checked') {
    return `<p class="muted" data-run-id="${escapeHtml(report.runId)}">The run of ${started} checked nothing: ${escapeHtml(report.reason ?? 'no data')}.</p>`;
  }
  const findings = report.findings ?? [];
  const level =
    report.alertLevel === null ? 'nothing checked' : (ALERT_NAMES[report.alertLevel] ?? String(report.alertLevel));
  const byCode = new Map<string, number>();
  for (const f of findings) byCode.set(f.code, (byCode.get(f.code) ?? 0) + 1);
  const codes = [...byCode.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const summary = `<p class="report-summary" data-run-id="${escapeHtml(report.runId)}">Run of ${started}: <span class="level level-${escapeHtml(level)}">${escapeHtml(level)}</span>, ${findings.length} finding${findings.length === 1 ? '' : 's'}${report.symbolsChecked !== undefined ? ` over ${escapeHtml(report.symbolsChecked)} symbols` : ''}${codes.length > 0 ? ` (${codes.map(([code, n]) => `${escapeHtml(code)} ${n}`).join(', ')})` : ''}.</p>`;
  if (findings.length === 0) return `${summary}<p class="muted">Nothing to report.</p>`;
  const rows = findings.slice(0, FINDINGS_LISTED).map((f) => {
    const link = f.symbol
      ? `<a class="chart-link" href="${escapeHtml(chartLink(f.symbol, f.date))}" data-symbol="${escapeHtml(f.symbol)}"${f.date ? ` data-date="${escapeHtml(f.date)}"` : ''}>chart</a>`
      : '';
    return `<tr><td><span class="code code-${escapeHtml(f.code)}">${escapeHtml(f.code)}</span></td><td>${escapeHtml(f.symbol ?? '—')}</td><td>${escapeHtml(f.date ?? '—')}</td><td>${escapeHtml(f.detail)}</td><td>${link}</td></tr>`;
  });
  const more =
    findings.length > FINDINGS_LISTED
      ? `<p class="muted">${findings.length - FINDINGS_LISTED} more not listed (quality-service GET /reports/latest has them all).</p>`
      : '';
  return `${summary}<table class="findings"><thead><tr><th>check</th><th>symbol</th><th>date</th><th>what</th><th></th></tr></thead><tbody>${rows.join('')}</tbody></table>${more}`;
}
