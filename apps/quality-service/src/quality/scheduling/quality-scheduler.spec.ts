import { randomBytes } from 'node:crypto';
import { QueueName, UsEquityCalendar } from '@mdi/domain';
import { Queue } from 'bullmq';
import { createTestDatabase, eventually, type TestDatabase } from '@mdi/testing';
import { QualityRunner } from '../run/quality-runner';
import { QualityScheduler, type SchedulerLogger } from './quality-scheduler';
import { redisConnectionOf } from './redis-connection';
import { nextSlotStart, runJobId, slotStartOf } from './run-slot';

const silent: SchedulerLogger = { info: () => undefined, warn: () => undefined };

describe('run slots', () => {
  it('aligns slots to multiples of the interval since the epoch', () => {
    const now = new Date('2024-07-01T13:47:12.345Z');
    expect(slotStartOf(now, 3600).toISOString()).toBe('2024-07-01T13:00:00.000Z');
    expect(nextSlotStart(now, 3600).toISOString()).toBe('2024-07-01T14:00:00.000Z');
    expect(slotStartOf(now, 900).toISOString()).toBe('2024-07-01T13:45:00.000Z');
    expect(runJobId(slotStartOf(now, 3600))).toBe('quality-run|20240701T130000Z');
  });
});

describe('QualityScheduler across replicas (real Redis and PostgreSQL)', () => {
  let db: TestDatabase;
  const prefix = `qs-test-${randomBytes(4).toString('hex')}`;
  const connection = redisConnectionOf(process.env['TEST_REDIS_URL'] || 'redis://127.0.0.1:6379');
  let replicas: QualityScheduler[] = [];
  const runsByReplica = [0, 0, 0];

  beforeAll(async () => {
    db = await createTestDatabase();
    replicas = [0, 1, 2].map((index) => {
      const runner = new QualityRunner(db.dataSource, new UsEquityCalendar(), { maxMissingRatio: 0.05, anomalyDetection: true });
      return new QualityScheduler({
        connection,
        prefix,
        intervalSeconds: 3600,
        logger: silent,
        run: async () => {
          runsByReplica[index] += 1;
          const { report } = await runner.run('schedule');
          return { runId: report.runId, alertLevel: report.alertLevel };
        },
      });
    });
    replicas.forEach((replica) => replica.start({ timer: false }));
  }, 60_000);

  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.stop()));
    const queue = new Queue(QueueName.QualityChecks, { connection, prefix });
    await queue.obliterate({ force: true });
    await queue.close();
    await db?.drop();
  });

  const storedRuns = async () =>
    Number((await db.dataSource.query(`SELECT count(*) AS n FROM data_ingestion.data_quality_logs WHERE check_type = 'quality_report'`))[0].n);

  it('runs a slot once although every replica enqueues it, and the next slot once more', async () => {
    const at = new Date('2030-01-01T10:15:00Z');
    const ids = await Promise.all(replicas.map((replica) => replica.enqueueSlot(at)));
    expect(new Set(ids)).toEqual(new Set(['quality-run|20300101T100000Z']));
    await eventually(async () => (await storedRuns()) === 1, 'the slot to run');
    // A late replica in the same slot, after the run finished, changes nothing.
    await replicas[2].enqueueSlot(new Date('2030-01-01T10:59:59Z'));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await storedRuns()).toBe(1);

    await Promise.all(replicas.map((replica) => replica.enqueueSlot(new Date('2030-01-01T11:00:00Z'))));
    await eventually(async () => (await storedRuns()) === 2, 'the next slot to run');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await storedRuns()).toBe(2);
    expect(runsByReplica.reduce((a, b) => a + b, 0)).toBe(2);
  }, 30_000);
});
