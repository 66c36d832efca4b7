import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { OpenAPIObject } from '@nestjs/swagger';
import { fuzzRoutes, type FuzzTarget } from './fuzz-routes';
import { fuzzOperations } from './openapi-operations';
import { systematicRequests } from './systematic-requests';

/** A small API described by the document below: GET /items/{id}?limit and POST /items {name}. */
const DOCUMENT: OpenAPIObject = {
  openapi: '3.0.0',
  info: { title: 'items', version: '1.0.0' },
  components: {
    schemas: {
      NewItem: {
        type: 'object',
        required: ['name'],
        properties: { name: { type: 'string', maxLength: 20, example: 'widget' } },
      },
    },
  },
  paths: {
    '/items/{id}': {
      get: {
        parameters: [
          { name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } },
          { name: 'limit', in: 'query', required: true, schema: { type: 'integer', minimum: 1, maximum: 10 } },
        ],
        responses: { '200': { description: 'the item' } },
      },
    },
    '/items': {
      post: {
        security: [{ token: [] }],
        requestBody: {
          required: true,
          content: { 'application/json': { schema: { $ref: '#/components/schemas/NewItem' } } },
        },
        responses: { '201': { description: 'stored' } },
      },
    },
  },
};

const TOKEN = 'fuzz-spec-token';

/** How the test server misbehaves: a 500 on a date-like limit; any JSON object stored before it is validated (and refused with a 400). */
interface Faults {
  readonly crashOnDateLimit: boolean;
  readonly storeBeforeValidating: boolean;
}

function itemsServer(faults: Faults, items: string[]): Server {
  return createServer((request: IncomingMessage, response: ServerResponse) => {
    const answer = (status: number) =>
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ statusCode: status }));
    const url = new URL(request.url ?? '/', 'http://localhost');
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      if (request.method === 'GET' && /^\/items\/[^/]+$/.test(url.pathname)) {
        const limits = url.searchParams.getAll('limit');
        if (faults.crashOnDateLimit && limits.some((limit) => /^\d{4}-\d{2}-\d{2}/.test(limit))) return answer(500);
        const limit = Number(limits[0]);
        return limits.length === 1 && Number.isInteger(limit) && limit >= 1 && limit <= 10 ? answer(200) : answer(400);
      }
      if (request.method === 'POST' && url.pathname === '/items') {
        if (request.headers.authorization !== `Bearer ${TOKEN}`) return answer(401);
        let parsed: unknown;
        try {
          parsed = JSON.parse(body);
        } catch {
          return answer(400);
        }
        if (faults.storeBeforeValidating && typeof parsed === 'object' && parsed !== null) items.push(body);
        const name = (parsed as { name?: unknown } | null)?.name;
        if (typeof name !== 'string' || name.length > 20) return answer(400);
        if (!faults.storeBeforeValidating) items.push(body);
        return answer(201);
      }
      return answer(404);
    });
  });
}

async function fuzz(faults: Faults) {
  const items: string[] = [];
  const server = itemsServer(faults, items);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const target: FuzzTarget = {
      baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      token: TOKEN,
      // Count and total length: enough to see an item added, cheap with large bodies stored.
      storedState: async () => ({ items: `${items.length}:${items.reduce((total, item) => total + item.length, 0)}` }),
    };
    return await fuzzRoutes(fuzzOperations(DOCUMENT), target, { seed: 7, runsPerRoute: 150, timeBudgetMs: 20_000 });
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

describe('fuzzOperations', () => {
  it('lists every path and method with its parameters, required flags and the body schema with $ref resolved', () => {
    expect(fuzzOperations(DOCUMENT)).toEqual([
      {
        id: 'GET /items/{id}',
        method: 'GET',
        path: '/items/{id}',
        parameters: [
          { name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } },
          { name: 'limit', in: 'query', required: true, schema: { type: 'integer', minimum: 1, maximum: 10 } },
        ],
        body: undefined,
        secured: false,
      },
      {
        id: 'POST /items',
        method: 'POST',
        path: '/items',
        parameters: [],
        body: {
          required: true,
          schema: {
            type: 'object',
            required: ['name'],
            properties: { name: { type: 'string', maxLength: 20, example: 'widget' } },
          },
        },
        secured: true,
      },
    ]);
  });
});

describe('systematicRequests', () => {
  it('tries each parameter missing, repeated and with each targeted hostile value, the others plausible, with the token', () => {
    const [get, post] = fuzzOperations(DOCUMENT);
    const gets = systematicRequests(get, TOKEN);
    const urls = gets.map((request) => request.url);
    expect(urls).toEqual(
      expect.arrayContaining([
        '/items/1',
        '/items/1?limit=1&limit=1',
        '/items/1?limit=11',
        '/items/1?limit=NaN',
        '/items/0?limit=1',
        '/items/%zz?limit=1',
        '/items/1?limit=1&unknown=1',
      ]),
    );
    expect(gets.every((request) => request.headers['authorization'] === `Bearer ${TOKEN}`)).toBe(true);
    const bodies = systematicRequests(post, TOKEN).map(
      (request) => `${request.headers['content-type'] ?? 'none'} ${request.body}`,
    );
    expect(bodies).toEqual(
      expect.arrayContaining([
        'application/json {"name":"widget","unknownField":1}',
        'application/json {"name":null}',
        `application/json {"name":"${'x'.repeat(21)}"}`,
        'application/json []',
        'application/json {"symbol":',
        'text/plain {"name":"widget"}',
      ]),
    );
  });
});

describe('fuzzRoutes', () => {
  it('finds nothing on a server that answers every bad request with a 4xx and stores only accepted ones', async () => {
    const report = await fuzz({ crashOnDateLimit: false, storeBeforeValidating: false });
    expect(report.findings).toEqual([]);
    const statuses = Object.assign({}, ...report.runs.map((run) => run.statuses));
    // Both sides of every check were exercised: accepted and refused requests, with and without the token.
    expect(Object.keys(statuses)).toEqual(expect.arrayContaining(['200', '201', '400', '401']));
    expect(Object.keys(statuses).filter((status) => Number(status) >= 500)).toEqual([]);
  }, 30_000);

  it('reports a 5xx with the request that caused it and the seed that replays it', async () => {
    const report = await fuzz({ crashOnDateLimit: true, storeBeforeValidating: false });
    expect(report.findings.length).toBeGreaterThan(0);
    for (const finding of report.findings) {
      expect(finding).toMatchObject({ kind: '5xx', route: 'GET /items/{id}', status: 500, seed: 7 });
      expect(decodeURIComponent(finding.request.url)).toMatch(/limit=\d{4}-\d{2}-\d{2}/);
    }
    const replayed = await fuzz({ crashOnDateLimit: true, storeBeforeValidating: false });
    expect(replayed.findings.map((finding) => [finding.requestNumber, finding.request.url])).toEqual(
      report.findings.map((finding) => [finding.requestNumber, finding.request.url]),
    );
  }, 60_000);

  it('reports a write answered 4xx that stored something anyway', async () => {
    const report = await fuzz({ crashOnDateLimit: false, storeBeforeValidating: true });
    expect(report.findings.length).toBeGreaterThan(0);
    expect(report.findings[0]).toMatchObject({
      kind: 'stored on 4xx',
      route: 'POST /items',
      status: 400,
      detail: expect.stringMatching(/^changed: items \(rows \d+ -> \d+\)$/),
    });
  }, 30_000);
});
