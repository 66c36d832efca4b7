import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { IncomingMessage } from 'node:http';
import { SECRET_HEADERS, redactSecrets } from './secret-redaction';

export interface ServiceLoggerOptions {
  readonly serviceName: string;
  readonly level: string;
  /** Values that must never appear in a log line, e.g. API keys. */
  readonly secrets: readonly string[];
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
              log: (object) => JSON.parse(redactSecrets(JSON.stringify(object), options.secrets)),
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
