import { ALPACA_DATA_JOBS, MAX_SYMBOLS_PER_BARS_CALL, stockBarsJob } from './alpaca-data-jobs';

describe('ALPACA_DATA_JOBS', () => {
  const job = stockBarsJob(['MSFT', 'AAPL', 'MSFT', 'BRK.B'], '2024-11-26', '2026-11-25');

  it('keeps symbols sorted and distinct, and names a set by count and digest whatever the order', () => {
    expect(job.symbols).toEqual(['AAPL', 'BRK.B', 'MSFT']);
    const id = ALPACA_DATA_JOBS.idFor(job);
    expect(id).toMatch(/^stock-bars\|2024-11-26\|2026-11-25\|3sym-[0-9a-f]{16}$/);
    expect(ALPACA_DATA_JOBS.idFor(stockBarsJob(['MSFT', 'BRK.B', 'AAPL'], job.from, job.to))).toBe(id);
    expect(ALPACA_DATA_JOBS.idFor(stockBarsJob(['AAPL', 'MSFT'], job.from, job.to))).not.toBe(id);
    expect(ALPACA_DATA_JOBS.parse(JSON.parse(JSON.stringify(job)))).toEqual({ ok: true, value: job });
  });

  it.each([
    ['no symbols', { symbols: [] }, 'symbols must be a list of 1 to'],
    [
      'too many symbols',
      { symbols: Array.from({ length: MAX_SYMBOLS_PER_BARS_CALL + 1 }, (_, i) => `S${i}`) },
      'symbols must be a list',
    ],
    ['unsorted symbols', { symbols: ['MSFT', 'AAPL'] }, 'sorted and distinct'],
    ['a bad symbol', { symbols: ['AAPL', 'no good'] }, 'symbols[1]'],
    ['a reversed window', { from: '2026-11-25', to: '2024-11-26' }, 'is after'],
    ['a bad date', { from: '2024-02-30' }, 'from'],
  ])('refuses a job with %s', (_what, change, reason) => {
    const parsed = ALPACA_DATA_JOBS.parse({ ...job, ...change });
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.reasons.join('; ')).toContain(reason);
  });
});
