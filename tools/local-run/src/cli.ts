/**
 * `npm run cli -- <command>`: one command line for the whole system. health
 * and status read the gateway (GATEWAY_URL, default http://127.0.0.1:3000)
 * and print a summary for a person (--json: the gateway's answer); the other
 * commands run the existing tools as child processes, unchanged: the
 * polygon-ingestor's CLI (backfill, eod, gap-repair, reference-sync,
 * symbols, corporate-actions, export), the providers' connectivity test and the
 * quality-service's validate-data. Each of those takes its defaults from
 * scripts/local-defaults.env as `npm start` does (withLocalDefaults, the
 * token files under .local/), so this works from a fresh shell.
 * Exit codes: the command's own; 2 for a usage mistake (named on stderr).
 */
import { closest, distance } from 'fastest-levenshtein';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { gatewayUrl, REPOSITORY_ROOT } from './local-defaults';
import { healthSummary, statusSummary } from './summaries';

interface Io {
  out(text: string): void;
  err(text: string): void;
}

type Delegate = { readonly entry: string; readonly words: readonly string[]; readonly summary: string };

const INGESTOR_CLI = 'apps/polygon-ingestor/src/cli/ingestor-cli.ts';
const DELEGATES: Record<string, Delegate> = {
  backfill: {
    entry: INGESTOR_CLI,
    words: ['backfill'],
    summary: 'backfill plan | run: the call-optimal plan of what is missing, or start it and follow it to its verdict',
  },
  eod: { entry: INGESTOR_CLI, words: ['eod'], summary: 'end-of-day update now (--date YYYY-MM-DD: that one session)' },
  'gap-repair': { entry: INGESTOR_CLI, words: ['gap-repair'], summary: 'backfill whatever coverage is missing' },
  'reference-sync': {
    entry: INGESTOR_CLI,
    words: ['reference-sync'],
    summary: "refresh Polygon's ticker reference (delistings, names, exchanges)",
  },
  'corporate-actions': { entry: INGESTOR_CLI, words: ['corporate-actions'], summary: 'refresh splits and dividends' },
  export: {
    entry: INGESTOR_CLI,
    words: ['export'],
    summary: 'stored bars of many symbols as one Parquet, CSV or Arrow file, with its coverage (--out FILE)',
  },
  symbols: {
    entry: INGESTOR_CLI,
    words: ['symbols'],
    summary: 'symbols list | add | remove | suspend | activate: the symbol universe',
  },
  connectivity: {
    entry: 'libs/providers/src/bin/test-connectivity.ts',
    words: [],
    summary: 'can the providers be reached with the configured keys, and with how much rate-limit headroom',
  },
  validate: {
    entry: 'apps/quality-service/src/bin/validate-data.ts',
    words: [],
    summary: 'run the quality checks once and print the report (--store, --json, --all)',
  },
};

const USAGE = `usage: npm run cli -- <command> [options]

  health              the gateway's /health: is every service and Redis ready
  status              the gateway's /status: services, data source, backfill, freshness, budget, queue, quality
${Object.entries(DELEGATES)
  .map(([name, d]) => `  ${name.padEnd(19)} ${d.summary}`)
  .join('\n')}

Every command takes -h/--help. health and status take --json (the gateway's answer as is).
Defaults come from scripts/local-defaults.env, like npm start: the gateway at http://127.0.0.1:3000
(GATEWAY_URL), the ingestor at http://127.0.0.1:3001 (INGESTOR_URL), the service token from .local/.
Exit codes: 0 done, 1 failed or not healthy, 2 a usage mistake; the other commands keep their own.`;

const GATEWAY_USAGE = (command: string, what: string) => `usage: npm run cli -- ${command} [--json]

  ${what}
  --json      print the gateway's JSON answer instead of the summary
  -h, --help  print this help and exit

The gateway is GATEWAY_URL (default http://127.0.0.1:3000, as npm start runs it).`;

const CONNECTIVITY_USAGE = `usage: npm run cli -- connectivity

  ${DELEGATES['connectivity'].summary}.
  A first line says what it uses (the simulator and local defaults, or the real providers), then one
  verdict per provider. Exit 0 when both are reachable and authenticated, else 1.
  -h, --help  print this help and exit`;

const COMMANDS = ['health', 'status', ...Object.keys(DELEGATES)];

