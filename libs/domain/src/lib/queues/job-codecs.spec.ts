import { ALPACA_JOBS, ALPACA_JOB_KINDS, type AlpacaJob } from './alpaca-jobs';
import { POLYGON_JOBS, POLYGON_JOB_KINDS, type PolygonJob } from './polygon-jobs';
import { composeJobId } from './provider-job';

type KnownJob = PolygonJob | AlpacaJob;

/** The id each job gets from its own provider's codec. */
function jobIdFor(job: KnownJob, window?: string): string {
  return (POLYGON_JOB_KINDS as readonly string[]).includes(job.kind)
    ? POLYGON_JOBS.idFor(job as PolygonJob, window)
    : ALPACA_JOBS.idFor(job as AlpacaJob, window);
}

/** One example of every kind, several of some, all different work. */
const jobs: KnownJob[] = [
  { kind: 'grouped-daily', date: '2026-11-24' },
  { kind: 'grouped-daily', date: '2026-11-25' },
  { kind: 'aggregates-range', symbol: 'AAPL', from: '2024-11-25', to: '2026-11-24', adjusted: false },
  { kind: 'aggregates-range', symbol: 'AAPL', from: '2024-11-25', to: '2026-11-24', adjusted: true },
  { kind: 'aggregates-range', symbol: 'BRK.B', from: '2024-11-25', to: '2026-11-24', adjusted: false },
  { kind: 'aggregates-range', symbol: 'AAPL', from: '2024-11-26', to: '2026-11-24', adjusted: false },
  { kind: 'reference-tickers', active: true },
  { kind: 'reference-tickers', active: false },
  { kind: 'splits', from: '2026-01-01', to: '2026-11-24' },
  { kind: 'dividends', from: '2026-01-01', to: '2026-11-24' },
  { kind: 'market-holidays' },
  { kind: 'ticker-details', symbol: 'BRK.B', asOf: '2026-11-24' },
  { kind: 'account' },
  { kind: 'positions' },
  { kind: 'orders', status: 'all' },
  { kind: 'orders', status: 'open' },
  { kind: 'orders', status: 'all', after: '2024-07-01T13:45:03.839Z' },
  { kind: 'orders', status: 'all', until: '2024-07-01T13:45:03.839Z' },
  { kind: 'orders', status: 'all', after: '2024-07-01T00:00:00Z', until: '2024-07-02T00:00:00Z' },
  { kind: 'fills' },
  { kind: 'fills', after: '2024-07-01T00:00:00Z' },
  { kind: 'fills', pageToken: '20240701094503839::8efc7b9a-8b2b-4000-9955-d36e7db0df74' },
  { kind: 'calendar', start: '2026-01-01', end: '2026-12-31' },
  { kind: 'clock' },
];

