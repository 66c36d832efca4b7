import { MonitorWatermarkRepository } from '@mdi/storage';
import { Injectable } from '@nestjs/common';
import { LAST_SUCCESS_PREFIX, MONITOR_LANES, WatermarkName, type MonitorLane } from './monitor-lanes';

export type LastSuccesses = Record<MonitorLane, Date | null>;

/**
 * When each lane last stored a successful poll, kept in PostgreSQL so every
 * replica (and a restarted one) reports the same thing in /status.
 */
@Injectable()
export class PollRecorder {
  constructor(private readonly watermarks: MonitorWatermarkRepository) {}

  async succeeded(lane: MonitorLane, at = new Date()): Promise<void> {
    await this.watermarks.advance(WatermarkName.lastSuccess(lane), at.toISOString());
  }

  async lastSuccesses(): Promise<LastSuccesses> {
    const stored = await this.watermarks.list(LAST_SUCCESS_PREFIX);
    const byName = new Map(stored.map((w) => [w.name, new Date(w.value)]));
    return Object.fromEntries(
      MONITOR_LANES.map((lane) => [lane, byName.get(WatermarkName.lastSuccess(lane)) ?? null]),
    ) as LastSuccesses;
  }
}
