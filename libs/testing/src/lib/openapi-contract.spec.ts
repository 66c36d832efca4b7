import 'reflect-metadata';
import { ApiError, ApiInternalToken, buildOpenApiDocument, mountOpenApi } from '@mdi/platform';
import {
  Body,
  Controller,
  Get,
  HttpCode,
  Module,
  NotFoundException,
  Param,
  Post,
  Query,
  type INestApplication,
} from '@nestjs/common';
import { NestFactory, RouterModule } from '@nestjs/core';
import {
  ApiBody,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  type OpenAPIObject,
} from '@nestjs/swagger';
import { docsPageProblems, openApiProblems, undocumentedAnswers } from './openapi-contract';
import { expressRoutes, registeredRoutes } from './registered-routes';

@Controller('things')
class DocumentedController {
  @Get(':id')
  @ApiOperation({ summary: 'One thing' })
  @ApiParam({ name: 'id', schema: { type: 'integer' } })
  @ApiOkResponse({ description: 'the thing', schema: { type: 'object' } })
  @ApiError(404, 'no such thing')
  one(@Param('id') id: string) {
    throw new NotFoundException(`no thing ${id}`);
  }

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Make a thing' })
  @ApiBody({ schema: { type: 'object', properties: { name: { type: 'string' } } } })
  @ApiCreatedResponse({ description: 'made' })
  @ApiError(400, 'malformed')
  @ApiInternalToken()
  make(@Body() body: unknown) {
    return body;
  }
}

/** Each route misses something the contract asks for. */
@Controller('loose')
class LooseController {
  @Get()
  bare() {
    return {};
  }

  @Get('teapot')
  @ApiOperation({ summary: 'Answers a status it does not document' })
  @ApiOkResponse({ description: 'never' })
  teapot(@Query() query: Record<string, unknown>) {
    throw new NotFoundException(query);
  }

  @Post(':name')
  @ApiOperation({ summary: 'Writes without a token, a body schema or its errors' })
  @ApiOkResponse({ description: 'ok' })
  write(@Param('name') name: string, @Body() body: unknown) {
    return { name, body };
  }
}

@Module({ controllers: [LooseController] })
class LooseModule {}

@Module({
  imports: [LooseModule, RouterModule.register([{ path: 'v1', module: LooseModule }])],
  controllers: [DocumentedController],
})
class ExampleModule {}

describe('the OpenAPI contract checks', () => {
  let app: INestApplication;
  let url: string;

  beforeAll(async () => {
    app = await NestFactory.create(ExampleModule, { logger: false });
    mountOpenApi(app, { name: 'example', version: '1.2.3' });
    await app.listen(0, '127.0.0.1');
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });

  afterAll(async () => app?.close());

  it('reads every controller route from the app, with RouterModule prefixes, as the router serves it', () => {
    const routes = registeredRoutes(app);
    expect(routes.map((r) => `${r.method} ${r.path}`).sort()).toEqual([
      'get /things/:id',
      'get /v1/loose',
      'get /v1/loose/teapot',
      'post /things',
      'post /v1/loose/:name',
    ]);
    const served = expressRoutes(app);
    for (const route of routes) expect(served).toContain(`${route.method} ${route.path}`);
    expect(routes.find((r) => r.path === '/v1/loose/:name')).toMatchObject({
      pathParams: ['name'],
      readsBody: true,
      readsQuery: false,
    });
  });

  it('names every gap of an undescribed route and none of a described one', async () => {
    const document = (await (await fetch(`${url}/openapi.json`)).json()) as OpenAPIObject;
    expect(document.info).toMatchObject({ title: 'example', version: '1.2.3' });
    const problems = openApiProblems(registeredRoutes(app), document);
    expect(problems.filter((p) => p.includes('DocumentedController'))).toEqual([]);
    expect(problems).toEqual(
      expect.arrayContaining([
        'GET /v1/loose (LooseController.bare) has no summary',
        'GET /v1/loose (LooseController.bare) response 200 has no description',
        'POST /v1/loose/:name (LooseController.write) has path parameters but documents neither 400 nor 404',
        'POST /v1/loose/:name (LooseController.write) reads a body but documents no 400',
        'POST /v1/loose/:name (LooseController.write) writes but declares no bearer security scheme',
        'POST /v1/loose/:name (LooseController.write) writes but documents no 401',
      ]),
    );
  });

  it('flags a route the document describes but the app does not serve', () => {
    const document = buildOpenApiDocument(app, { name: 'example', version: '1.2.3' });
    document.paths['/gone'] = { get: { summary: 'gone', responses: { 200: { description: 'ok' } } } };
    expect(openApiProblems(registeredRoutes(app), document)).toContain(
      'the document describes GET /gone, which the application does not route',
    );
  });

  it('declares only the security schemes the operations use', () => {
    const document = buildOpenApiDocument(app, { name: 'example', version: '1.2.3' });
    expect(Object.keys(document.components?.securitySchemes ?? {})).toEqual(['internal-token']);
    expect(document.paths['/things']?.post?.security).toEqual([{ 'internal-token': [] }]);
  });

  it('calls the GET routes and names an answer the document does not give', async () => {
    const document = buildOpenApiDocument(app, { name: 'example', version: '1.2.3' });
    expect(await undocumentedAnswers(url, registeredRoutes(app), document)).toEqual([
      'GET /v1/loose/teapot answered 404; documented: 200',
      'GET /v1/loose/teapot?openapi-probe=1 answered 404; documented: 200',
    ]);
  });

  it('serves swagger-ui from the service itself, with no other origin in the page', async () => {
    expect(await docsPageProblems(`${url}/docs`)).toEqual([]);
    const html = await (await fetch(`${url}/docs`)).text();
    expect(html).toContain('swagger-ui-bundle.js');
  });
});
