import { redactSecrets } from '@mdi/platform';
import pino, { type Logger } from 'pino';

/** The part of pino the providers use, so Nest's PinoLogger or a plain pino both fit. */
export interface ProviderLogger {
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
  error(object: object, message: string): void;
}

/**
 * A pino logger that scrubs known secrets from every line, for processes
 * without the platform's logger (workers, the connectivity command).
 */
export function createProviderLogger(options: {
  readonly name: string;
  readonly level?: string;
  readonly secrets: readonly string[];
  readonly destination?: pino.DestinationStream;
}): Logger {
  const scrub = (text: string) => redactSecrets(text, options.secrets);
  return pino(
    {
      name: options.name,
      level: options.level ?? 'info',
      formatters: { log: (object) => JSON.parse(scrub(JSON.stringify(object))) },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((arg) => (typeof arg === 'string' ? scrub(arg) : arg)) as typeof args);
        },
      },
    },
    options.destination ?? pino.destination(1),
  );
}
