import 'reflect-metadata';
import { Controller, Delete, Get, HttpCode, Module, Post, type INestApplication } from '@nestjs/common';
import { APP_GUARD, NestFactory } from '@nestjs/core';
import { SERVICE_TOKEN, ServiceTokenGuard } from './service-token.guard';
import { SkipServiceToken } from './skip-service-token.decorator';
import { tokensMatch } from './bearer-token';

const TOKEN = 'internal-token-for-the-guard-spec';

/** Counts the writes that reached a handler: a refused request must reach none. */
const reached: string[] = [];

@Controller('things')
class ThingsController {
  @Get()
  list() {
    return { things: reached.length };
  }

  @Post()
  @HttpCode(201)
  create() {
    reached.push('create');
    return { created: true };
  }

  @Delete(':id')
  @HttpCode(204)
  remove() {
    reached.push('remove');
  }

  @Post('public')
  @HttpCode(200)
  @SkipServiceToken()
  open() {
    return { open: true };
  }
}

async function appWith(token: string | null): Promise<{ app: INestApplication; url: string }> {
  @Module({
    controllers: [ThingsController],
    providers: [
      { provide: SERVICE_TOKEN, useValue: token },
      { provide: APP_GUARD, useClass: ServiceTokenGuard },
    ],
  })
  class GuardedModule {}
  const app = await NestFactory.create(GuardedModule, { logger: false });
  await app.listen(0, '127.0.0.1');
  return { app, url: (await app.getUrl()).replace('[::1]', '127.0.0.1') };
}

describe('ServiceTokenGuard over HTTP', () => {
  let app: INestApplication;
  let url: string;

  beforeAll(async () => ({ app, url } = await appWith(TOKEN)));
  afterAll(async () => app?.close());
  beforeEach(() => reached.splice(0));

  const send = async (method: string, path: string, authorization?: string) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: authorization === undefined ? {} : { authorization },
    });
    const text = await response.text();
    return {
      status: response.status,
      body: text ? JSON.parse(text) : null,
      challenge: response.headers.get('www-authenticate'),
    };
  };

  it('leaves reads open', async () => {
    expect((await send('GET', '/things')).status).toBe(200);
    expect((await send('HEAD', '/things')).status).toBe(200);
  });

  it('refuses a write without the token, naming the header, and the handler never runs', async () => {
    const answer = await send('POST', '/things');
    expect(answer.status).toBe(401);
    expect(answer.challenge).toBe('Bearer realm="service"');
    expect(answer.body.message).toBe(
      'missing Authorization header: write endpoints take "Authorization: Bearer <INTERNAL_API_TOKEN>"',
    );
    expect((await send('DELETE', '/things/1')).status).toBe(401);
    expect(reached).toEqual([]);
  });

  it('refuses a wrong token, a token of another length and another scheme', async () => {
    expect((await send('POST', '/things', `Bearer ${TOKEN.slice(0, -1)}x`)).body.message).toBe(
      'invalid service token in the Authorization header',
    );
    expect((await send('POST', '/things', 'Bearer short')).status).toBe(401);
    expect((await send('POST', '/things', `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}`)).body.message).toBe(
      'the Authorization header must be "Bearer <INTERNAL_API_TOKEN>"',
    );
    expect(reached).toEqual([]);
  });

  it('lets the right token through, whatever the scheme spelling', async () => {
    expect((await send('POST', '/things', `Bearer ${TOKEN}`)).status).toBe(201);
    expect((await send('DELETE', '/things/1', `bearer ${TOKEN}`)).status).toBe(204);
    expect(reached).toEqual(['create', 'remove']);
  });

  it('does not ask for the token on a route marked @SkipServiceToken()', async () => {
    expect((await send('POST', '/things/public')).body).toEqual({ open: true });
  });

  it('closes writes of a service that has no token (403) and keeps reads open', async () => {
    const closed = await appWith(null);
    try {
      const answer = await fetch(`${closed.url}/things`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      expect(answer.status).toBe(403);
      expect(((await answer.json()) as { message: string }).message).toBe(
        'write endpoints are closed: this service has no INTERNAL_API_TOKEN',
      );
      expect((await fetch(`${closed.url}/things`)).status).toBe(200);
    } finally {
      await closed.app.close();
    }
  });
});

describe('tokensMatch', () => {
  it('matches only the same token, of any length', () => {
    expect(tokensMatch(TOKEN, TOKEN)).toBe(true);
    expect(tokensMatch(TOKEN, `${TOKEN}x`)).toBe(false);
    expect(tokensMatch('', TOKEN)).toBe(false);
  });
});
