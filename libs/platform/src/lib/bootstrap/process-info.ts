const STARTED_AT = new Date();

/** When this process started and for how long it has run; part of every /status. */
export function processInfo(): { startedAt: string; uptimeSeconds: number; pid: number } {
  return {
    startedAt: STARTED_AT.toISOString(),
    uptimeSeconds: Math.round((Date.now() - STARTED_AT.getTime()) / 1000),
    pid: process.pid,
  };
}
