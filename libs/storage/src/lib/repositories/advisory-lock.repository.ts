import type { DataSource } from 'typeorm';
import type { SqlExecutor } from './quality-report-log.repository';

/** What `withTryLock` came to: the lock was held elsewhere, or `work` ran under it. */
export type TryLockOutcome<T> = { readonly locked: false } | { readonly locked: true; readonly value: T };

/**
 * PostgreSQL session advisory locks (pg_try_advisory_lock with two int4
 * keys): nothing is stored, the lock lives as long as the session that took
 * it, so it is taken, used and released on one pooled connection.
 */
export class AdvisoryLockRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Takes the lock (namespace, key) without waiting; if another session holds
   * it, returns `{ locked: false }`. Otherwise runs `work` with the session
   * that holds the lock (to query under it) and releases the lock afterwards,
   * also when `work` fails.
   */
  async withTryLock<T>(
    namespace: number,
    key: number,
    work: (session: SqlExecutor) => Promise<T>,
  ): Promise<TryLockOutcome<T>> {
    const session = this.dataSource.createQueryRunner();
    await session.connect();
    try {
      const [{ locked }] = await session.query('SELECT pg_try_advisory_lock($1, $2) AS locked', [namespace, key]);
      if (!locked) return { locked: false };
      try {
        return { locked: true, value: await work(session) };
      } finally {
        await session.query('SELECT pg_advisory_unlock($1, $2)', [namespace, key]);
      }
    } finally {
      await session.release();
    }
  }
}
