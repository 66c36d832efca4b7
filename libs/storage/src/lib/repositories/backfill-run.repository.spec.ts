import { useStorageTestDatabase } from '../../test-support/test-database';
import { BackfillRunRepository } from './backfill-run.repository';

const call = (jobId: string, cellCount: number) => ({ jobId, job: { kind: 'aggregates-range', id: jobId }, cellCount });

describe('BackfillRunRepository', () => {
  const db = useStorageTestDatabase();
  let repo: BackfillRunRepository;
  beforeAll(() => {
    repo = new BackfillRunRepository(db.dataSource);
  });

  it('tracks calls and cells done, and finishes a run when its last call is done', async () => {
    const { id } = await repo.create({
      trigger: 'api',
      from: '2024-01-02',
      to: '2024-12-31',
      symbolCount: 2,
      plannedCells: 30,
      calls: [call('a', 10), call('b', 20)],
    });
    expect(await repo.get(id)).toMatchObject({
      status: 'running',
      plannedCalls: 2,
      callsDone: 0,
      plannedCells: 30,
      cellsDone: 0,
    });
    expect(await repo.pendingCalls()).toEqual([
      { runId: id, jobId: 'a', job: { kind: 'aggregates-range', id: 'a' } },
      { runId: id, jobId: 'b', job: { kind: 'aggregates-range', id: 'b' } },
    ]);
    expect(await repo.markCallDone('b')).toEqual([]);
    expect(await repo.get(id)).toMatchObject({ status: 'running', callsDone: 1, cellsDone: 20 });
    // Marking twice changes nothing (a job may be re-run after a crash).
    expect(await repo.markCallDone('b')).toEqual([]);
    expect(await repo.markCallDone('a')).toEqual([id]);
    expect(await repo.get(id)).toMatchObject({
      status: 'done',
      callsDone: 2,
      cellsDone: 30,
      finishedAt: expect.any(Date),
    });
    expect(await repo.pendingCalls()).toEqual([]);
  });

  it('marks a job shared by two runs done in both', async () => {
    const { id: first } = await repo.create({
      trigger: 'gap-repair',
      from: '2024-01-02',
      to: '2024-01-02',
      symbolCount: 1,
      plannedCells: 1,
      calls: [call('shared', 1)],
    });
    const { id: second } = await repo.create({
      trigger: 'api',
      from: '2024-01-02',
      to: '2024-01-02',
      symbolCount: 1,
      plannedCells: 1,
      calls: [call('shared', 1)],
    });
    expect((await repo.markCallDone('shared')).sort()).toEqual([first, second].sort());
    expect((await repo.recent(2)).map((r) => r.id)).toEqual([second, first]);
  });

  it('records an empty plan as already done', async () => {
    const { id } = await repo.create({
      trigger: 'cli',
      from: '2024-01-02',
      to: '2024-01-03',
      symbolCount: 0,
      plannedCells: 0,
      calls: [],
    });
    expect(await repo.get(id)).toMatchObject({ status: 'done', plannedCalls: 0 });
    expect(await repo.get(999_999)).toBeNull();
  });

  it('ends a run partial when some calls failed and failed when all did, with the reason', async () => {
    const { id: partial } = await repo.create({
      trigger: 'api',
      from: '2024-03-01',
      to: '2024-03-05',
      symbolCount: 2,
      plannedCells: 6,
      calls: [call('p1', 3), call('p2', 3)],
    });
    expect(await repo.markCallFailed('p2', 'paging stopped: next_url repeats page 1')).toEqual([]);
    expect(await repo.get(partial)).toMatchObject({
      status: 'running',
      callsDone: 0,
      callsFailed: 1,
      failureReason: null,
    });
    // A failed call is not marked done later by a late duplicate of its job.
    expect(await repo.markCallDone('p2')).toEqual([]);
    expect(await repo.markCallDone('p1')).toEqual([partial]);
    expect(await repo.get(partial)).toMatchObject({
      status: 'partial',
      callsDone: 1,
      callsFailed: 1,
      cellsDone: 3,
      failureReason: '1 of 2 calls failed; first: p2: paging stopped: next_url repeats page 1',
      finishedAt: expect.any(Date),
    });
    expect(await repo.failedCalls(partial)).toEqual([
      { jobId: 'p2', error: 'paging stopped: next_url repeats page 1' },
    ]);

    const { id: failed } = await repo.create({
      trigger: 'cli',
      from: '2024-03-01',
      to: '2024-03-01',
      symbolCount: 1,
      plannedCells: 1,
      calls: [call('f1', 1)],
    });
    expect(await repo.markCallFailed('f1', 'HTTP 403')).toEqual([failed]);
    expect(await repo.get(failed)).toMatchObject({
      status: 'failed',
      callsFailed: 1,
      failureReason: '1 of 1 calls failed; first: f1: HTTP 403',
    });
  });

  it('gives identical concurrent requests one running run, and a new one once it has ended', async () => {
    const request = {
      trigger: 'api' as const,
      requestKey: 'abc123',
      from: '2024-04-01',
      to: '2024-04-02',
      symbolCount: 1,
      plannedCells: 2,
      calls: [call('k1', 2)],
    };
    const answers = await Promise.all([repo.create(request), repo.create(request), repo.create(request)]);
    const ids = new Set(answers.map((a) => a.id));
    expect(ids.size).toBe(1);
    expect(answers.filter((a) => a.created)).toHaveLength(1);
    const [[{ count }]] = [
      await db.dataSource.query(
        `SELECT count(*)::int AS count FROM data_ingestion.backfill_runs WHERE request_key = 'abc123'`,
      ),
    ];
    expect(count).toBe(1);
    await repo.markCallDone('k1');
    const again = await repo.create(request);
    expect(again.created).toBe(true);
    expect(ids.has(again.id)).toBe(false);
  });

  it('refuses a malformed run with every reason', async () => {
    await expect(
      repo.create({
        trigger: 'cron' as never,
        from: '2024-02-01',
        to: '2024-01-01',
        symbolCount: -1,
        plannedCells: 0,
        calls: [call('', 1)],
      }),
    ).rejects.toThrow(
      'cannot record backfill run: trigger must be one of api, cli, gap-repair, end-of-day, got cron; from/to must be YYYY-MM-DD dates in order, got 2024-02-01..2024-01-01; symbolCount must be a whole number >= 0, got -1; calls[0].jobId must be 1-200 characters',
    );
  });
});
