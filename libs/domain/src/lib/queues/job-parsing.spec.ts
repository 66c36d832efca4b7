import { ALPACA_JOBS, ALPACA_JOB_KINDS } from './alpaca-jobs';
import { POLYGON_JOBS } from './polygon-jobs';

/** Each payload is parsed by the codec of the provider whose kind it names. */
function parseProviderJob(data: unknown) {
  const kind = (data as { kind?: unknown } | null)?.kind;
  return (ALPACA_JOB_KINDS as readonly unknown[]).includes(kind) ? ALPACA_JOBS.parse(data) : POLYGON_JOBS.parse(data);
}

function reasonsOf(result: { ok: boolean; reasons?: readonly string[] }): readonly string[] | undefined {
  return result.ok ? undefined : result.reasons;
}

describe('parsing jobs with the Polygon and Alpaca codecs', () => {
  it.each([
    { kind: 'grouped-daily', date: '2026-11-24' },
    { kind: 'aggregates-range', symbol: 'BRK.B', from: '2024-11-25', to: '2026-11-24', adjusted: false },
    { kind: 'reference-tickers', active: false },
    { kind: 'splits', from: '2026-01-01', to: '2026-11-24' },
    { kind: 'dividends', from: '2026-01-01', to: '2026-01-01' },
    { kind: 'market-holidays' },
    { kind: 'account' },
    { kind: 'positions' },
    { kind: 'orders', status: 'closed', after: '2024-07-01T00:00:00Z', until: '2024-07-02T00:00:00Z' },
    { kind: 'orders', status: 'open' },
    { kind: 'fills', after: '2024-07-01T00:00:00Z', pageToken: '20240701094503839::8efc' },
    { kind: 'fills' },
    { kind: 'calendar', start: '2026-01-01', end: '2026-12-31' },
    { kind: 'clock' },
  ])('accepts %p unchanged', (job) => {
    expect(parseProviderJob(JSON.parse(JSON.stringify(job)))).toEqual({ ok: true, value: job });
  });

  it('drops fields that are not part of the payload', () => {
    expect(parseProviderJob({ kind: 'clock', extra: 1 })).toEqual({ ok: true, value: { kind: 'clock' } });
  });

  it.each([
    [null, ['job data must be an object, got null']],
    [{ kind: 'eod' }, [expect.stringMatching(/^kind must be one of grouped-daily, .*ticker-details, got "eod"$/)]],
    [{}, [expect.stringMatching(/^kind must be one of .* got undefined$/)]],
    [{ kind: 'grouped-daily' }, ['date is missing']],
    [{ kind: 'grouped-daily', date: '24.11.2026' }, ['date must be a YYYY-MM-DD date, got "24.11.2026"']],
    [
      { kind: 'aggregates-range', symbol: 'aapl', from: '2024-11-25', to: '2026-11-24', adjusted: 'no' },
      ['symbol "aapl" must be upper case', 'adjusted must be true or false, got "no"'],
    ],
    [
      { kind: 'aggregates-range', symbol: 'AAPL', from: '2026-11-25', to: '2026-11-24', adjusted: true },
      ['from 2026-11-25 is after to 2026-11-24'],
    ],
    [{ kind: 'calendar', start: '2026-12-31', end: '2026-01-01' }, ['start 2026-12-31 is after end 2026-01-01']],
    [{ kind: 'reference-tickers' }, ['active is missing']],
    [{ kind: 'orders', status: 'everything' }, ['status must be one of "open", "closed", "all", got "everything"']],
    [
      { kind: 'orders', status: 'all', after: 1719792000000 },
      ['after must be an RFC 3339 timestamp string, got 1719792000000'],
    ],
    [{ kind: 'fills', pageToken: '' }, ['pageToken is empty']],
  ])('rejects %p', (data, reasons) => {
    expect(reasonsOf(parseProviderJob(data))).toEqual(reasons);
  });
});
