import type { FaultSystem } from './system';

/** What a group of cases gets from the spec file that started the system. */
export interface CaseContext {
  /** The running system (started in the file's beforeAll). */
  system(): FaultSystem;
  /** `count` symbols of the universe no other case of the file uses (each case compares only its own rows). */
  takeSymbols(count: number): string[];
}

/** Hands out disjoint slices of the universe, in the order cases ask. */
export function symbolAllocator(universe: () => readonly string[]): (count: number) => string[] {
  let next = 0;
  return (count) => {
    const all = universe();
    if (next + count > all.length)
      throw new Error(`the universe has ${all.length} symbols; ${next} are taken, ${count} more asked`);
    const slice = all.slice(next, next + count);
    next += count;
    return slice;
  };
}
