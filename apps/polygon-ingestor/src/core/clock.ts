/**
 * The service's "now". Real time in production; CLOCK_FIXED_AT (tests and
 * demos) freezes it so the calendar logic can be pointed at any evening.
 */
export class Clock {
  private fixed: Date | null;

  constructor(fixedAt?: string) {
    this.fixed = fixedAt ? new Date(fixedAt) : null;
  }

  now(): Date {
    return this.fixed ? new Date(this.fixed.getTime()) : new Date();
  }

  /** Tests only: move a frozen clock. */
  set(instant: Date): void {
    this.fixed = new Date(instant.getTime());
  }
}
