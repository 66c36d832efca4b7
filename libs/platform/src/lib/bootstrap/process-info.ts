import { serviceVersion } from './service-version';

const STARTED_AT = new Date();

/** The release, when this process started and for how long it has run; part of every /status. */
export function processInfo(): { version: string; startedAt: string; uptimeSeconds: number; pid: number } {
  return {
    version: serviceVersion(),
    startedAt: STARTED_AT.toISOString(),
    uptimeSeconds: Math.round((Date.now() - STARTED_AT.getTime()) / 1000),
    pid: process.pid,
  };
}
