import { Injectable } from '@nestjs/common';

export interface RejectionRecord {
  readonly lane: string;
  readonly at: string;
  readonly count: number;
  /** The first reasons, one string per refused row. */
  readonly reasons: readonly string[];
}

const KEEP = 20;

/** The latest rows this process refused, for /status (logs and metrics have them all). */
@Injectable()
export class RecentRejections {
  private readonly records: RejectionRecord[] = [];
  private total = 0;

  add(lane: string, rejected: readonly { reasons: readonly string[] }[], at = new Date()): void {
    if (rejected.length === 0) return;
    this.total += rejected.length;
    this.records.unshift({
      lane,
      at: at.toISOString(),
      count: rejected.length,
      reasons: rejected.slice(0, 5).map((r) => r.reasons.join('; ')),
    });
    this.records.length = Math.min(this.records.length, KEEP);
  }

  summary(): { total: number; recent: readonly RejectionRecord[] } {
    return { total: this.total, recent: [...this.records] };
  }
}
