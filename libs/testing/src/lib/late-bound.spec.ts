import { lateBound } from './late-bound';

class Counter {
  #count = 0;
  readonly label = 'counter';
  increment(): number {
    return ++this.#count;
  }
}

describe('lateBound', () => {
  it('refuses a read before the value is set, naming it', () => {
    const counter = lateBound<Counter>('the counter');
    expect(counter.current).toBeUndefined();
    expect(() => counter.proxy.label).toThrow('the counter is started in beforeAll: use it from a hook or a test');
  });

  it('forwards reads to the value set, methods bound to it (private fields work)', () => {
    const counter = lateBound<Counter>('the counter');
    const real = new Counter();
    counter.set(real);
    const { increment } = counter.proxy;
    expect(increment()).toBe(1);
    expect(counter.proxy.increment()).toBe(2);
    expect(counter.proxy.label).toBe('counter');
    expect('increment' in counter.proxy).toBe(true);
    expect(counter.current).toBe(real);
  });
});
