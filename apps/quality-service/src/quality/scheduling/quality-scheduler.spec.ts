import { UsEquityCalendar } from '@mdi/domain';
import { createTestDatabase, eventually, type TestDatabase } from '@mdi/testing';
import { SchedulerRegistry } from '@nestjs/schedule';
import { writeSymbols } from '../../test-support/bar-writer';
import { QualityRunner } from '../run/quality-runner';
import { QUALITY_SLOT_TIMER, QualityScheduler, type SchedulerLogger } from './quality-scheduler';
import { nextSlotStart, slotStartOf } from './run-slot';

const silent: SchedulerLogger = { info: () => undefined, warn: () => undefined };

describe('run slots', () => {
  it('aligns slots to multiples of the interval since the epoch', () => {
    const now = new Date('2024-07-01T13:47:12.345Z');
    expect(slotStartOf(now, 3600).toISOString()).toBe('2024-07-01T13:00:00.000Z');
    expect(nextSlotStart(now, 3600).toISOString()).toBe('2024-07-01T14:00:00.000Z');
    expect(slotStartOf(now, 900).toISOString()).toBe('2024-07-01T13:45:00.000Z');
  });
});

describe('QualityScheduler across replicas (real PostgreSQL)', () => {
  let db: TestDatabase;
  let replicas: QualityScheduler[] = [];
  const runsByReplica = [0, 0, 0];

  beforeAll(async () => {
    db = await createTestDatabase();
    // A seeded universe: without one a scheduled slot waits (spec below).
    await writeSymbols(db.dataSource, ['AAA']);
    replicas = [0, 1, 2].map((index) => {
      const runner = new QualityRunner(db.dataSource, new UsEquityCalendar(), {
        maxMissingRatio: 0.05,
        anomalyDetection: true,
      });
      return new QualityScheduler({
        dataSource: db.dataSource,
        registry: new SchedulerRegistry(),
        intervalSeconds: 3600,
        logger: silent,
        run: async (slot) => {
          runsByReplica[index] += 1;
          // Long enough that the other replicas arrive while this one runs.
          await new Promise((resolve) => setTimeout(resolve, 300));
          await runner.run('schedule', { slot });
        },
      });
    });
  }, 60_000);

  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.stop()));
    await db?.drop();
  });

  const storedSlots = async () =>
    (
      await db.dataSource.query(
        `SELECT details->>'slot' AS slot FROM data_ingestion.data_quality_logs WHERE check_type = 'quality_report' ORDER BY id`,
      )
    ).map((row: { slot: string }) => row.slot);

  it('runs a slot on one replica although every replica fires, and never twice', async () => {
    const outcomes = await Promise.all(
      replicas.map((replica) => replica.runSlotOnce(new Date('2020-01-01T10:15:00Z'))),
    );
    expect(outcomes.sort()).toEqual(['ran', 'running-elsewhere', 'running-elsewhere']);
    expect(await storedSlots()).toEqual(['2020-01-01T10:00:00.000Z']);

    // A replica whose timer fires late in the same slot, after the run.
    expect(await replicas[2].runSlotOnce(new Date('2020-01-01T10:59:59Z'))).toBe('already-done');

    const next = await Promise.all(replicas.map((replica) => replica.runSlotOnce(new Date('2020-01-01T11:00:00Z'))));
    expect(next.filter((outcome) => outcome === 'ran')).toHaveLength(1);
    expect(await storedSlots()).toEqual(['2020-01-01T10:00:00.000Z', '2020-01-01T11:00:00.000Z']);
    expect(runsByReplica.reduce((a, b) => a + b, 0)).toBe(2);
  }, 30_000);

  it('releases the slot when a run fails, so a later tick can retry it', async () => {
    const failing = new QualityScheduler({
      dataSource: db.dataSource,
      registry: new SchedulerRegistry(),
      intervalSeconds: 3600,
      logger: silent,
      run: async () => {
        throw new Error('PostgreSQL went away');
      },
    });
    await expect(failing.runSlotOnce(new Date('2020-01-02T10:00:00Z'))).rejects.toThrow('PostgreSQL went away');
    expect(await replicas[0].runSlotOnce(new Date('2020-01-02T10:30:00Z'))).toBe('ran');
  }, 30_000);
});

describe('QualityScheduler before the ingestor has seeded the universe (real PostgreSQL)', () => {
  let db: TestDatabase;
  let scheduler: QualityScheduler | undefined;

  beforeAll(async () => {
    db = await createTestDatabase();
  }, 60_000);

  afterAll(async () => {
    await scheduler?.stop();
    await db?.drop();
  });

  const storedReports = async () =>
    db.dataSource.query(
      `SELECT status, details->>'slot' AS slot, details->>'reason' AS reason FROM data_ingestion.data_quality_logs WHERE check_type = 'quality_report'`,
    );

  it('stores no report while the universe is empty, and runs the slot once symbols exist', async () => {
    const runner = new QualityRunner(db.dataSource, new UsEquityCalendar(), {
      maxMissingRatio: 0.05,
      anomalyDetection: true,
    });
    const messages: string[] = [];
    const registry = new SchedulerRegistry();
    scheduler = new QualityScheduler({
      dataSource: db.dataSource,
      registry,
      intervalSeconds: 3600,
      universeRetryMs: 100,
      logger: {
        info: (_fields, message) => messages.push(message),
        warn: (_fields, message) => messages.push(message),
      },
      run: (slot) => runner.run('schedule', { slot }),
    });
    expect(await scheduler.runSlotOnce(new Date())).toBe('waiting-for-universe');

    expect(registry.getTimeouts()).toEqual([]);
    scheduler.start();
    // The slot timer is armed in @nestjs/schedule's registry, under one name however often it is re-armed.
    expect(registry.getTimeouts()).toEqual([QUALITY_SLOT_TIMER]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(registry.getTimeouts()).toEqual([QUALITY_SLOT_TIMER]);
    expect(await storedReports()).toEqual([]);
    expect(scheduler.lastAttempt()?.outcome).toBe('waiting-for-universe');
    // Said once, however many times the slot was tried.
    expect(messages.filter((m) => m.includes('waits until the ingestor has seeded'))).toHaveLength(1);

    await writeSymbols(db.dataSource, ['AAA', 'BBB']);
    // The attempt is over once the run has returned: its report is visible a little earlier (the run still
    // writes its baseline), so the wait is for the attempt.
    await eventually(
      async () => scheduler?.lastAttempt()?.outcome === 'ran',
      'the slot to run once the universe exists',
      10_000,
    );
    const [report, ...more] = await storedReports();
    expect(more).toEqual([]);
    // The universe exists but no bar yet: the run says so, it is not an ok.
    expect(report).toEqual({ status: 'nothing_checked', slot: expect.any(String), reason: 'no bars stored yet' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await storedReports()).toHaveLength(1);

    // Armed for the next slot until shutdown, which takes it out of the registry (and clears it).
    const armed = registry.getTimeout(QUALITY_SLOT_TIMER) as NodeJS.Timeout;
    expect(armed.hasRef()).toBe(false);
    await scheduler.stop();
    expect(registry.getTimeouts()).toEqual([]);
  }, 30_000);
});
