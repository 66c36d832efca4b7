// Gateway answers are JSON read field by field; a missing field shows as '-', never throws.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const SERVICE_ORDER = ['polygon-ingestor', 'alpaca-monitor', 'quality-service'];

/** The gateway's /health as lines for a person: the verdict, then one line per service and Redis. */
export function healthSummary(httpStatus: number, body: Json): string {
  const lines = [
    httpStatus === 200
      ? 'healthy: every service and Redis is ready'
      : `not healthy (HTTP ${httpStatus}): ${namesDown(body).join(', ') || 'see below'}`,
  ];
  const services: Record<string, Json> = body?.services ?? {};
  for (const name of ordered(Object.keys(services))) lines.push(`  ${pad(name)} ${stateText(services[name])}`);
  if (body?.redis) lines.push(`  ${pad('redis')} ${stateText(body.redis)}`);
  return lines.join('\n');
}

/** The gateway's /status as lines for a person: services, data source, universe, backfill, freshness, budget, queue, quality, account. */
export function statusSummary(body: Json): string {
  const lines: string[] = [];
  const services: Record<string, Json> = body?.services ?? {};
  lines.push(
    `services   ${ordered(Object.keys(services))
      .map((name) => `${name} ${services[name]?.state ?? '?'}`)
      .join(', ')}`,
  );
  if (body?.providers)
    lines.push(
      `data       ${body.providers === 'simulated' ? 'SIMULATED (the provider simulator, not market data)' : 'real providers'}`,
    );
  const u = body?.universe;
  if (u)
    lines.push(`universe   ${u.active} active, ${u.suspended} suspended, ${u.delisted} delisted (${u.total} symbols)`);
  const b = body?.backfill;
  if (b) {
    const current = b.current;
    if (!b.enabled) lines.push('backfill   off (ENABLE_HISTORICAL_BACKFILL=false)');
    else if (current) lines.push(`backfill   ${progressText(current)}`);
    else if (b.recent?.[0])
      lines.push(
        `backfill   last run #${b.recent[0].id} ${b.recent[0].status}${b.recent[0].failureReason ? `: ${b.recent[0].failureReason}` : ''} (${b.recent[0].calls?.made ?? '-'} calls)`,
      );
    else lines.push('backfill   no run yet');
  }
  const f = body?.freshness;
  if (f) {
    const behind = typeof f.symbolsBehind === 'number' ? `, ${f.symbolsBehind} symbol(s) behind` : '';
    lines.push(
      `freshness  last session ${f.lastCompletedSession ?? f.lastPublishedSession ?? '-'}, newest stored ${f.newestStored ?? f.newest ?? '-'}${behind}, last end-of-day ${f.lastEndOfDay ?? '-'}`,
    );
  }
  const p = body?.budgets?.polygon;
  if (p)
    lines.push(
      `polygon    ${p.callsPerWindow} calls per ${windowText(p.windowMs)}, ${p.usedInCurrentWindow ?? '-'} used now${p.paused ? `, PAUSED: ${p.paused.reason ?? 'rate limited'}` : ''}, circuit ${circuitText(p.circuit)}`,
    );
  const q = body?.queues?.polygon;
  if (q)
    lines.push(
      `queue      polygon: ${q.waiting ?? 0} waiting, ${q.active ?? 0} active, ${q.delayed ?? 0} delayed, ${q.failed ?? 0} failed`,
    );
  const quality = body?.quality?.latestReport;
  if (body?.quality)
    lines.push(
      `quality    ${quality ? `latest report ${quality.outcome ?? quality.status ?? '-'}${quality.alertLevel ? ` (alert ${quality.alertLevel})` : ''}` : 'no report yet'}`,
    );
  const a = body?.account;
  if (a)
    lines.push(
      `account    ${a.trading?.mode ?? a.trading ?? '-'}${a.stale ? ' (stale: no fresh snapshot)' : ''}${a.snapshot ? `, equity ${a.snapshot.equity} ${a.snapshot.currency ?? ''}`.trimEnd() : ''}`,
    );
  return lines.join('\n');
}

/** One backfill run's progress: calls, cells, percent, ETA or why it waits. */
export function progressText(run: Json): string {
  const calls = run.calls ?? {};
  const failed = calls.failed ? `, ${calls.failed} failed` : '';
  const cells = run.cells ? `, ${number(run.cells.done)}/${number(run.cells.total)} cells` : '';
  const tail = run.stalled
    ? `STALLED: ${run.stalled}`
    : run.waiting
      ? `waiting: ${run.waiting}`
      : `ETA ${run.eta ?? '-'}`;
  return `run #${run.id} ${run.status}: ${calls.made ?? 0}/${calls.planned ?? '?'} calls${failed}${cells} (${run.percent ?? 0}%), ${tail}`;
}

function namesDown(body: Json): string[] {
  const down = Object.entries<Json>(body?.services ?? {})
    .filter(([, health]) => health?.state !== 'up')
    .map(([name]) => name);
  if (body?.redis && body.redis.state !== 'up') down.push('redis');
  return down;
}

function stateText(health: Json): string {
  return health?.state === 'up' ? 'up' : `${health?.state ?? 'unknown'}${health?.reason ? `: ${health.reason}` : ''}`;
}

function circuitText(circuit: Json): string {
  if (circuit === null || circuit === undefined) return '-';
  return typeof circuit === 'string' ? circuit : (circuit.state ?? JSON.stringify(circuit));
}

function ordered(names: string[]): string[] {
  return [...names].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

function rank(name: string): number {
  const index = SERVICE_ORDER.indexOf(name);
  return index === -1 ? SERVICE_ORDER.length : index;
}

function pad(name: string): string {
  return name.padEnd(17);
}

function windowText(ms: number): string {
  if (ms === 60_000) return 'minute';
  if (ms === 1000) return 'second';
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

function number(value: unknown): string {
  return typeof value === 'number' ? value.toLocaleString('en-US') : String(value ?? '-');
}
