import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { IncomingMessage } from 'node:http';
import type { DestinationStream } from 'pino';
import { scrubLogObject } from './scrub-log-object';
import { SECRET_HEADERS, redactSecrets } from './secret-redaction';

export interface ServiceLoggerOptions {
  readonly serviceName: string;
  readonly level: string;
  /** Values that must never appear in a log line, e.g. API keys. */
  readonly secrets: readonly string[];
  /** Where lines go; stdout unless a test captures them. */
  readonly destination?: DestinationStream;
}

/** JSON logs (pino) with the service name on every line and credentials removed. */
@Module({})
export class ServiceLoggerModule {
  static forRoot(options: ServiceLoggerOptions): DynamicModule {
    return {
      module: ServiceLoggerModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            level: options.level,
            ...(options.destination ? { stream: options.destination } : {}),
            base: { service: options.serviceName },
            redact: {
              paths: SECRET_HEADERS.map((header) => `req.headers["${header}"]`),
              censor: '[redacted]',
            },
            serializers: {
              req: (req: IncomingMessage & { id?: unknown }) => ({
                id: req.id,
                method: req.method,
                url: redactSecrets(req.url ?? '', options.secrets),
              }),
            },
            formatters: {
              // Structured fields can carry credentials too (an error's config.url, say).
              log: (object) => scrubLogObject(object, options.secrets) as Record<string, unknown>,
            },
            hooks: {
              // Message text may embed a URL with a key (e.g. an axios error); scrub it last.
              logMethod(args, method) {
                const scrubbed = args.map((arg) =>
                  typeof arg === 'string' ? redactSecrets(arg, options.secrets) : arg,
                ) as typeof args;
                method.apply(this, scrubbed);
              },
            },
            // Probes and scrapes every few seconds would drown the useful lines.
            autoLogging: { ignore: (req) => /^\/(health|metrics)/.test(req.url ?? '') },
          },
        }),
      ],
      exports: [LoggerModule],
    };
  }
}
