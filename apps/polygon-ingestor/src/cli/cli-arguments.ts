/** An option of one command: a flag (`--json`) or, with `value`, an option that takes one (`--date YYYY-MM-DD`). */
export interface OptionSpec {
  readonly name: string;
  /** Placeholder of the value in usage text; absent for a flag. */
  readonly value?: string;
  readonly description: string;
}

/** `symbols add AAPL --sector Tech` after the command words: positionals and options. */
export interface ParsedArguments {
  readonly positionals: string[];
  readonly options: Record<string, string | true>;
  /** -h or --help was given: print usage, nothing else. */
  readonly help: boolean;
}

/** A command line the CLI cannot run; printed with the usage, exit code 2. */
export class UsageError extends Error {}

export const HELP_OPTION: OptionSpec = { name: 'help', description: 'print this help and exit' };

/**
 * Reads a command's arguments against its options. `--name value` and
 * `--name=value` for options that take a value; a flag takes none. -h and
 * --help win over any other mistake, so help is always reachable.
 */
export function parseArguments(argv: readonly string[], options: readonly OptionSpec[]): ParsedArguments {
  if (argv.some((arg) => arg === '-h' || arg === '--help')) return { positionals: [], options: {}, help: true };
  const positionals: string[] = [];
  const parsed: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    if (!arg.startsWith('--')) throw new UsageError(`unknown option ${arg}`);
    const equals = arg.indexOf('=');
    const name = arg.slice(2, equals === -1 ? undefined : equals);
    const spec = options.find((option) => option.name === name);
    if (!spec) throw new UsageError(`unknown option --${name}`);
    if (name in parsed) throw new UsageError(`option --${name} given twice`);
    if (spec.value === undefined) {
      if (equals !== -1) throw new UsageError(`option --${name} takes no value`);
      parsed[name] = true;
      continue;
    }
    const value = equals !== -1 ? arg.slice(equals + 1) : argv[i + 1];
    if (value === undefined || value === '' || (equals === -1 && value.startsWith('--'))) {
      throw new UsageError(`option --${name} needs a value (${spec.value})`);
    }
    parsed[name] = value;
    if (equals === -1) i++;
  }
  return { positionals, options: parsed, help: false };
}

/** The options block of a usage text. */
export function optionLines(options: readonly OptionSpec[]): string[] {
  const all = [...options, HELP_OPTION];
  const left = all.map((o) => (o.name === 'help' ? '-h, --help' : `--${o.name}${o.value ? ` ${o.value}` : ''}`));
  const width = Math.max(...left.map((text) => text.length));
  return all.map((o, i) => `  ${left[i].padEnd(width)}  ${o.description}`);
}
