/** `backfill run --symbols AAPL,MSFT --from 2025-01-02` -> positionals and flags; throws a usage error. */
export interface ParsedArguments {
  readonly positionals: string[];
  readonly flags: Record<string, string | true>;
}

export class UsageError extends Error {}

export function parseArguments(argv: readonly string[], known: readonly string[]): ParsedArguments {
  const positionals: string[] = [];
  const flags: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split('=', 2);
    if (!known.includes(name)) throw new UsageError(`unknown option --${name}`);
    if (inline !== undefined) flags[name] = inline;
    else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) flags[name] = argv[++i];
    else flags[name] = true;
  }
  return { positionals, flags };
}
