import type { OptionSpec } from '../cli-arguments';
import { refusalText, type HttpAnswer, type IngestorClient, type Io } from '../ingestor-client';

export interface CommandContext {
  readonly client: IngestorClient;
  readonly io: Io;
  /** The positional arguments, checked against `args`. */
  readonly args: readonly string[];
  readonly options: Readonly<Record<string, string | true>>;
  /** The directory relative paths of the command line mean. */
  readonly cwd: string;
}

/** One CLI command: its words (`symbols add`), arguments, options, help and what it does. */
export interface Command {
  readonly words: readonly string[];
  /** Required positional arguments, by their usage name (SYMBOL). */
  readonly args: readonly string[];
  readonly options: readonly OptionSpec[];
  /** One line for the command list. */
  readonly summary: string;
  /** Its help text, after the usage line. */
  readonly description: string;
  /** Throws UsageError for a command line it cannot run (exit 2, with the usage), before any call. */
  run(context: CommandContext): Promise<number>;
}

export const JSON_OPTION: OptionSpec = {
  name: 'json',
  description: "print the service's JSON answer (for scripts) instead of the summary",
};

/** Prints a refusal (exit 1), or the answer as JSON with --json, else as the human summary (exit 0). */
export function respond(
  context: CommandContext,
  answer: HttpAnswer,
  human: (body: HttpAnswer['body']) => string,
): number {
  if (answer.status >= 400) {
    context.io.err(refusalText(answer));
    return 1;
  }
  context.io.out(context.options['json'] ? JSON.stringify(answer.body, null, 2) : human(answer.body));
  return 0;
}

export function stringOption(context: CommandContext, name: string): string | undefined {
  const value = context.options[name];
  return typeof value === 'string' ? value : undefined;
}
