/**
 * Poll slots are aligned to multiples of ALPACA_UPDATE_INTERVAL since the
 * epoch, so every replica names the same slot for the same moment: the
 * slot is the de-duplication window of that slot's job ids.
 */
export function slotWindow(now: Date, intervalSeconds: number): string {
  const intervalMs = intervalSeconds * 1000;
  const start = new Date(Math.floor(now.getTime() / intervalMs) * intervalMs);
  return start
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.000Z$/, 'Z');
}
