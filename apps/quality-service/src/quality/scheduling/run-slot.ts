/**
 * Scheduled runs are aligned to multiples of the interval since the epoch,
 * so every replica computes the same slot for the same moment, whenever it
 * started.
 */
export function slotStartOf(now: Date, intervalSeconds: number): Date {
  const intervalMs = intervalSeconds * 1000;
  return new Date(Math.floor(now.getTime() / intervalMs) * intervalMs);
}

export function nextSlotStart(now: Date, intervalSeconds: number): Date {
  return new Date(slotStartOf(now, intervalSeconds).getTime() + intervalSeconds * 1000);
}
