/** A value a beforeAll creates, handed to a describe block before that beforeAll runs. */
export interface LateBound<T extends object> {
  /**
   * Stands for the value: every property read (a method comes bound to the
   * value) goes to the value set last. A read before `set` throws naming it.
   */
  readonly proxy: T;
  /** The value, undefined before `set`: for an afterAll that must tolerate a failed start. */
  readonly current: T | undefined;
  set(value: T): void;
}

/**
 * Lets a `use…()` helper that registers beforeAll/afterAll return what the
 * beforeAll will start, so a spec reads `const { sim } = useX(...)` and then
 * `sim.stats()` in its tests, without a `let` and its own hooks.
 */
export function lateBound<T extends object>(what: string): LateBound<T> {
  let value: T | undefined;
  const started = (): T => {
    if (value === undefined) throw new Error(`${what} is started in beforeAll: use it from a hook or a test`);
    return value;
  };
  const proxy = new Proxy({} as T, {
    get(_, property) {
      const target = started();
      const field: unknown = Reflect.get(target, property, target);
      return typeof field === 'function' ? field.bind(target) : field;
    },
    has: (_, property) => Reflect.has(started(), property),
    set: (_, property, newValue) => Reflect.set(started(), property, newValue),
  });
  return {
    proxy,
    get current() {
      return value;
    },
    set(next) {
      value = next;
    },
  };
}
