import { withLocalDefaults } from '@mdi/platform';
import { optionLines, parseArguments, UsageError } from './cli-arguments';
import { BACKFILL_COMMANDS } from './commands/backfill-commands';
import type { Command } from './commands/command';
import { EXPORT_COMMANDS } from './commands/export-commands';
import { OPERATION_COMMANDS } from './commands/operation-commands';
import { SYMBOL_COMMANDS } from './commands/symbol-commands';
import { IngestorClient, type Io } from './ingestor-client';

/*
 * Operator CLI of the polygon-ingestor: a thin client of its HTTP API
 * (INGESTOR_URL, default http://127.0.0.1:3001), so it works against any
 * replica and changes nothing the service would not. Exit codes: 0 done,
 * 1 refused or failed (reasons printed), 2 usage.
 */
const DEFAULT_URL = 'http://127.0.0.1:3001';
const COMMANDS: readonly Command[] = [
  ...SYMBOL_COMMANDS,
  ...BACKFILL_COMMANDS,
  ...OPERATION_COMMANDS,
  ...EXPORT_COMMANDS,
];
const GROUPS = ['symbols', 'backfill'];
const isHelp = (arg: string | undefined) => arg === '-h' || arg === '--help';

export async function runCli(argv: readonly string[], env: NodeJS.ProcessEnv, io: Io): Promise<number> {
  // An unset INTERNAL_API_TOKEN comes from the file npm start wrote (scripts/local-defaults.env).
  const { env: withToken } = withLocalDefaults(env, { variables: ['INTERNAL_API_TOKEN'] });
  const client = new IngestorClient(env['INGESTOR_URL'] ?? DEFAULT_URL, withToken['INTERNAL_API_TOKEN']);
  const [first, second] = argv;
  const usageError = (problem: string, usage: string) => {
    io.err(`${problem}\n${usage}`);
    return 2;
  };
  if (isHelp(first)) {
    io.out(mainUsage());
    return 0;
  }
  if (first === undefined) return usageError('missing command', mainUsage());
  if (first.startsWith('-')) return usageError(`unknown option ${first}`, mainUsage());
  if (GROUPS.includes(first)) {
    const group = COMMANDS.filter((c) => c.words[0] === first);
    if (isHelp(second)) {
      io.out(groupUsage(first, group));
      return 0;
    }
    if (second === undefined || second.startsWith('-')) {
      return usageError(
        `missing command after ${first} (${group.map((c) => c.words[1]).join(', ')})`,
        groupUsage(first, group),
      );
    }
    const command = group.find((c) => c.words[1] === second);
    return command
      ? runCommand(command, argv.slice(2), client, io, env)
      : usageError(`unknown command "${first} ${second}"`, groupUsage(first, group));
  }
  const command = COMMANDS.find((c) => c.words.length === 1 && c.words[0] === first);
  return command
    ? runCommand(command, argv.slice(1), client, io, env)
    : usageError(`unknown command "${first}"`, mainUsage());
}

async function runCommand(
  command: Command,
  rest: readonly string[],
  client: IngestorClient,
  io: Io,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  let parsed;
  try {
    parsed = parseArguments(rest, command.options);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`${error.message}\n${commandUsage(command)}`);
    return 2;
  }
  if (parsed.help) {
    io.out(commandUsage(command));
    return 0;
  }
  const { positionals } = parsed;
  if (positionals.length < command.args.length) {
    io.err(`missing argument ${command.args[positionals.length]}\n${commandUsage(command)}`);
    return 2;
  }
  if (positionals.length > command.args.length) {
    io.err(`unexpected argument ${JSON.stringify(positionals[command.args.length])}\n${commandUsage(command)}`);
    return 2;
  }
  try {
    // npm run starts scripts in the repository root; INIT_CWD is where the operator typed the command.
    const cwd = env['INIT_CWD'] ?? process.cwd();
    return await command.run({ client, io, args: positionals, options: parsed.options, cwd });
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`${error.message}\n${commandUsage(command)}`);
      return 2;
    }
    const { cause } = error as { cause?: { code?: string; message?: string } };
    const why = cause?.code ?? cause?.message;
    io.err(
      `cannot reach the ingestor at ${client.base}: ${(error as Error).message}${why ? ` (${why})` : ''}; INGESTOR_URL sets the address`,
    );
    return 1;
  }
}

function synopsis(command: Command): string {
  const options = command.options.map((o) => `[--${o.name}${o.value ? ` ${o.value}` : ''}]`);
  return ['ingestor', ...command.words, ...command.args, ...options].join(' ');
}

function commandUsage(command: Command): string {
  return [`usage: ${synopsis(command)}`, '', command.description, '', 'options:', ...optionLines(command.options)].join(
    '\n',
  );
}

function commandList(commands: readonly Command[]): string[] {
  const names = commands.map((c) => [...c.words, ...c.args].join(' '));
  const width = Math.max(...names.map((n) => n.length));
  return commands.map((c, i) => `  ${names[i].padEnd(width)}  ${c.summary}`);
}

function groupUsage(group: string, commands: readonly Command[]): string {
  return [
    `usage: ingestor ${group} <${commands.map((c) => c.words[1]).join('|')}> ...`,
    '',
    'commands:',
    ...commandList(commands),
    '',
    `ingestor ${group} <command> --help shows a command's options.`,
  ].join('\n');
}

function mainUsage(): string {
  return [
    'usage: ingestor <command> [arguments] [options]',
    '',
    'Operator CLI of the polygon-ingestor, a client of its HTTP API.',
    '',
    'commands:',
    ...commandList(COMMANDS),
    '',
    "Every command takes -h/--help (its usage) and --json (the service's JSON answer instead of a summary).",
    `environment: INGESTOR_URL, the ingestor's address (default ${DEFAULT_URL});`,
    '  INTERNAL_API_TOKEN, the service token its write commands send (default: the one npm start wrote to .local/internal-api-token)',
    'exit codes: 0 done, 1 refused or failed (the reasons are printed), 2 usage error',
  ].join('\n');
}

if (require.main === module) {
  void runCli(process.argv.slice(2), process.env, {
    out: (text) => process.stdout.write(text.startsWith('\r') ? text : `${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    tty: Boolean(process.stdout.isTTY),
  }).then((code) => process.exit(code));
}
