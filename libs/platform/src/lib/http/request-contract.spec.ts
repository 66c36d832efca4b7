import 'reflect-metadata';
import {
  BadGatewayException,
  BadRequestException,
  Body,
  Controller,
  Get,
  HttpCode,
  Module,
  Post,
  Query,
  type INestApplication,
} from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { IsArray, IsOptional, IsString } from 'class-validator';
import { ServiceLoggerModule } from '../logging/logger.module';
import { ContractValidationPipe } from './contract-validation.pipe';
import { HttpErrorsFilter } from './http-errors.filter';
import { JsonBodyInterceptor } from './json-body.interceptor';
import { OptionalQueryText } from './query-param.decorators';
import { TakesNoBody } from './takes-no-body.decorator';
import { TakesNoQuery } from './takes-no-query.decorator';
import { RefusalMessage, Rule } from './contract-rules.decorators';
import { collectLogLines, listenWithServiceLogger } from '../../test-support/logged-app';

class ThingsQuery {
  @OptionalQueryText() from?: string;
  @OptionalQueryText() limit?: string;
}

class NewThings {
  @IsArray({ message: 'symbols must be a list of symbols such as ["AAPL"]' })
  @IsString({ each: true, message: 'each entry of symbols must be a string' })
  symbols!: string[];

  @IsOptional() @IsString() note?: string;
}

@RefusalMessage('invalid widget', { example: '{"code":"W1"}' })
class NewWidget {
  @Rule((value) =>
    typeof value === 'string' && /^W\d$/.test(value)
      ? null
      : `code must be W and a digit, got ${JSON.stringify(value)}`,
  )
  code!: string;
}

class NoQuery {}

const stored: NewThings[] = [];

@Controller()
class ThingsController {
  @Get('things')
  list(@Query() query: ThingsQuery) {
    return { isDto: query instanceof ThingsQuery, query };
  }

  @Get('plain')
  plain(@Query() query: NoQuery) {
    return { isDto: query instanceof NoQuery };
  }

  @Get('bare')
  @TakesNoQuery()
  bare() {
    return { ok: true };
  }

  @Post('things')
  @HttpCode(201)
  add(@Body() body: NewThings) {
    stored.push(body);
    return body;
  }

  @Post('runs')
  @HttpCode(201)
  @TakesNoBody()
  run() {
    return { ran: true };
  }

  @Post('widgets')
  @HttpCode(201)
  addWidget(@Body() body: NewWidget) {
    return body;
  }

  @Get('boom')
  boom(): never {
    throw new Error('query failed: relation "secret_table" at /srv/app.js:1');
  }

  @Get('upstream-down')
  upstreamDown(): never {
    throw new BadGatewayException({
      statusCode: 502,
      error: 'Bad Gateway',
      message: 'polygon-ingestor did not answer',
    });
  }

  @Get('refused')
  refused(): never {
    throw new BadRequestException('refused by the handler');
  }
}

