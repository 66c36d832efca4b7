/*
 * The gateway's status page (GET /): fills in the live parts from the gateway
 * only (/status and /health polled every few seconds, /ui/data/* for the
 * coverage grid, bars and findings) and draws them. Read-only: it sends GET
 * requests and nothing else. Plain browser JavaScript, no build step; the
 * chart library is window.LightweightCharts from /ui/lightweight-charts.js.
 */
(function statusPage() {
  'use strict';

  const config = JSON.parse(document.getElementById('page-config').textContent);
  const LC = window.LightweightCharts;
  const DAY_MS = 86400000;
  /** Coverage rows drawn at most (rows with a gap first); the rest are counted below the map. */
  const MAX_ROWS = 400;
  const STATUS_LABELS = {
    success: 'stored',
    no_data: 'no trade',
    not_available: 'not available yet',
    missing: 'missing',
    failed: 'failed',
  };
  const GAP_STATUSES = { missing: true, failed: true, not_available: true };

  const state = {
    status: null,
    statusFetchedAt: 0,
    health: null,
    gatewayError: null,
    coverage: null,
    coverageKey: null,
    coverageAt: 0,
    findingsRunId: config.findingsRunId,
    symbol: config.symbol,
    adjusted: config.adjusted === true,
    focusDate: config.date,
    chart: null,
    chartSeq: 0,
    lastRunStatus: null,
  };
  // Tests read this to tell a refresh without reload from a reload.
  window.__statusPage = { loadedAt: Date.now(), polls: 0 };

  function $(id) {
    return document.getElementById(id);
  }

  /** An element with attributes and children (strings become text nodes: never HTML). */
  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      const value = attrs[name];
      if (value === null || value === undefined || value === false) return;
      if (name === 'text') node.textContent = String(value);
      else node.setAttribute(name, value === true ? '' : String(value));
    });
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) return;
      node.appendChild(
        typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child,
      );
    });
    return node;
  }

  function replace(node, children) {
    node.textContent = '';
    children.forEach(function (child) {
      if (child) node.appendChild(child);
    });
  }

  function fmt(n) {
    return n === null || n === undefined || Number.isNaN(Number(n)) ? '—' : Number(n).toLocaleString('en-US');
  }

  function duration(ms) {
    if (ms > 0 && ms < 10000 && ms % 1000 !== 0) return (Math.round(ms / 100) / 10).toLocaleString('en-US') + ' s';
    const s = Math.max(0, Math.round(ms / 1000));
    if (s < 60) return s + ' s';
    if (s < 3600) return Math.floor(s / 60) + ' min ' + (s % 60 ? (s % 60) + ' s' : '');
    if (s < 86400) return Math.floor(s / 3600) + ' h ' + Math.floor((s % 3600) / 60) + ' min';
    return Math.floor(s / 86400) + ' d ' + Math.floor((s % 86400) / 3600) + ' h';
  }

  function when(iso) {
    if (!iso) return '—';
    const d = new Date(iso);
    return Number.isNaN(d.getTime())
      ? String(iso)
      : d
          .toISOString()
          .replace('T', ' ')
          .replace(/\.\d+Z$/, ' UTC');
  }

  function kv(pairs) {
    const list = el('dl', { class: 'kv' });
    pairs.forEach(function (pair) {
      if (!pair) return;
      list.appendChild(el('dt', { text: pair[0] }));
      list.appendChild(el('dd', { text: pair[1] }));
    });
    return list;
  }

  function bar(percent, tone) {
    const fill = el('span');
    fill.style.width = Math.max(0, Math.min(100, percent)) + '%';
    return el('div', { class: 'bar' + (tone ? ' ' + tone : '') }, [fill]);
  }

  function fetchJson(url) {
    return fetch(url, { headers: { accept: 'application/json' }, cache: 'no-store' }).then(function (response) {
      return response.text().then(function (text) {
        let body = null;
        try {
          body = text ? JSON.parse(text) : null;
        } catch {
          body = { message: text.slice(0, 300) };
        }
        return { ok: response.ok, status: response.status, body: body };
      });
    });
  }

  function messageOf(answer) {
    const body = answer.body || {};
    const reasons = Array.isArray(body.reasons) ? ': ' + body.reasons.join('; ') : '';
    return (typeof body.message === 'string' ? body.message : 'HTTP ' + answer.status) + reasons;
  }

  // ---------------------------------------------------------------- status

  /** Milliseconds since a part of /status was collected, now. */
  function ageOf(part) {
    if (!part || typeof part.ageMs !== 'number') return null;
    return part.ageMs + (Date.now() - state.statusFetchedAt);
  }

  function partAge(name) {
    const doc = state.status || {};
    const parts = {
      backfill: doc.backfill,
      budget: doc.budgets && doc.budgets.polygon,
      queue: doc.queues && doc.queues.polygon,
      freshness: doc.freshness,
      quality: doc.quality,
      account: doc.account,
    };
    return ageOf(parts[name]);
  }

  function tickAges() {
    if (state.status) {
      const age = (state.status.ageMs || 0) + (Date.now() - state.statusFetchedAt);
      let text = 'status ' + duration(age) + ' old';
      if (state.gatewayError) text += ' · gateway not answering: ' + state.gatewayError;
      $('status-age').textContent = text;
    }
    Array.prototype.forEach.call(document.querySelectorAll('[data-age-of]'), function (node) {
      const ms = partAge(node.getAttribute('data-age-of'));
      node.textContent = ms === null ? '' : duration(ms) + ' old';
    });
  }

  /** Why a part is absent: the owning service's state in /status. */
  function absent(serviceName) {
    const services = (state.status && state.status.services) || {};
    const service = services[serviceName];
    const why =
      service && service.state !== 'up'
        ? serviceName + ' ' + service.state + (service.reason ? ': ' + service.reason : '')
        : serviceName + ' has not reported it';
    return el('p', { class: 'muted', text: 'Not available (' + why + ').' });
  }

  function renderServices() {
    const doc = state.status || {};
    const health = state.health || {};
    const statusServices = doc.services || {};
    const healthServices = health.services || {};
    const names = Object.keys(Object.assign({}, statusServices, healthServices));
    const cards = names.map(function (name) {
      const ready = healthServices[name];
      const reported = statusServices[name] || {};
      const up = ready ? ready.state === 'up' : reported.state === 'up';
      const reason = (ready && ready.reason) || (reported.state !== 'up' && reported.reason) || null;
      return el('div', { class: 'card', 'data-service': name, 'data-state': up ? 'up' : 'down' }, [
        el('div', { class: 'name' }, [
          name,
          el('span', { class: 'pill', 'data-state': up ? 'up' : 'down', text: up ? 'ready' : 'not ready' }),
        ]),
        el('div', { class: 'detail', text: reported.version ? 'version ' + reported.version : 'version —' }),
        reported.startedAt ? el('div', { class: 'detail', text: 'up since ' + when(reported.startedAt) }) : null,
        reason ? el('div', { class: 'detail warn', text: reason }) : null,
      ]);
    });
    if (health.redis) {
      const redisUp = health.redis.state === 'up';
      cards.push(
        el('div', { class: 'card', 'data-service': 'redis', 'data-state': redisUp ? 'up' : 'down' }, [
          el('div', { class: 'name' }, [
            'redis',
            el('span', { class: 'pill', 'data-state': redisUp ? 'up' : 'down', text: redisUp ? 'ready' : 'down' }),
          ]),
          el('div', { class: 'detail', text: 'queues, call budgets, cache' }),
          health.redis.reason ? el('div', { class: 'detail warn', text: health.redis.reason }) : null,
        ]),
      );
    }
    replace(
      $('service-cards'),
      cards.length ? cards : [el('p', { class: 'muted', text: 'No service has reported yet.' })],
    );
    const overall = $('overall');
    if (state.gatewayError) {
      overall.setAttribute('data-state', 'degraded');
      overall.textContent = 'gateway unreachable';
    } else if (health.status) {
      overall.setAttribute('data-state', health.status);
      overall.textContent = health.status === 'ok' ? 'all services ready' : 'degraded';
    }
  }

  function renderBackfill() {
    const part = state.status && state.status.backfill;
    const tile = $('backfill');
    if (!part) {
      tile.setAttribute('data-status', 'unknown');
      return replace($('backfill-body'), [absent('polygon-ingestor')]);
    }
    const run = part.current || (part.recent && part.recent[0]) || null;
    if (!run) {
      tile.setAttribute('data-status', 'none');
      return replace($('backfill-body'), [
        el('p', {
          class: 'muted',
          text:
            part.enabled === false
              ? 'Backfill is turned off (ENABLE_HISTORICAL_BACKFILL=false).'
              : 'No backfill has run yet.',
        }),
      ]);
    }
    tile.setAttribute('data-status', run.stalled ? 'stalled' : run.status);
    tile.setAttribute('data-run-id', run.id);
    tile.setAttribute('data-cells-done', run.cells.done);
    tile.setAttribute('data-cells-total', run.cells.total);
    tile.setAttribute('data-percent', run.percent);
    const running = run.status === 'running';
    const tone = run.status === 'failed' || run.stalled ? 'bad' : run.status === 'partial' || run.waiting ? 'warn' : '';
    replace($('backfill-body'), [
      el('div', { class: 'big', id: 'backfill-percent', text: run.percent + ' %' }),
      bar(run.percent, tone),
      kv([
        ['run', '#' + run.id + ' ' + run.status + (part.running > 1 ? ' (' + part.running + ' running)' : '')],
        ['cells', fmt(run.cells.done) + ' of ' + fmt(run.cells.total)],
        [
          'calls',
          fmt(run.calls.made) +
            ' of ' +
            fmt(run.calls.planned) +
            (run.calls.failed ? ', ' + fmt(run.calls.failed) + ' failed' : ''),
        ],
        ['window', run.from + ' → ' + run.to + ', ' + fmt(run.symbols) + ' symbols'],
        running ? ['ETA', run.waiting ? '—' : run.eta] : ['finished', when(run.finishedAt)],
        run.stalled ? ['stalled', run.stalled] : null,
        run.waiting && !run.stalled ? ['waiting', run.waiting] : null,
        run.failureReason ? ['why', run.failureReason] : null,
      ]),
    ]);
  }

  function renderBudget() {
    const part = state.status && state.status.budgets && state.status.budgets.polygon;
    if (!part) return replace($('budget-body'), [absent('polygon-ingestor')]);
    const used = part.usedInCurrentWindow;
    const percent = used === null || !part.callsPerWindow ? 0 : (100 * used) / part.callsPerWindow;
    replace($('budget-body'), [
      el('div', { class: 'big', id: 'budget-used', text: (used === null ? '?' : used) + ' / ' + part.callsPerWindow }),
      bar(percent, percent >= 100 ? 'warn' : ''),
      kv([
        ['window', duration(part.windowMs) + ' (all replicas together)'],
        ['resets in', part.resetsInMs === null ? '— (Redis not answering)' : duration(part.resetsInMs)],
        ['circuit', part.circuit || '—'],
        part.paused ? ['paused', part.paused.reason + ', resumes in ' + duration(part.paused.resumesInMs)] : null,
      ]),
    ]);
  }

  function renderQueue() {
    const part = state.status && state.status.queues && state.status.queues.polygon;
    if (!part) return replace($('queue-body'), [absent('polygon-ingestor')]);
    const depth = ['waiting', 'prioritized', 'delayed', 'active'].reduce(function (sum, k) {
      return sum + (part[k] || 0);
    }, 0);
    $('queue').setAttribute('data-depth', depth);
    replace($('queue-body'), [
      el('div', { class: 'big', text: fmt(depth) + ' queued' }),
      kv([
        ['waiting', fmt(part.waiting)],
        ['prioritized', fmt(part.prioritized)],
        ['delayed', fmt(part.delayed)],
        ['active', fmt(part.active)],
        ['failed', fmt(part.failed)],
        ['completed', fmt(part.completed)],
      ]),
    ]);
  }

  function renderFreshness() {
    const doc = state.status || {};
    const part = doc.freshness;
    if (!part) return replace($('freshness-body'), [absent('polygon-ingestor')]);
    const behind = (part.behind || []).slice(0, 5).map(function (b) {
      return b.symbol + (b.sessionsBehind === null ? ' (no bars)' : ' (' + b.sessionsBehind + ' behind)');
    });
    const universe = doc.universe;
    replace($('freshness-body'), [
      el('div', { class: 'big', text: fmt(part.symbolsCurrent) + ' / ' + fmt(part.symbols) + ' current' }),
      bar(part.symbols ? (100 * part.symbolsCurrent) / part.symbols : 0, part.symbolsBehind ? 'warn' : ''),
      kv([
        ['through', part.lastCompletedSession || '—'],
        ['newest bar', part.newestStored || '—'],
        ['last end-of-day', part.lastEndOfDay || '—'],
        universe
          ? [
              'universe',
              fmt(universe.active) +
                ' active, ' +
                fmt(universe.suspended) +
                ' suspended, ' +
                fmt(universe.delisted) +
                ' delisted',
            ]
          : null,
        behind.length ? ['behind', behind.join(', ')] : null,
      ]),
    ]);
  }

  function renderQuality() {
    const part = state.status && state.status.quality;
    if (!part) return replace($('quality-body'), [absent('quality-service')]);
    const report = part.latestReport;
    if (!report) return replace($('quality-body'), [el('p', { class: 'muted', text: 'No report stored yet.' })]);
    const levels = { 0: 'ok', 1: 'warning', 2: 'critical' };
    const level = report.alertLevel === null ? 'nothing checked' : levels[report.alertLevel];
    const total = Object.keys(report.counts || {}).reduce(function (sum, k) {
      return sum + report.counts[k];
    }, 0);
    replace($('quality-body'), [
      el('div', { class: 'big level level-' + level, text: level }),
      kv([
        ['run', when(report.startedAt)],
        [
          'findings',
          report.outcome === 'nothing_checked' ? '— (' + (report.reason || 'nothing checked') + ')' : fmt(total),
        ],
        ['checked', fmt(report.symbolsChecked) + ' symbols, ' + fmt(report.barsChecked) + ' bars'],
      ]),
    ]);
  }

  function renderAccount() {
    const part = state.status && state.status.account;
    if (!part) return replace($('account-body'), [absent('alpaca-monitor')]);
    const snap = part.snapshot;
    replace($('account-body'), [
      el('div', { class: 'big', text: snap ? fmt(snap.equity) + ' ' + (snap.currency || '') : '—' }),
      kv([
        snap ? ['cash', fmt(snap.cash)] : null,
        snap ? ['buying power', fmt(snap.buyingPower)] : null,
        snap ? ['captured', when(snap.capturedAt)] : ['snapshot', 'none yet'],
        ['monitoring', part.trading === false ? 'off' : 'on'],
        part.stale ? ['stale', 'yes: the last poll failed'] : null,
      ]),
    ]);
  }

  /** True when /status says the providers are the bundled simulator (`providers: 'simulated'`, from the ingestor). */
  function simulated(doc) {
    return !!(doc && doc.providers === 'simulated');
  }

  function renderStatus() {
    $('sim-banner').hidden = !simulated(state.status);
    renderServices();
    renderBackfill();
    renderBudget();
    renderQueue();
    renderFreshness();
    renderQuality();
    renderAccount();
    tickAges();
  }

  function poll() {
    Promise.all([fetchJson('/status'), fetchJson('/health')])
      .then(function (answers) {
        const status = answers[0];
        const health = answers[1];
        if (!status.ok || !status.body) throw new Error(messageOf(status));
        state.status = status.body;
        state.statusFetchedAt = Date.now();
        state.health = health.body;
        state.gatewayError = null;
        window.__statusPage.polls += 1;
        renderStatus();
        afterStatus();
      })
      .catch(function (error) {
        state.gatewayError = error && error.message ? error.message : String(error);
        renderServices();
        tickAges();
      })
      .then(function () {
        setTimeout(poll, config.refreshMs);
      });
  }

  /** Redraws what the new /status says has changed: the coverage grid and the findings. */
  function afterStatus() {
    const doc = state.status || {};
    const run = doc.backfill && (doc.backfill.current || (doc.backfill.recent && doc.backfill.recent[0]));
    const key = JSON.stringify([
      run && run.id,
      run && run.cells && run.cells.done,
      run && run.status,
      doc.freshness && doc.freshness.newestStored,
      doc.freshness && doc.freshness.lastEndOfDay,
    ]);
    if (key !== state.coverageKey || Date.now() - state.coverageAt > 60000) {
      const moved = state.coverageKey !== null && key !== state.coverageKey;
      state.coverageKey = key;
      loadCoverage();
      // New bars may have arrived: an empty chart, or one whose run has just ended, is drawn again (a chart
      // being read is left where the reader put it).
      const finished = run && run.status !== 'running' && state.lastRunStatus === 'running';
      if (moved && state.symbol && ($('chart-box').getAttribute('data-bar-count') === '0' || finished)) loadChart();
    }
    state.lastRunStatus = run ? run.status : null;
    const report = doc.quality && doc.quality.latestReport;
    if (report && report.runId !== state.findingsRunId) {
      state.findingsRunId = report.runId;
      fetch('/ui/findings', { cache: 'no-store' })
        .then(function (response) {
          return response.ok ? response.text() : null;
        })
        .then(function (html) {
          // A fragment rendered (and escaped) by this gateway's own renderer.
          if (html !== null) $('findings-body').innerHTML = html;
          if (state.symbol) loadChart();
        })
        .catch(function () {
          // Tried again on the next poll.
          state.findingsRunId = null;
        });
    }
  }

  // ---------------------------------------------------------------- coverage

  function loadCoverage() {
    state.coverageAt = Date.now();
    return fetchJson('/ui/data/coverage?sessions=' + encodeURIComponent(config.sessions)).then(
      function (answer) {
        if (!answer.ok) {
          $('heatmap').setAttribute('data-state', 'error');
          replace($('heatmap'), [
            el('p', { class: 'warn', text: 'The coverage ledger is not available: ' + messageOf(answer) }),
          ]);
          return;
        }
        state.coverage = answer.body;
        renderHeatmap();
        fillPicker();
      },
      function (error) {
        $('heatmap').setAttribute('data-state', 'error');
        replace($('heatmap'), [el('p', { class: 'warn', text: 'The gateway did not answer: ' + error.message })]);
      },
    );
  }

  function shortDate(iso) {
    const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
    return months[Number(iso.slice(5, 7)) - 1] + ' ' + Number(iso.slice(8, 10));
  }

  function renderHeatmap() {
    const cov = state.coverage;
    const box = $('heatmap');
    const sessions = cov.sessions;
    const failures = {};
    (cov.failures || []).forEach(function (f) {
      failures[f.symbol + ' ' + f.date] = f.error;
    });
    const rows = cov.symbols.map(function (symbol, i) {
      const cells = cov.cells[i];
      let gaps = 0;
      for (let j = 0; j < cells.length; j++) if (GAP_STATUSES[cov.codes[cells[j]]]) gaps += 1;
      return { symbol: symbol, cells: cells, gaps: gaps };
    });
    const gapsFirst = $('gaps-first').checked;
    const withGaps = rows.filter(function (r) {
      return r.gaps > 0;
    });
    const clean = rows.filter(function (r) {
      return r.gaps === 0;
    });
    const ordered = gapsFirst ? withGaps.concat(clean) : rows;
    const drawn = ordered.slice(0, MAX_ROWS);
    // Cells as wide as the panel allows (at least 6 px, at most 24 px), so 60 sessions fill the width.
    const labelWidth = 64;
    const cellWidth = Math.max(
      6,
      Math.min(24, Math.floor((box.clientWidth - labelWidth - 8) / Math.max(1, sessions.length)) - 1),
    );
    const step = cellWidth + 1;

    const grid = el('div', { class: 'hm-grid' });
    grid.style.setProperty('--cell-w', cellWidth + 'px');
    const axis = el('div', { class: 'hm-axis' });
    axis.style.width = sessions.length * step + 'px';
    let lastMonth = null;
    let lastLabelAt = -99;
    sessions.forEach(function (date, j) {
      const month = date.slice(0, 7);
      if ((month !== lastMonth && j - lastLabelAt >= 4) || j === 0) {
        const label = el('span', { text: shortDate(date) });
        label.style.left = j * step + 'px';
        axis.appendChild(label);
        lastLabelAt = j;
      }
      lastMonth = month;
    });
    grid.appendChild(axis);

    let dividerDrawn = false;
    drawn.forEach(function (row) {
      if (gapsFirst && row.gaps === 0 && !dividerDrawn && withGaps.length > 0) {
        grid.appendChild(
          el('div', {
            class: 'hm-divider',
            text: fmt(clean.length) + ' symbol' + (clean.length === 1 ? '' : 's') + ' without a gap',
          }),
        );
        dividerDrawn = true;
      }
      const cellsNode = el('span', { class: 'hm-cells' });
      for (let j = 0; j < row.cells.length; j++) {
        const status = cov.codes[row.cells[j]] || 'missing';
        const date = sessions[j];
        let title = row.symbol + ' ' + date + ': ' + STATUS_LABELS[status];
        const error = failures[row.symbol + ' ' + date];
        if (error) title += ' (' + error + ')';
        cellsNode.appendChild(
          el('i', { class: 'st-' + status, 'data-date': date, 'data-status': status, title: title }),
        );
      }
      const label = el('a', {
        class: 'hm-label',
        href: '/?symbol=' + encodeURIComponent(row.symbol) + '#chart',
        text: row.symbol,
        title: row.gaps ? row.gaps + ' gap(s): open the chart' : 'open the chart',
      });
      grid.appendChild(
        el(
          'div',
          { class: 'hm-row' + (row.gaps ? ' has-gap' : ''), 'data-symbol': row.symbol, 'data-gaps': row.gaps },
          [label, cellsNode],
        ),
      );
    });
    const notDrawn = ordered.slice(drawn.length);
    const notDrawnWithGaps = notDrawn.filter(function (r) {
      return r.gaps > 0;
    }).length;
    let children = [grid];
    if (notDrawn.length > 0) {
      const which =
        notDrawnWithGaps > 0
          ? ' (' + fmt(notDrawnWithGaps) + ' of them with a gap)'
          : gapsFirst
            ? ', none with a gap,'
            : '';
      children.push(
        el('p', {
          class: 'hm-collapsed',
          text: fmt(notDrawn.length) + ' more symbols' + which + ' are not drawn; pick one in the chart to see it.',
        }),
      );
    }
    if (rows.length === 0) children = [el('p', { class: 'muted', text: 'The universe has no active symbol yet.' })];
    if ((cov.failures || []).length > 0) {
      children.push(
        el(
          'ul',
          { class: 'failures' },
          cov.failures.slice(0, 8).map(function (f) {
            return el('li', {}, [
              el('span', { class: 'cell st-failed' }),
              ' ',
              f.symbol + ' ' + f.date + ': ' + (f.error || 'failed'),
            ]);
          }),
        ),
      );
    }
    replace(box, children);
    box.setAttribute('data-state', 'ready');
    box.setAttribute('data-symbols', rows.length);
    box.setAttribute('data-sessions', sessions.length);
    Object.keys(cov.counts || {}).forEach(function (status) {
      const node = document.querySelector('[data-count-of="' + status + '"]');
      if (node) node.textContent = fmt(cov.counts[status]);
    });
    $('coverage-note').textContent =
      fmt(rows.length) +
      ' active symbols × ' +
      sessions.length +
      ' sessions, ' +
      (sessions[0] || '—') +
      ' to ' +
      (cov.lastPublishedSession || '—') +
      ' (the last session Polygon has published). ' +
      (withGaps.length ? fmt(withGaps.length) + ' with a gap.' : 'No gap.');
  }

  function fillPicker() {
    const picker = $('symbol-picker');
    const symbols = (state.coverage && state.coverage.symbols) || [];
    const current = state.symbol;
    const wanted = symbols.slice();
    if (current && wanted.indexOf(current) < 0) wanted.unshift(current);
    const have = Array.prototype.map.call(picker.options, function (o) {
      return o.value;
    });
    if (have.join(',') !== wanted.join(',')) {
      replace(
        picker,
        wanted.map(function (s) {
          return el('option', { value: s, text: s });
        }),
      );
    }
    if (!state.symbol && wanted.length > 0) {
      state.symbol = wanted[0];
      loadChart();
    }
    picker.value = state.symbol || '';
  }

  // ---------------------------------------------------------------- chart

  function ensureChart() {
    if (state.chart) return state.chart;
    const chart = LC.createChart($('chart-canvas'), {
      autoSize: true,
      // The library's logo injects an inline <style> (refused by the page's CSP); the page links to TradingView under the chart instead, as its licence asks.
      layout: {
        background: { type: 'solid', color: '#ffffff' },
        textColor: '#344054',
        fontSize: 12,
        attributionLogo: false,
      },
      grid: { vertLines: { color: '#f1f3f6' }, horzLines: { color: '#f1f3f6' } },
      rightPriceScale: { borderColor: '#e3e8ef' },
      timeScale: { borderColor: '#e3e8ef', rightOffset: 4 },
      crosshair: { mode: LC.CrosshairMode.Normal },
    });
    const candles = chart.addSeries(LC.CandlestickSeries, {
      upColor: '#26a269',
      downColor: '#d1293d',
      borderVisible: false,
      wickUpColor: '#26a269',
      wickDownColor: '#d1293d',
    });
    candles.priceScale().applyOptions({ scaleMargins: { top: 0.08, bottom: 0.28 } });
    const volume = chart.addSeries(LC.HistogramSeries, {
      priceFormat: { type: 'volume' },
      priceScaleId: 'volume',
      lastValueVisible: false,
      priceLineVisible: false,
    });
    chart.priceScale('volume').applyOptions({ scaleMargins: { top: 0.78, bottom: 0 } });
    const markers = LC.createSeriesMarkers(candles, []);
    // Markers of sessions without a bar (a missing bar, say) hang on an invisible point at that date:
    // on the candles' empty slot they would be drawn at the neighbouring bar.
    const anchors = chart.addSeries(LC.LineSeries, {
      lineVisible: false,
      pointMarkersVisible: false,
      lastValueVisible: false,
      priceLineVisible: false,
      crosshairMarkerVisible: false,
      autoscaleInfoProvider: function () {
        return null;
      },
    });
    const anchorMarkers = LC.createSeriesMarkers(anchors, []);
    // Another source's closes (Alpaca's next to Polygon's candles), on the candles' price scale.
    const second = chart.addSeries(LC.LineSeries, {
      color: '#2f6fdb',
      lineWidth: 2,
      lastValueVisible: false,
      priceLineVisible: false,
    });
    chart.timeScale().subscribeVisibleTimeRangeChange(placeFocus);
    window.addEventListener('resize', placeFocus);
    state.chart = {
      chart: chart,
      candles: candles,
      volume: volume,
      markers: markers,
      anchors: anchors,
      anchorMarkers: anchorMarkers,
      second: second,
    };
    return state.chart;
  }

  function placeFocus() {
    const overlay = $('chart-focus');
    if (!state.chart || !state.focusDate) {
      overlay.hidden = true;
      return;
    }
    const x = state.chart.chart.timeScale().timeToCoordinate(state.focusDate);
    overlay.hidden = x === null;
    if (x !== null) overlay.style.left = x + 'px';
  }

  function addDays(iso, days) {
    return new Date(Date.parse(iso + 'T00:00:00Z') + days * DAY_MS).toISOString().slice(0, 10);
  }

  function setChartState(stateName, note) {
    $('chart-box').setAttribute('data-state', stateName);
    $('chart-note').textContent = note;
  }

  function loadChart() {
    const symbol = state.symbol;
    if (!symbol) return;
    const seq = ++state.chartSeq;
    const box = $('chart-box');
    box.setAttribute('data-symbol', symbol);
    box.setAttribute('data-adjusted', state.adjusted ? 'true' : 'false');
    setChartState('loading', 'Loading ' + symbol + '…');
    $('series-raw').setAttribute('aria-pressed', state.adjusted ? 'false' : 'true');
    $('series-adjusted').setAttribute('aria-pressed', state.adjusted ? 'true' : 'false');
    const query = state.adjusted ? '?adjusted=true' : '';
    Promise.all([
      fetchJson('/ui/data/bars/' + encodeURIComponent(symbol) + query),
      fetchJson('/ui/data/findings?symbol=' + encodeURIComponent(symbol)),
    ])
      .then(function (answers) {
        // The other sources the ingestor names: the first one with bars is drawn as a line next to the candles.
        const others = (answers[0].ok && answers[0].body && answers[0].body.otherSources) || [];
        return Promise.all(
          others.map(function (source) {
            const path = '/ui/data/bars/' + encodeURIComponent(symbol) + '/sources/' + encodeURIComponent(source);
            return fetchJson(path + query);
          }),
        ).then(function (seconds) {
          return answers.concat([seconds]);
        });
      })
      .then(
        function (answers) {
          if (seq !== state.chartSeq) return;
          drawChart(symbol, answers[0], answers[1], answers[2]);
        },
        function (error) {
          if (seq === state.chartSeq) setChartState('error', 'The gateway did not answer: ' + error.message);
        },
      );
  }

  /** The first other source's series with bars: {source, bars}, or null. */
  function secondSeries(secondAnswers) {
    const found = (secondAnswers || []).filter(function (a) {
      return a.ok && a.body && Array.isArray(a.body.bars) && a.body.bars.length > 0;
    })[0];
    return found ? { source: found.body.source, bars: found.body.bars } : null;
  }

  /** Codes of the reconciliation check: two sources disagree on a session. */
  function isReconciliation(finding) {
    return /^source_/.test(finding.code);
  }

  function drawChart(symbol, barsAnswer, findingsAnswer, secondAnswers) {
    const c = ensureChart();
    const box = $('chart-box');
    const second = barsAnswer.ok ? secondSeries(secondAnswers) : null;
    c.second.setData(
      second
        ? second.bars.map(function (b) {
            return { time: b.date, value: Number(b.close) };
          })
        : [],
    );
    c.second.applyOptions({ title: second ? second.source + ' close' : '' });
    box.setAttribute('data-source', barsAnswer.ok && barsAnswer.body.source ? barsAnswer.body.source : '');
    box.setAttribute('data-second-source', second ? second.source : '');
    box.setAttribute('data-second-bar-count', String(second ? second.bars.length : 0));
    if (!barsAnswer.ok) {
      c.candles.setData([]);
      c.volume.setData([]);
      c.anchors.setData([]);
      c.markers.setMarkers([]);
      c.anchorMarkers.setMarkers([]);
      box.setAttribute('data-bar-count', '0');
      box.setAttribute('data-marker-count', '0');
      box.setAttribute('data-reconcile-count', '0');
      placeFocus();
      setChartState(
        'error',
        (state.adjusted ? 'No split-adjusted series for ' : 'No bars for ') + symbol + ': ' + messageOf(barsAnswer),
      );
      return;
    }
    const answer = barsAnswer.body;
    const bars = answer.bars || [];
    const byDate = {};
    const candleData = bars.map(function (b) {
      byDate[b.date] = b;
      return { time: b.date, open: Number(b.open), high: Number(b.high), low: Number(b.low), close: Number(b.close) };
    });
    const volumeData = bars.map(function (b) {
      const up = Number(b.close) >= Number(b.open);
      return {
        time: b.date,
        value: Number(b.volume),
        color: up ? 'rgba(38, 162, 105, 0.45)' : 'rgba(209, 41, 61, 0.45)',
      };
    });

    let findings = [];
    if (
      findingsAnswer.ok &&
      findingsAnswer.body &&
      Array.isArray(findingsAnswer.body.reports) &&
      findingsAnswer.body.reports[0]
    ) {
      findings = (findingsAnswer.body.reports[0].findings || []).filter(function (f) {
        return f.date && f.symbol === symbol;
      });
    }
    const first = bars.length ? bars[0].date : null;
    const last = bars.length ? bars[bars.length - 1].date : null;
    const inRange = function (date) {
      return first !== null && date >= first && date <= last;
    };
    // A date without a bar (a missing session, say) gets an empty slot, so its marker sits at its own date.
    const extraDates = {};
    findings.forEach(function (f) {
      if (!byDate[f.date] && inRange(f.date)) extraDates[f.date] = true;
    });
    if (state.focusDate && !byDate[state.focusDate] && inRange(state.focusDate)) extraDates[state.focusDate] = true;
    Object.keys(extraDates).forEach(function (date) {
      candleData.push({ time: date });
    });
    candleData.sort(function (a, b) {
      return a.time < b.time ? -1 : a.time > b.time ? 1 : 0;
    });
    const priceNear = function (date) {
      const before = bars.filter(function (b) {
        return b.date <= date;
      });
      const bar = before.length ? before[before.length - 1] : bars[0];
      return bar ? Number(bar.close) : 0;
    };
    const markers = [];
    const anchorMarkers = [];
    const add = function (marker) {
      (byDate[marker.time] ? markers : anchorMarkers).push(marker);
    };
    const splits = (answer.splits || []).filter(function (s) {
      return inRange(s.date);
    });
    splits.forEach(function (s) {
      const text = s.to >= s.from ? s.to / s.from + '-for-1 split' : '1-for-' + s.from / s.to + ' reverse split';
      add({ time: s.date, position: 'aboveBar', shape: 'arrowDown', color: '#6e56cf', text: text });
    });
    findings.forEach(function (f) {
      if (!inRange(f.date)) return;
      // A disagreement between the sources: a square above the bar, in the second series' colour family.
      if (isReconciliation(f))
        add({ time: f.date, position: 'aboveBar', shape: 'square', color: '#b54708', text: f.code });
      else add({ time: f.date, position: 'belowBar', shape: 'circle', color: '#c8102e', text: f.code });
    });
    const reconciled = findings.filter(function (f) {
      return isReconciliation(f) && inRange(f.date);
    });
    if (state.focusDate && inRange(state.focusDate)) {
      // No text: the band and the note name the date, and a finding's label on the same date stays readable.
      add({ time: state.focusDate, position: 'belowBar', shape: 'arrowUp', color: '#2f6fdb', id: 'focus' });
    }
    const byTime = function (a, b) {
      return a.time < b.time ? -1 : a.time > b.time ? 1 : 0;
    };
    markers.sort(byTime);
    anchorMarkers.sort(byTime);
    const anchorData = Object.keys(extraDates)
      .sort()
      .map(function (date) {
        return { time: date, value: priceNear(date) };
      });

    c.candles.setData(candleData);
    c.volume.setData(volumeData);
    c.anchors.setData(anchorData);
    c.markers.setMarkers(markers);
    c.anchorMarkers.setMarkers(anchorMarkers);
    if (state.focusDate && inRange(state.focusDate)) {
      c.chart.timeScale().setVisibleRange({ from: addDays(state.focusDate, -75), to: addDays(state.focusDate, 75) });
    } else if (bars.length > 0) {
      c.chart
        .timeScale()
        .setVisibleLogicalRange({ from: Math.max(0, candleData.length - 130), to: candleData.length + 3 });
    }

    box.setAttribute('data-bar-count', String(bars.length));
    box.setAttribute('data-marker-count', String(markers.length + anchorMarkers.length));
    box.setAttribute('data-split-count', String(splits.length));
    box.setAttribute('data-finding-count', String(findings.length));
    box.setAttribute('data-reconcile-count', String(reconciled.length));
    box.setAttribute('data-focus-date', state.focusDate && inRange(state.focusDate) ? state.focusDate : '');
    let note =
      symbol +
      ': ' +
      fmt(bars.length) +
      ' daily bars' +
      (first ? ', ' + first + ' to ' + last : '') +
      (state.adjusted ? ', split-adjusted' : ', as stored (unadjusted)');
    if (state.adjusted && answer.truncated)
      note += '; adjusted only through ' + answer.adjustedThrough + ' (the splits ledger is complete up to there)';
    if (splits.length) note += '; ' + splits.length + ' split' + (splits.length === 1 ? '' : 's');
    if (second) note += '; ' + second.source + ' closes as a line (' + fmt(second.bars.length) + ' bars)';
    if (reconciled.length)
      note +=
        '; ' + reconciled.length + ' session' + (reconciled.length === 1 ? '' : 's') + ' where the sources disagree';
    if (findings.length)
      note +=
        '; ' + findings.length + ' finding' + (findings.length === 1 ? '' : 's') + ' in the latest quality report';
    if (state.focusDate && !inRange(state.focusDate)) note += '; ' + state.focusDate + ' is outside the stored bars';
    setChartState('ready', note);
    // Positions are known once the chart has laid out the new range.
    requestAnimationFrame(function () {
      requestAnimationFrame(placeFocus);
    });
  }

  function updateUrl() {
    const params = new URLSearchParams(location.search);
    params.delete('symbol');
    params.delete('date');
    params.delete('adjusted');
    if (state.symbol) params.set('symbol', state.symbol);
    if (state.focusDate) params.set('date', state.focusDate);
    if (state.adjusted) params.set('adjusted', 'true');
    history.replaceState(null, '', '/?' + params.toString() + '#chart');
  }

  function openChart(symbol, date) {
    state.symbol = symbol;
    state.focusDate = date || null;
    $('symbol-picker').value = symbol;
    if ($('symbol-picker').value !== symbol) fillPicker();
    updateUrl();
    loadChart();
    $('chart').scrollIntoView({ behavior: 'smooth', block: 'start' });
  }

  // ---------------------------------------------------------------- wiring

  $('symbol-picker').addEventListener('change', function (event) {
    state.symbol = event.target.value;
    state.focusDate = null;
    updateUrl();
    loadChart();
  });
  $('series-raw').addEventListener('click', function () {
    state.adjusted = false;
    updateUrl();
    loadChart();
  });
  $('series-adjusted').addEventListener('click', function () {
    state.adjusted = true;
    updateUrl();
    loadChart();
  });
  $('gaps-first').addEventListener('change', function () {
    if (state.coverage) renderHeatmap();
  });
  let resizeTimer = null;
  window.addEventListener('resize', function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(function () {
      if (state.coverage) renderHeatmap();
    }, 200);
  });
  $('heatmap').addEventListener('click', function (event) {
    const cell = event.target.closest('.hm-cells > i');
    if (!cell) return;
    openChart(cell.parentNode.parentNode.getAttribute('data-symbol'), cell.getAttribute('data-date'));
  });
  $('findings').addEventListener('click', function (event) {
    const link = event.target.closest('a.chart-link');
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    openChart(link.getAttribute('data-symbol'), link.getAttribute('data-date'));
  });

  if (config.status) {
    state.status = config.status;
    state.statusFetchedAt = Date.now();
    renderStatus();
  }
  setInterval(tickAges, 1000);
  poll();
  if (state.symbol) {
    $('symbol-picker').value = state.symbol;
    fillPicker();
    loadChart();
    if (state.focusDate || location.hash === '#chart') $('chart').scrollIntoView({ block: 'start' });
  }
})();
