import { SchedulerRegistry } from '@nestjs/schedule';
import { registerInterval, type IntervalLogger } from './register-interval';

describe('registerInterval', () => {
  let registry: SchedulerRegistry;
  let warnings: { fields: Record<string, unknown>; message: string }[];
  const logger: IntervalLogger = { warn: (fields, message) => warnings.push({ fields, message }) };

  beforeEach(() => {
    jest.useFakeTimers();
    registry = new SchedulerRegistry();
    warnings = [];
  });
  afterEach(() => jest.useRealTimers());

  it('puts the timer in the registry, ticks at the period, and the disposer removes and stops it', async () => {
    const tick = jest.fn();
    const dispose = registerInterval(registry, 'refresh', 1000, tick, logger);
    expect(registry.getIntervals()).toEqual(['refresh']);
    expect(tick).not.toHaveBeenCalled();

    await jest.advanceTimersByTimeAsync(3000);
    expect(tick).toHaveBeenCalledTimes(3);

    dispose();
    expect(registry.getIntervals()).toEqual([]);
    await jest.advanceTimersByTimeAsync(5000);
    expect(tick).toHaveBeenCalledTimes(3);
    // Twice, or after ScheduleModule's shutdown already removed it: nothing to do.
    expect(() => dispose()).not.toThrow();
  });

  it('logs a failed tick, synchronous or not, and keeps ticking', async () => {
    let calls = 0;
    registerInterval(
      registry,
      'flaky',
      100,
      () => {
        calls += 1;
        if (calls === 1) throw new Error('PostgreSQL went away');
        if (calls === 2) return Promise.reject(new Error('Redis went away'));
        return undefined;
      },
      logger,
    );
    await jest.advanceTimersByTimeAsync(300);
    expect(calls).toBe(3);
    expect(warnings).toEqual([
      { fields: { timer: 'flaky', error: 'PostgreSQL went away' }, message: expect.stringContaining('tick failed') },
      { fields: { timer: 'flaky', error: 'Redis went away' }, message: expect.stringContaining('tick failed') },
    ]);
  });

  it('skips a tick while the previous one still runs', async () => {
    let started = 0;
    let finish: () => void = () => undefined;
    registerInterval(
      registry,
      'slow',
      100,
      () => {
        started += 1;
        return new Promise<void>((resolve) => (finish = resolve));
      },
      logger,
    );
    await jest.advanceTimersByTimeAsync(450);
    expect(started).toBe(1);
    finish();
    await jest.advanceTimersByTimeAsync(100);
    expect(started).toBe(2);
  });

  it('does not keep the process alive and refuses a period below 1 ms', () => {
    registerInterval(registry, 'quiet', 1000, () => undefined, logger);
    expect((registry.getInterval('quiet') as NodeJS.Timeout).hasRef()).toBe(false);
    expect(() => registerInterval(registry, 'zero', 0, () => undefined, logger)).toThrow(RangeError);
    expect(registry.doesExist('interval', 'zero')).toBe(false);
  });

  it('refuses a second timer under a name already registered, and does not run it', async () => {
    const first = jest.fn();
    const second = jest.fn();
    registerInterval(registry, 'twice', 1000, first, logger);
    expect(() => registerInterval(registry, 'twice', 1000, second, logger)).toThrow(/twice/);
    await jest.advanceTimersByTimeAsync(2000);
    expect(first).toHaveBeenCalledTimes(2);
    expect(second).not.toHaveBeenCalled();
  });
});
