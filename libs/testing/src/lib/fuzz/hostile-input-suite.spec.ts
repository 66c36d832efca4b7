import type { FuzzFinding } from './fuzz-routes';
import { isKnown5xx, type Known5xx } from './hostile-input-suite';

const request = { method: 'GET', url: '/reports?to=9999-12-31', headers: {} };
const finding = (overrides: Partial<FuzzFinding>): FuzzFinding => ({
  kind: '5xx',
  route: 'GET /reports',
  request,
  status: 500,
  detail: '',
  seed: 1,
  phase: 'systematic',
  requestNumber: 1,
  ...overrides,
});

describe('isKnown5xx', () => {
  const known: Known5xx[] = [
    { route: 'GET /reports', request, why: 'year 9999', matches: (sent) => sent.url.includes('9999') },
  ];

  it('tolerates a 5xx of a listed route that the entry matches', () => {
    expect(isKnown5xx(finding({}), known)).toBe(true);
  });

  it('still reports a 5xx the entry does not match, one of another route, and any finding that is not a 5xx', () => {
    expect(isKnown5xx(finding({ request: { ...request, url: '/reports?limit=0' } }), known)).toBe(false);
    expect(isKnown5xx(finding({ route: 'GET /reports/latest' }), known)).toBe(false);
    expect(isKnown5xx(finding({ kind: 'stored on 4xx', status: 400 }), known)).toBe(false);
    expect(isKnown5xx(finding({ kind: 'no answer', status: undefined }), known)).toBe(false);
  });

  it('stands for every 5xx of its route when it has no matches predicate', () => {
    expect(
      isKnown5xx(finding({ request: { ...request, url: '/reports?limit=0' } }), [
        { route: 'GET /reports', request, why: 'any' },
      ]),
    ).toBe(true);
  });
});