describe('job ids of the Polygon and Alpaca codecs', () => {
  it('spells the documented ids', () => {
    expect(jobIdFor({ kind: 'grouped-daily', date: '2026-11-24' })).toBe('grouped-daily|2026-11-24');
    expect(jobIdFor(jobs[2])).toBe('aggregates-range|AAPL|2024-11-25|2026-11-24|unadjusted');
    expect(jobIdFor(jobs[3])).toBe('aggregates-range|AAPL|2024-11-25|2026-11-24|adjusted');
    expect(jobIdFor({ kind: 'market-holidays' })).toBe('market-holidays');
    expect(jobIdFor({ kind: 'ticker-details', symbol: 'BRK.B', asOf: '2026-11-24' })).toBe(
      'ticker-details|BRK.B|2026-11-24',
    );
    expect(jobIdFor(jobs[18])).toBe('orders|all|after=20240701T000000.000Z|until=20240702T000000.000Z');
    expect(jobIdFor(jobs[21])).toBe('fills|page=20240701094503839%3A%3A8efc7b9a-8b2b-4000-9955-d36e7db0df74');
  });

  it('is stable: the same payload gives the same id, whatever the key order', () => {
    for (const job of jobs) {
      const copy = JSON.parse(JSON.stringify(job)) as KnownJob;
      expect(jobIdFor(copy)).toBe(jobIdFor(job));
    }
    expect(
      jobIdFor({ adjusted: false, to: '2026-11-24', from: '2024-11-25', symbol: 'AAPL', kind: 'aggregates-range' }),
    ).toBe(jobIdFor(jobs[2]));
  });

  it('gives one id per instant, whatever the offset spelling', () => {
    expect(jobIdFor({ kind: 'fills', after: '2024-07-01T09:45:03.839-04:00' })).toBe(
      jobIdFor({ kind: 'fills', after: '2024-07-01T13:45:03.839Z' }),
    );
  });

  it('is distinct for distinct payloads', () => {
    const ids = jobs.map((job) => jobIdFor(job));
    expect(new Set(ids).size).toBe(jobs.length);
  });

  it('never produces ids BullMQ refuses', () => {
    for (const job of jobs) {
      const id = jobIdFor(job, '2026-11-24');
      expect(id).not.toContain(':');
      expect(id).not.toMatch(/^\d+$/);
      expect(id.startsWith(`${job.kind}`)).toBe(true);
    }
  });

  it('covers every job kind', () => {
    expect(new Set(jobs.map((j) => j.kind))).toEqual(new Set([...POLYGON_JOB_KINDS, ...ALPACA_JOB_KINDS]));
  });

  it('adds a de-duplication window for repeating jobs', () => {
    expect(jobIdFor({ kind: 'account' }, '2026-11-24T2005')).toBe('account|@2026-11-24T2005');
    expect(jobIdFor({ kind: 'clock' }, 'a|b:c')).toBe('clock|@a%7Cb%3Ac');
    expect(jobIdFor({ kind: 'account' }, 'x')).not.toBe(jobIdFor({ kind: 'account' }, 'y'));
    expect(() => jobIdFor({ kind: 'account' }, '')).toThrow(RangeError);
  });

  it.each([
    [{ kind: 'grouped-daily', date: '2026-02-30' }, /date must be a YYYY-MM-DD/],
    [
      { kind: 'aggregates-range', symbol: 'aapl', from: '2024-11-25', to: '2026-11-24', adjusted: false },
      /must be upper case/,
    ],
    [{ kind: 'aggregates-range', symbol: 'AAPL', from: '2026-11-25', to: '2026-11-24', adjusted: false }, /after to/],
    [{ kind: 'splits', from: '2026-1-1', to: '2026-11-24' }, /from must be a YYYY-MM-DD/],
    [{ kind: 'calendar', start: '2026-12-31', end: '2026-01-01' }, /start 2026-12-31 is after end 2026-01-01/],
    [{ kind: 'orders', status: 'all', after: 'yesterday' }, /not a valid RFC 3339 timestamp/],
  ])('refuses a malformed payload %p', (job, message) => {
    expect(() => jobIdFor(job as KnownJob)).toThrow(message);
  });
});

describe('composeJobId', () => {
  it('joins the kind and parts, and encodes the window', () => {
    expect(composeJobId('toy-quote', ['AAPL', '2026-11-24'])).toBe('toy-quote|AAPL|2026-11-24');
    expect(composeJobId('toy-quote', [], 'a|b')).toBe('toy-quote|@a%7Cb');
  });
});

describe('a codec refuses the kinds of another provider', () => {
  it('parses only its own kinds', () => {
    expect(POLYGON_JOBS.parse({ kind: 'clock' })).toEqual({
      ok: false,
      reasons: [expect.stringMatching(/^kind must be one of grouped-daily, .*ticker-details, got "clock"$/)],
    });
    expect(ALPACA_JOBS.parse({ kind: 'market-holidays' })).toEqual({
      ok: false,
      reasons: [expect.stringMatching(/^kind must be one of account, .*clock, got "market-holidays"$/)],
    });
  });
});
