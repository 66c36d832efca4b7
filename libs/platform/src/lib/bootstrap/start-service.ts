import type { DynamicModule, INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import type { BaseServiceConfig } from '../config/base-service.config';
import { ConfigError } from '../config/config-error';
import { loadConfig } from '../config/load-config';
import { redactSecrets } from '../logging/secret-redaction';
import { mountOpenApi } from '../openapi/openapi';
import { serviceVersion } from './service-version';

export interface ServiceDefinition<C extends BaseServiceConfig> {
  readonly name: string;
  readonly configSchema: new () => C;
  readonly rootModule: (config: Readonly<C>) => DynamicModule;
  /**
   * Runs before the app listens, ahead of the framework's middleware: the
   * place for a hot read path that must not pay for logging and guards on
   * every request (the gateway's /health and /status under load).
   */
  readonly beforeListen?: (app: INestApplication, config: Readonly<C>) => void;
}

/**
 * Validates configuration, builds the Nest application, mounts its OpenAPI
 * document (/openapi.json, /docs) and starts listening.
 */
export async function startService<C extends BaseServiceConfig>(
  definition: ServiceDefinition<C>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<INestApplication> {
  const config = loadConfig(definition.configSchema, env);
  // Nest's own console logger stays off until pino takes over: a start-up
  // failure is reported once, as one line, by runService.
  const app = await NestFactory.create(definition.rootModule(config), {
    logger: false,
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  definition.beforeListen?.(app, config);
  mountOpenApi(app, { name: definition.name, version: serviceVersion() });
  await app.listen(config.PORT, '0.0.0.0');
  return app;
}

/**
 * Entry point for a service's main.ts: a configuration or start-up failure
 * ends the process with one readable line, never a stack trace.
 */
export async function runService<C extends BaseServiceConfig>(definition: ServiceDefinition<C>): Promise<void> {
  try {
    const app = await startService(definition);
    app.get(Logger).log(`${definition.name} listening on ${await app.getUrl()}`);
  } catch (error) {
    const reason = error instanceof ConfigError ? error.message : `failed to start: ${(error as Error).message}`;
    process.stderr.write(`${definition.name}: ${redactSecrets(reason)}\n`);
    process.exit(1);
  }
}
