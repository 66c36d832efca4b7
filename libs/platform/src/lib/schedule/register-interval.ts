import type { SchedulerRegistry } from '@nestjs/schedule';

/** Where a failed tick is reported (PinoLogger fits). */
export interface IntervalLogger {
  warn(fields: Record<string, unknown>, message: string): void;
}

/**
 * A fixed-interval timer whose period comes from configuration, registered
 * in @nestjs/schedule's SchedulerRegistry under `name` (a static period
 * uses `@Interval(name, ms)` instead). A tick that throws or rejects is
 * logged, never thrown; a tick still running when the next one is due is
 * skipped rather than overlapped. The timer is unref'd, so it alone never
 * keeps a process alive. Returns the disposer for onApplicationShutdown:
 * it removes the timer from the registry (and so clears it); calling it
 * again, or after ScheduleModule's own shutdown cleared it, does nothing.
 */
export function registerInterval(
  registry: SchedulerRegistry,
  name: string,
  everyMs: number,
  tick: () => unknown,
  logger: IntervalLogger,
): () => void {
  if (!Number.isFinite(everyMs) || everyMs < 1)
    throw new RangeError(`interval ${name}: period must be at least 1 ms, got ${everyMs}`);
  let running = false;
  const fire = async (): Promise<void> => {
    if (running) return;
    running = true;
    try {
      await tick();
    } catch (error) {
      logger.warn(
        { timer: name, error: error instanceof Error ? error.message : String(error) },
        'scheduled tick failed; the next one tries again',
      );
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void fire(), everyMs);
  timer.unref();
  try {
    registry.addInterval(name, timer);
  } catch (error) {
    // A name already taken: the registry keeps the first timer, this one must not run unseen.
    clearInterval(timer);
    throw error;
  }
  return () => {
    if (registry.doesExist('interval', name)) registry.deleteInterval(name);
  };
}