/** A typo within two edits of a command (`stauts`) is answered with the command it probably meant. */
function didYouMean(typed: string): string {
  const nearest = closest(typed, COMMANDS);
  return distance(typed, nearest) <= 2 ? ` (did you mean "${nearest}"?)` : '';
}

const isHelp = (arg: string | undefined) => arg === '-h' || arg === '--help';

export async function runSystemCli(argv: readonly string[], env: NodeJS.ProcessEnv, io: Io): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined) {
    io.err(`missing command\n${USAGE}`);
    return 2;
  }
  if (isHelp(command)) {
    io.out(USAGE);
    return 0;
  }
  if (command.startsWith('-')) {
    io.err(`unknown option ${command}\n${USAGE}`);
    return 2;
  }
  if (command === 'health' || command === 'status') return gatewayCommand(command, rest, env, io);
  if (command === 'connectivity') {
    if (isHelp(rest[0])) {
      io.out(CONNECTIVITY_USAGE);
      return 0;
    }
    if (rest.length > 0) {
      io.err(`${rest[0].startsWith('-') ? 'unknown option' : 'unexpected argument'} ${rest[0]}\n${CONNECTIVITY_USAGE}`);
      return 2;
    }
  }
  const delegate = DELEGATES[command];
  if (!delegate) {
    io.err(`unknown command "${command}"${didYouMean(command)}\n${USAGE}`);
    return 2;
  }
  return runChild(delegate, rest, env);
}

async function gatewayCommand(
  command: 'health' | 'status',
  rest: readonly string[],
  env: NodeJS.ProcessEnv,
  io: Io,
): Promise<number> {
  const usage = GATEWAY_USAGE(
    command,
    command === 'health'
      ? "the gateway's /health as a summary: ready or not, per service and Redis, and why"
      : "the gateway's /status as a summary for a person",
  );
  let json = false;
  for (const arg of rest) {
    if (isHelp(arg)) {
      io.out(usage);
      return 0;
    }
    if (arg === '--json') json = true;
    else {
      io.err(`${arg.startsWith('-') ? 'unknown option' : 'unexpected argument'} ${arg}\n${usage}`);
      return 2;
    }
  }
  const base = gatewayUrl(env);
  let response: Response;
  try {
    response = await fetch(`${base}/${command}`, { signal: AbortSignal.timeout(10_000) });
  } catch (error) {
    const { cause } = error as { cause?: { code?: string; message?: string } };
    io.err(
      `cannot reach the gateway at ${base}: ${cause?.code ?? cause?.message ?? (error as Error).message}; is the system running (npm start)? GATEWAY_URL sets the address`,
    );
    return 1;
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    io.err(`the gateway at ${base} answered HTTP ${response.status} with something that is not JSON`);
    return 1;
  }
  if (json) io.out(JSON.stringify(body, null, 2));
  else io.out(command === 'health' ? healthSummary(response.status, body) : statusSummary(body));
  if (command === 'health') return response.status === 200 ? 0 : 1;
  return response.ok ? 0 : 1;
}

function runChild(delegate: Delegate, rest: readonly string[], env: NodeJS.ProcessEnv): number {
  const result = spawnSync(
    process.execPath,
    ['-r', '@swc-node/register', join(REPOSITORY_ROOT, delegate.entry), ...delegate.words, ...rest],
    {
      cwd: REPOSITORY_ROOT,
      env: {
        ...env,
        SWC_NODE_PROJECT: join(REPOSITORY_ROOT, 'tsconfig.base.json'),
        // npm start's POLYGON_INGESTOR_PORT, when it was moved, is where the ingestor CLI must go too.
        ...(!env['INGESTOR_URL'] && env['POLYGON_INGESTOR_PORT']
          ? { INGESTOR_URL: `http://127.0.0.1:${env['POLYGON_INGESTOR_PORT']}` }
          : {}),
      },
      stdio: 'inherit',
    },
  );
  if (result.error) throw result.error;
  return result.status ?? 1;
}

if (require.main === module) {
  runSystemCli(process.argv.slice(2), process.env, {
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
  }).then(
    (code) => process.exit(code),
    (error: Error) => {
      process.stderr.write(`cli: ${error.message}\n`);
      process.exit(1);
    },
  );
}
