import { HealthModule } from '@mdi/platform';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { createStorageTestDatabase } from '../../test-support/test-database';
import type { TemporaryDatabase } from '../admin/temporary-database';
import { runMigrations } from '../migrations/run-migrations';
import { StorageModule } from '../storage.module';
import { expectedMigrations, pendingMigrations } from './schema-readiness';

// A scratch database migrated fully, then the newest migration undone: the state of
// a database when a new release's pods start before its migration Job has run.
describe('schema readiness', () => {
  let db: TemporaryDatabase;
  let app: INestApplication;
  let base: string;
  const newest = expectedMigrations()[expectedMigrations().length - 1];

  beforeAll(async () => {
    db = await createStorageTestDatabase();
    await db.dataSource.undoLastMigration({ transaction: 'each' });
    const moduleRef = await Test.createTestingModule({
      imports: [
        HealthModule.forRoot({ redisUrl: 'redis://127.0.0.1:6379' }),
        StorageModule.forRoot({ databaseUrl: db.url, redisUrl: 'redis://127.0.0.1:6379' }),
      ],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  }, 30_000);

  it('knows every migration of this build, in order', () => {
    expect(expectedMigrations().length).toBeGreaterThanOrEqual(7);
    expect(expectedMigrations()[0]).toBe('SeedSchema1764000000000');
  });

  it('is 503 naming the migration the database lacks, then 200 once migrated', async () => {
    expect(await pendingMigrations(db.dataSource)).toEqual([newest]);
    const behind = await fetch(`${base}/health/ready`);
    const body = JSON.stringify(await behind.json());
    expect(behind.status).toBe(503);
    expect(body).toContain(newest);
    expect(body).toContain('database schema is behind this build');

    expect((await runMigrations(db.url)).applied).toEqual([newest]);
    const ready = await fetch(`${base}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await pendingMigrations(db.dataSource)).toEqual([]);
  }, 30_000);

  it('a database never migrated lacks every migration', async () => {
    const empty = {
      query: () => Promise.reject(Object.assign(new Error('relation does not exist'), { code: '42P01' })),
    };
    expect(await pendingMigrations(empty)).toEqual(expectedMigrations());
  });
});
