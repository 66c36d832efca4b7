import { withTimeout } from '@mdi/platform';
import type { DataSource } from 'typeorm';
import { isStorageOutage } from './storage-outage';

const PROBE_TIMEOUT_MS = 1_000;
/** Workers ask before every job; one probe serves them all for this long. */
const PROBE_REUSE_MS = 1_000;

/**
 * Whether PostgreSQL takes writes right now, asked by provider workers
 * before each call (the providers lib's StorageGate): a one-row query with a
 * short timeout, shared by concurrent callers and reused for a second.
 */
export class StorageAvailability {
  private last: { readonly at: number; readonly reason: string | null } | null = null;
  private probing: Promise<string | null> | null = null;

  constructor(private readonly dataSource: Pick<DataSource, 'query'>) {}

  async unavailableReason(): Promise<string | null> {
    if (this.last && Date.now() - this.last.at < PROBE_REUSE_MS) return this.last.reason;
    this.probing ??= this.probe().finally(() => (this.probing = null));
    return this.probing;
  }

  outageReason(error: unknown): string | null {
    return isStorageOutage(error) ? unreachable(error) : null;
  }

  private async probe(): Promise<string | null> {
    let reason: string | null = null;
    try {
      await withTimeout(this.dataSource.query('SELECT 1'), PROBE_TIMEOUT_MS, 'PostgreSQL');
    } catch (error) {
      reason = unreachable(error);
    }
    this.last = { at: Date.now(), reason };
    return reason;
  }
}

function unreachable(error: unknown): string {
  return `PostgreSQL unreachable: ${(error as Error).message}`;
}
