import { ChangeWatermarkRepository } from '@mdi/storage';
import type { DataSource } from 'typeorm';

/**
 * Waits (at most 60 s) until the change mark is past every change written so
 * far. A mark is the server-wide snapshot xmin, so while another session's
 * transaction is open (other specs on the same server) a mark lags and the
 * next changedSince reports earlier changes again: allowed (twice, never
 * missed), but a spec that asserts exactly what is reported needs its own
 * earlier writes behind the mark.
 */
export async function settledChangeMark(dataSource: DataSource): Promise<string> {
  const changes = new ChangeWatermarkRepository(dataSource);
  const newest = await changes.newestSeq();
  const deadline = Date.now() + 60_000;
  for (;;) {
    const mark = await changes.currentSeq();
    if (newest === null || BigInt(mark) > BigInt(newest)) return mark;
    if (Date.now() > deadline) {
      throw new Error(`no change mark past ${newest} within 60 s (a transaction stays open on the server)`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
