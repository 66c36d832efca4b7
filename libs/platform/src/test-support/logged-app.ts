import type { INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { Writable } from 'node:stream';

/** A destination for ServiceLoggerModule that keeps every log line it is given in `lines`, in order. */
export function collectLogLines(): { readonly lines: string[]; readonly destination: Writable } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, destination };
}

/** Starts `module` on a free loopback port, logging through its ServiceLoggerModule's pino logger. */
export async function listenWithServiceLogger(
  module: Type<unknown>,
): Promise<{ readonly app: INestApplication; readonly baseUrl: string }> {
  const app = await NestFactory.create(module, { logger: false });
  app.useLogger(app.get(Logger));
  await app.listen(0, '127.0.0.1');
  return { app, baseUrl: (await app.getUrl()).replace('[::1]', '127.0.0.1') };
}
