import { useStorageTestDatabase } from '../../test-support/test-database';
import { AdvisoryLockRepository } from './advisory-lock.repository';

describe('AdvisoryLockRepository', () => {
  const db = useStorageTestDatabase();
  let locks: AdvisoryLockRepository;
  beforeAll(() => {
    locks = new AdvisoryLockRepository(db.dataSource);
  });

  const heldLocks = async (): Promise<number> => {
    const [{ n }]: { n: number }[] = await db.dataSource.query(
      `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND classid = 21 AND objid = 7`,
    );
    return n;
  };

  it('runs the work under the lock, on the session that holds it, and releases it', async () => {
    const outcome = await locks.withTryLock(21, 7, async (session) => {
      const [{ mine }]: { mine: boolean }[] = await session.query(
        `SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND classid = 21 AND objid = 7 AND pid = pg_backend_pid()) AS mine`,
      );
      return { mine, held: await heldLocks() };
    });
    expect(outcome).toEqual({ locked: true, value: { mine: true, held: 1 } });
    expect(await heldLocks()).toBe(0);
  });

  it('does not wait for a lock held elsewhere, and releases it when the work fails', async () => {
    const inner = await locks.withTryLock(21, 7, () => locks.withTryLock(21, 7, async () => 'ran'));
    expect(inner).toEqual({ locked: true, value: { locked: false } });
    await expect(locks.withTryLock(21, 7, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await heldLocks()).toBe(0);
  });
});