describe('request contract: the global pipe, body-type interceptor and error filter over real HTTP', () => {
  const { lines, destination } = collectLogLines();
  let app: INestApplication;
  let baseUrl: string;

  beforeAll(async () => {
    @Module({
      imports: [
        ServiceLoggerModule.forRoot({ serviceName: 'contract-probe', level: 'info', secrets: [], destination }),
      ],
      controllers: [ThingsController],
      providers: [
        { provide: APP_INTERCEPTOR, useClass: JsonBodyInterceptor },
        { provide: APP_PIPE, useClass: ContractValidationPipe },
        { provide: APP_FILTER, useClass: HttpErrorsFilter },
      ],
    })
    class ProbeModule {}
    ({ app, baseUrl } = await listenWithServiceLogger(ProbeModule));
  });

  afterAll(async () => {
    await app?.close();
  });

  beforeEach(() => {
    lines.length = 0;
    stored.length = 0;
  });

  async function call(path: string, init?: RequestInit) {
    const response = await fetch(`${baseUrl}${path}`, init);
    const text = await response.text();
    return { status: response.status, text, body: JSON.parse(text) };
  }

  const postJson = (body: unknown) => ({
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const errorLines = async () => {
    await new Promise((resolve) => setTimeout(resolve, 50));
    return lines.map((line) => JSON.parse(line)).filter((entry) => entry.level >= 50);
  };

  it('hands a valid query to the handler as an instance of its DTO', async () => {
    expect(await call('/things?from=2024-01-02')).toMatchObject({
      status: 200,
      body: { isDto: true, query: { from: '2024-01-02' } },
    });
  });

  it('refuses an unknown query parameter, naming it and the allowed ones', async () => {
    expect(await call('/things?form=2024-01-02')).toMatchObject({
      status: 400,
      body: {
        statusCode: 400,
        error: 'Bad Request',
        message: 'unknown query parameter "form"; allowed: from, limit',
        reasons: ['unknown query parameter "form"; allowed: from, limit'],
      },
    });
  });

  it('refuses every parameter of a route that declares none', async () => {
    expect(await call('/plain')).toMatchObject({ status: 200, body: { isDto: true } });
    expect(await call('/bare')).toMatchObject({ status: 200, body: { ok: true } });
    expect(await call('/bare?a=1')).toMatchObject({
      status: 400,
      body: { message: 'unknown query parameter "a"; this endpoint takes none' },
    });
    expect(await call('/plain?a=1&b=2')).toMatchObject({
      status: 400,
      body: {
        reasons: [
          'unknown query parameter "a"; this endpoint takes none',
          'unknown query parameter "b"; this endpoint takes none',
        ],
      },
    });
  });

  it('refuses a repeated query parameter and gives every reason at once', async () => {
    const { status, body } = await call('/things?from=a&from=b&limit=1&limit=2');
    expect(status).toBe(400);
    expect(body.reasons).toEqual(['from must be given once', 'limit must be given once']);
    expect(body.message).toBe('2 problems: from must be given once; limit must be given once');
  });

  it('refuses a string where the body declares a list, and stores nothing', async () => {
    expect(await call('/things', postJson({ symbols: 'AAPL' }))).toMatchObject({
      status: 400,
      body: { reasons: ['symbols must be a list of symbols such as ["AAPL"]'] },
    });
    expect(stored).toEqual([]);
  });

  it('refuses unknown body fields and wrong types, naming each field', async () => {
    const { status, body } = await call('/things', postJson({ symbols: ['AAPL', 7], note: 3, extra: true }));
    expect(status).toBe(400);
    expect(body.reasons).toEqual([
      'each entry of symbols must be a string',
      'note must be a string',
      'unknown field "extra" (allowed: symbols, note)',
    ]);
    expect(stored).toEqual([]);
  });

  it("refuses with a DTO's own summary and a domain rule's own words", async () => {
    expect(await call('/widgets', postJson({ code: 'W1' }))).toMatchObject({ status: 201, body: { code: 'W1' } });
    expect(await call('/widgets', postJson({ colour: 'red' }))).toMatchObject({
      status: 400,
      body: {
        statusCode: 400,
        error: 'Bad Request',
        message: 'invalid widget',
        reasons: ['code must be W and a digit, got undefined', 'unknown field "colour" (allowed: code)'],
      },
    });
    expect(await call('/widgets', postJson([]))).toMatchObject({
      status: 400,
      body: { message: 'invalid widget', reasons: ['body must be a JSON object such as {"code":"W1"}, got an array'] },
    });
  });

  it('refuses a body that is an array, not an object', async () => {
    expect(await call('/things', postJson([{ symbols: ['AAPL'] }]))).toMatchObject({
      status: 400,
      body: { message: 'body must be a JSON object, got an array' },
    });
    expect(stored).toEqual([]);
  });

  it('refuses a JSON body that is a bare value (the parser is strict)', async () => {
    expect(await call('/things', postJson('AAPL'))).toMatchObject({
      status: 400,
      body: { statusCode: 400, error: 'Bad Request' },
    });
  });

  it('refuses a text/plain body instead of reading it as an empty request', async () => {
    const answer = await call('/things', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: '{"symbols":["AAPL"]}',
    });
    expect(answer).toMatchObject({
      status: 400,
      body: { message: 'the request body must be JSON (Content-Type: application/json), got Content-Type: text/plain' },
    });
    expect(stored).toEqual([]);
  });

  it('refuses a form body the same way', async () => {
    const answer = await call('/things', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'symbols=AAPL',
    });
    expect(answer).toMatchObject({
      status: 400,
      body: { message: /got Content-Type: application\/x-www-form-urlencoded$/ },
    });
  });

  it('takes a route without a body with no body or {}, and refuses any field', async () => {
    expect(await call('/runs', { method: 'POST' })).toMatchObject({ status: 201, body: { ran: true } });
    expect(await call('/runs', postJson({}))).toMatchObject({ status: 201, body: { ran: true } });
    expect(await call('/runs', postJson({ symbols: ['AAPL'] }))).toMatchObject({
      status: 400,
      body: { message: 'unknown field "symbols" (this request takes none)' },
    });
    expect(await call('/runs', postJson([]))).toMatchObject({
      status: 400,
      body: { message: 'this request takes no body, got an array' },
    });
    expect(
      await call('/runs', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'go' }),
    ).toMatchObject({ status: 400, body: { message: /got Content-Type: text\/plain$/ } });
  });

  it('answers malformed JSON with a 400 in the same shape', async () => {
    const answer = await call('/things', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"symbols": [',
    });
    expect(answer).toMatchObject({
      status: 400,
      body: { statusCode: 400, error: 'Bad Request', message: expect.stringMatching(/JSON/) },
    });
    expect(answer.text).not.toMatch(/ at /);
  });

  it('answers a body over the size limit with 413 in the same shape, not a 500', async () => {
    const answer = await call('/things', postJson({ symbols: ['A'.repeat(300_000)] }));
    expect(answer).toMatchObject({
      status: 413,
      body: { statusCode: 413, error: 'Payload Too Large', message: 'request entity too large' },
    });
    expect(await errorLines()).toEqual([]);
  });

  it('answers an unexpected error with a generic 500 and logs its stack, never sending it', async () => {
    const answer = await call('/boom');
    expect(answer).toEqual({
      status: 500,
      text: answer.text,
      body: { statusCode: 500, error: 'Internal Server Error', message: 'internal server error' },
    });
    expect(answer.text).not.toMatch(/secret_table|app\.js|at /);
    const errors = await errorLines();
    expect(errors).toHaveLength(1);
    expect(JSON.stringify(errors[0])).toContain('secret_table');
    expect(JSON.stringify(errors[0])).toMatch(/request-contract\.spec\.ts/);
  });

  it('answers a 5xx the handler chose unchanged and logs it as an error without a stack', async () => {
    expect(await call('/upstream-down')).toMatchObject({
      status: 502,
      body: { statusCode: 502, error: 'Bad Gateway', message: 'polygon-ingestor did not answer' },
    });
    const errors = await errorLines();
    expect(errors).toHaveLength(1);
    expect(JSON.stringify(errors[0])).toContain('GET /upstream-down answered 502');
    expect(JSON.stringify(errors[0])).not.toMatch(/request-contract\.spec\.ts/);
  });

  it('does not log a 4xx as an error', async () => {
    expect(await call('/refused')).toMatchObject({
      status: 400,
      body: { statusCode: 400, message: 'refused by the handler' },
    });
    expect(await call('/things?nope=1')).toMatchObject({ status: 400 });
    expect(await call('/no-such-route')).toMatchObject({ status: 404, body: { statusCode: 404, error: 'Not Found' } });
    expect(await errorLines()).toEqual([]);
  });
});
