import { parseArguments } from './cli-arguments';
import { progressLine, type RunProgress } from './progress-bar';

/*
 * Operator CLI of the polygon-ingestor: a thin client of its HTTP API
 * (INGESTOR_URL, default http://127.0.0.1:3001), so it works against any
 * replica and changes nothing the service would not. Exit codes: 0 done,
 * 1 refused or failed (reasons printed), 2 usage.
 */
const USAGE = `usage: ingestor <command>
  symbols list [--status active|suspended|delisted]
  symbols add SYMBOL [--sector TEXT]
  symbols remove|suspend|activate SYMBOL
  backfill plan [--symbols A,B] [--from YYYY-MM-DD] [--to YYYY-MM-DD]
  backfill run  [--symbols A,B] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--no-wait]
  status`;

const OPTIONS = ['status', 'sector', 'symbols', 'from', 'to', 'no-wait', 'interval-ms'];

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers of the service, printed or read field by field
type Answer = any;

interface Io {
  out(text: string): void;
  err(text: string): void;
  readonly tty: boolean;
}

export async function runCli(argv: readonly string[], env: NodeJS.ProcessEnv, io: Io): Promise<number> {
  const base = (env['INGESTOR_URL'] ?? 'http://127.0.0.1:3001').replace(/\/+$/, '');
  let args;
  try {
    args = parseArguments(argv, OPTIONS);
  } catch (error) {
    io.err(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const [group, action, target] = args.positionals;
  const flag = (name: string) => (typeof args.flags[name] === 'string' ? (args.flags[name] as string) : undefined);
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: body === undefined ? undefined : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  };
  const show = (answer: { status: number; body: Answer }): number => {
    if (answer.status >= 400) {
      io.err(`${answer.status} ${answer.body?.message ?? ''}${(answer.body?.reasons ?? []).map((r: string) => `\n  - ${r}`).join('')}`);
      return 1;
    }
    io.out(JSON.stringify(answer.body, null, 2));
    return 0;
  };
  const request = () => {
    const query: Record<string, string> = {};
    for (const name of ['symbols', 'from', 'to']) if (flag(name)) query[name] = flag(name) as string;
    return query;
  };

  try {
    if (group === 'status' && !action) return show(await call('GET', '/status'));
    if (group === 'symbols' && action === 'list') return show(await call('GET', `/symbols${flag('status') ? `?status=${encodeURIComponent(flag('status') as string)}` : ''}`));
    if (group === 'symbols' && target && ['add', 'remove', 'suspend', 'activate'].includes(action)) {
      const path = `/symbols/${encodeURIComponent(target)}`;
      if (action === 'add') return show(await call('POST', '/symbols', { symbol: target, ...(flag('sector') ? { sector: flag('sector') } : {}) }));
      if (action === 'remove') {
        const answer = await call('DELETE', path);
        if (answer.status === 204) io.out(`removed ${target}`);
        return answer.status === 204 ? 0 : show(answer);
      }
      return show(await call('POST', `${path}/${action}`));
    }
    if (group === 'backfill' && action === 'plan') return show(await call('GET', `/backfill/plan?${new URLSearchParams(request())}`));
    if (group === 'backfill' && action === 'run') {
      const query = request();
      const started = await call('POST', '/backfill', { ...query, ...(query['symbols'] ? { symbols: query['symbols'].split(',') } : {}) });
      if (started.status >= 400) return show(started);
      const plan = started.body.plan;
      io.out(`run ${started.body.run.id}: ${plan.calls.total} calls for ${plan.missingCells} cells, about ${plan.estimatedDuration} at the budget`);
      if (args.flags['no-wait']) return 0;
      return follow(started.body.run.id, Number(flag('interval-ms') ?? 1000));
    }
  } catch (error) {
    io.err(`cannot reach the ingestor at ${base}: ${(error as Error).message}`);
    return 1;
  }
  io.err(USAGE);
  return 2;

  async function follow(id: number, intervalMs: number): Promise<number> {
    let last = '';
    for (;;) {
      const { status, body } = await call('GET', `/backfill/runs/${id}`);
      if (status >= 400) return show({ status, body });
      const line = progressLine(body as RunProgress);
      if (io.tty) io.out(`\r${line}`);
      else if (line !== last) io.out(line);
      last = line;
      if (body.status === 'done') {
        if (io.tty) io.out('\n');
        return 0;
      }
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
}

if (require.main === module) {
  void runCli(process.argv.slice(2), process.env, {
    out: (text) => process.stdout.write(text.startsWith('\r') ? text : `${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    tty: Boolean(process.stdout.isTTY),
  }).then((code) => process.exit(code));
}
