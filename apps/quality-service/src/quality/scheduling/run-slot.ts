/**
 * Scheduled runs are aligned to multiples of the interval since the epoch,
 * so every replica computes the same slot for the same moment, whenever it
 * started. The slot's job id is what makes N replicas give one run.
 */
export function slotStartOf(now: Date, intervalSeconds: number): Date {
  const intervalMs = intervalSeconds * 1000;
  return new Date(Math.floor(now.getTime() / intervalMs) * intervalMs);
}

export function nextSlotStart(now: Date, intervalSeconds: number): Date {
  return new Date(slotStartOf(now, intervalSeconds).getTime() + intervalSeconds * 1000);
}

/** BullMQ rejects ':' in custom ids, so the instant is written compact: quality-run|20240701T130000Z. */
export function runJobId(slotStart: Date): string {
  return `quality-run|${slotStart.toISOString().replace(/[-:]/g, '').replace(/\.000Z$/, 'Z')}`;
}
