/** Resident memory of another process, from Linux's /proc/<pid>/status. */
import { readFileSync } from 'node:fs';

/** VmHWM of `pid` in MB: the high-water mark of its RSS since it started. */
export function peakRssMb(pid: number): number {
  return statusKb(pid, 'VmHWM') / 1024;
}

/** VmRSS of `pid` in MB. */
export function residentMb(pid: number): number {
  return statusKb(pid, 'VmRSS') / 1024;
}

function statusKb(pid: number, field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no ${field} in /proc/${pid}/status`);
  return Number(match[1]);
}
