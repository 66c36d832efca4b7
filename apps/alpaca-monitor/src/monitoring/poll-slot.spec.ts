import { slotWindow } from './poll-slot';

describe('slotWindow', () => {
  it('names the same slot on every replica for the same moment', () => {
    expect(slotWindow(new Date('2026-11-25T20:05:59.999Z'), 60)).toBe('20261125T200500Z');
    expect(slotWindow(new Date('2026-11-25T20:05:00.000Z'), 60)).toBe('20261125T200500Z');
    expect(slotWindow(new Date('2026-11-25T20:06:00.000Z'), 60)).toBe('20261125T200600Z');
    expect(slotWindow(new Date('2026-11-25T20:06:00.400Z'), 1)).toBe('20261125T200600Z');
    expect(slotWindow(new Date('2026-11-25T20:06:01.000Z'), 1)).toBe('20261125T200601Z');
  });
});
