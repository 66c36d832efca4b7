/** A value and when its collection started. */
export interface Collected<T> {
  readonly value: T;
  readonly at: number;
}

/**
 * Answers from one collection for `maxAgeMs`, then collects again. However
 * many requests arrive while a collection runs, they share it (one round of
 * downstream calls, not one per request), so the downstream call rate is
 * bounded by 1 / maxAgeMs whatever the load on the gateway. `collect` must
 * not throw: failures are part of the value it returns. A maxAgeMs of 0
 * shares nothing: every request collects (the benchmark's baseline).
 */
export class FreshFor<T> {
  private last?: Collected<T>;
  private running?: Promise<Collected<T>>;

  constructor(
    private readonly maxAgeMs: number,
    private readonly collect: () => Promise<T>,
  ) {}

  get(): Promise<Collected<T>> {
    if (this.maxAgeMs === 0) {
      const at = Date.now();
      return this.collect().then((value) => ({ value, at }));
    }
    if (this.last && Date.now() - this.last.at <= this.maxAgeMs) return Promise.resolve(this.last);
    if (!this.running) {
      const at = Date.now();
      this.running = this.collect()
        .then((value) => (this.last = { value, at }))
        .finally(() => (this.running = undefined));
    }
    return this.running;
  }
}
