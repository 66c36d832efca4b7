import { useServiceHarness } from '@mdi/testing';
import { DataSource } from 'typeorm';
import { serviceDefinition } from '../app/service-definition';
import { writeBars, writeSymbols } from '../test-support/bar-writer';
import { generateCleanBars } from '../test-support/clean-bars.generator';

interface LedgerFinding {
  code: string;
  symbol: string | null;
  date: string | null;
  firstSeenAt: string;
  firstSeenRun: string;
  lastSeenRun: string;
  resolvedAt: string | null;
  resolvedRun: string | null;
}

/** The findings ledger through the real app: runs open, keep and resolve findings; GET /findings lists them. */
describe('quality-service findings lifecycle (real app, real PostgreSQL)', () => {
  const harness = useServiceHarness(serviceDefinition, { QUALITY_SCHEDULER_ENABLED: 'false', LOG_LEVEL: 'silent' });
  let dataSource: DataSource;
  /** The bar taken out of AAA's history (2024-10-15), to put back later. */
  let removed: Record<string, unknown>;

  beforeAll(async () => {
    dataSource = harness.app.get(DataSource);
    await writeBars(dataSource, generateCleanBars({ symbols: ['AAA', 'BBB'], from: '2024-07-01', to: '2024-10-31' }));
    await writeSymbols(dataSource, ['AAA', 'BBB']);
    const [rows] = await dataSource.query(
      `DELETE FROM data_ingestion.market_data
        WHERE symbol = 'AAA' AND timestamp = (DATE '2024-10-15'::timestamp AT TIME ZONE 'America/New_York')
        RETURNING symbol, timestamp, open, high, low, close, volume, source`,
    );
    removed = rows[0];
  }, 60_000);

  const findings = async (query = ''): Promise<LedgerFinding[]> => {
    const answer = await harness.request('GET', `/findings${query}`);
    expect(answer.status).toBe(200);
    return answer.body.findings;
  };

  it('a gap reported, then filled: the next run resolves it with its time; persisting findings keep first_seen', async () => {
    const first = await harness.request('POST', '/runs');
    expect(first.status).toBe(201);
    expect(first.body.lifecycle).toEqual({ new: 3, persisting: 0, resolved: 0 });
    const open = await findings();
    expect(open.map((f) => `${f.code} ${f.symbol} ${f.date}`)).toEqual([
      'missing_bar AAA 2024-10-15',
      'stale AAA 2024-10-31',
      'stale BBB 2024-10-31',
    ]);
    expect(open.every((f) => f.firstSeenRun === first.body.runId && f.firstSeenAt === first.body.finishedAt)).toBe(
      true,
    );

    await dataSource.query(
      `INSERT INTO data_ingestion.market_data (symbol, timestamp, open, high, low, close, volume, source)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        removed.symbol,
        removed.timestamp,
        removed.open,
        removed.high,
        removed.low,
        removed.close,
        removed.volume,
        removed.source,
      ],
    );
    const second = await harness.request('POST', '/runs');
    expect(second.body.lifecycle).toEqual({ new: 0, persisting: 2, resolved: 1 });

    const resolved = await findings('?status=resolved');
    expect(resolved).toEqual([
      expect.objectContaining({
        code: 'missing_bar',
        symbol: 'AAA',
        date: '2024-10-15',
        firstSeenRun: first.body.runId,
        lastSeenRun: first.body.runId,
        resolvedRun: second.body.runId,
        resolvedAt: second.body.finishedAt,
      }),
    ]);
    const stillOpen = await findings('?status=open&symbol=bbb');
    expect(stillOpen).toEqual([
      expect.objectContaining({
        code: 'stale',
        symbol: 'BBB',
        firstSeenRun: first.body.runId,
        firstSeenAt: first.body.finishedAt,
        lastSeenRun: second.body.runId,
        resolvedAt: null,
      }),
    ]);

    const latest = await harness.request('GET', '/reports/latest');
    expect(latest.body.lifecycle).toEqual({ new: 0, persisting: 2, resolved: 1 });
    expect((await findings('?limit=1')).length).toBe(1);
  });

  it.each([
    [
      'a status that is neither open nor resolved',
      '/findings?status=closed',
      /^status must be one of open, resolved, got "closed"$/,
    ],
    ['a repeated status', '/findings?status=open&status=resolved', /^status must be given once$/],
    ['an unknown symbol', '/findings?symbol=ZZZZ', /^unknown symbol "ZZZZ"$/],
    ['a malformed symbol', "/findings?symbol=A'B", /symbol/],
    ['a limit of 0', '/findings?limit=0', /^limit must be a whole number from 1 to 1000, got "0"$/],
    ['a limit that is not a number', '/findings?limit=ten', /^limit must be a whole number from 1 to 1000, got "ten"$/],
    [
      'an unknown parameter',
      '/findings?state=open',
      /^unknown query parameter "state"; allowed: status, symbol, limit$/,
    ],
  ])('refuses %s with 400 naming it', async (_what, path, reason) => {
    const answer = await harness.request('GET', path);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(answer.body.message).toMatch(reason);
  });
});
