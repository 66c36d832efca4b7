import 'reflect-metadata';
import { Controller, Get, Logger as NestLogger, Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { Writable } from 'node:stream';
import { ServiceLoggerModule } from './logger.module';

const API_KEY = 'PK-very-secret-polygon-key';

@Controller('probe')
class ProbeController {
  private readonly logger = new NestLogger('Probe');

  @Get()
  probe() {
    const failure = new Error(`GET https://api.polygon.io/v2/aggs?apiKey=${API_KEY} failed`);
    this.logger.error({
      msg: 'provider call failed',
      err: failure,
      url: `/v2?apiKey=${API_KEY}`,
      nested: { key: API_KEY },
    });
    this.logger.log(`retrying with key ${API_KEY}`);
    return { ok: true };
  }
}

describe('ServiceLoggerModule', () => {
  const lines: string[] = [];
  let app: INestApplication;
  let baseUrl: string;

  beforeAll(async () => {
    const destination = new Writable({
      write(chunk, _encoding, done) {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    @Module({
      imports: [
        ServiceLoggerModule.forRoot({ serviceName: 'probe-service', level: 'info', secrets: [API_KEY], destination }),
      ],
      controllers: [ProbeController],
    })
    class ProbeModule {}
    app = await NestFactory.create(ProbeModule, { logger: false });
    app.useLogger(app.get(Logger));
    await app.listen(0, '127.0.0.1');
    baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });

  afterAll(async () => {
    await app?.close();
  });

  it('logs a request carrying a key in its URL, and errors carrying it in fields, as JSON without the key', async () => {
    const response = await fetch(`${baseUrl}/probe?apiKey=${API_KEY}`);
    expect(response.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 50));

    const entries = lines.map((line) => JSON.parse(line));
    expect(entries.some((entry) => entry.msg === 'provider call failed')).toBe(true);
    expect(
      entries.some((entry) => entry.msg === 'request completed' && entry.req.url === '/probe?apiKey=[redacted]'),
    ).toBe(true);
    expect(entries.every((entry) => entry.service === 'probe-service')).toBe(true);
    expect(lines.join('\n')).not.toContain(API_KEY);
  });
});
