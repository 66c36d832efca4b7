import 'reflect-metadata';
import { Controller, Get, Logger as NestLogger, Module, type INestApplication } from '@nestjs/common';
import { ServiceLoggerModule } from './logger.module';
import { collectLogLines, listenWithServiceLogger } from '../../test-support/logged-app';

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
  const { lines, destination } = collectLogLines();
  let app: INestApplication;
  let baseUrl: string;

  beforeAll(async () => {
    @Module({
      imports: [
        ServiceLoggerModule.forRoot({ serviceName: 'probe-service', level: 'info', secrets: [API_KEY], destination }),
      ],
      controllers: [ProbeController],
    })
    class ProbeModule {}
    ({ app, baseUrl } = await listenWithServiceLogger(ProbeModule));
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
