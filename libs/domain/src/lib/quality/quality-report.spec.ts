import {
  alertLevelFor,
  buildQualityReport,
  countFindings,
  qualityFinding,
  QUALITY_FINDING_CODES,
  type QualityFindingCode,
} from './quality-report';

const none = countFindings([]);
const withCounts = (partial: Partial<Record<QualityFindingCode, number>>) => ({ ...none, ...partial });

describe('alertLevelFor', () => {
  const base = { expectedBars: 1000, maxMissingRatio: 0.05 };

  it('is 0 without findings', () => {
    expect(alertLevelFor({ ...base, counts: none })).toBe(0);
  });

  it('is 1 for missing bars up to the threshold', () => {
    expect(alertLevelFor({ ...base, counts: withCounts({ missing_bar: 50 }) })).toBe(1);
  });

  it('is 2 for missing bars above the threshold', () => {
    expect(alertLevelFor({ ...base, counts: withCounts({ missing_bar: 51 }) })).toBe(2);
  });

  it('is 2 when one symbol misses more than the threshold of its own sessions, however small the overall share', () => {
    expect(
      alertLevelFor({
        ...base,
        expectedBars: 1_000_000,
        counts: withCounts({ missing_bar: 30 }),
        symbolsOverMissingThreshold: 1,
      }),
    ).toBe(2);
    expect(
      alertLevelFor({
        ...base,
        expectedBars: 1_000_000,
        counts: withCounts({ missing_bar: 30 }),
        symbolsOverMissingThreshold: 0,
      }),
    ).toBe(1);
    expect(() => alertLevelFor({ ...base, counts: none, symbolsOverMissingThreshold: -1 })).toThrow(
      /symbolsOverMissingThreshold/,
    );
  });

  it('is 2 when bars are missing and none were expected (the expectation itself is broken)', () => {
    expect(alertLevelFor({ ...base, expectedBars: 0, counts: withCounts({ missing_bar: 1 }) })).toBe(2);
  });

  it.each(['ohlc_violation', 'non_positive_price', 'duplicate_timestamp'] as const)('is 2 for one %s', (code) => {
    expect(alertLevelFor({ ...base, counts: withCounts({ [code]: 1 }) })).toBe(2);
  });

  it.each([
    'zero_volume',
    'non_trading_day_bar',
    'out_of_order',
    'price_jump',
    'stale',
    'source_price_mismatch',
    'source_volume_mismatch',
    'source_missing_session',
  ] as const)('is 1 for %s', (code) => {
    expect(alertLevelFor({ ...base, counts: withCounts({ [code]: 3 }) })).toBe(1);
  });

  it.each([
    [{ ...base, expectedBars: -1, counts: none }, /expectedBars/],
    [{ ...base, expectedBars: 1.5, counts: none }, /expectedBars/],
    [{ ...base, maxMissingRatio: 1.5, counts: none }, /maxMissingRatio/],
    [{ ...base, maxMissingRatio: NaN, counts: none }, /maxMissingRatio/],
    [{ ...base, counts: withCounts({ stale: -1 }) }, /counts.stale/],
    [{ ...base, counts: { ...none, price_jump: undefined as unknown as number } }, /counts.price_jump/],
  ])('refuses bad input %#', (inputs, message) => {
    expect(() => alertLevelFor(inputs)).toThrow(message);
  });
});

describe('buildQualityReport', () => {
  const startedAt = new Date('2024-07-09T01:00:00Z');
  const finishedAt = new Date('2024-07-09T01:00:02Z');

  it('counts findings per code and sets the alert level', () => {
    const findings = [
      qualityFinding('missing_bar', 'AAPL', '2024-07-05', 'no bar for trading session 2024-07-05'),
      qualityFinding('zero_volume', 'MSFT', '2024-07-05', 'volume 0 on a trading session'),
      qualityFinding('missing_bar', 'MSFT', '2024-07-08', 'no bar for trading session 2024-07-08'),
    ];
    const report = buildQualityReport({
      runId: 'r1',
      startedAt,
      finishedAt,
      findings,
      symbolsChecked: 2,
      expectedBars: 10,
      maxMissingRatio: 0.05,
    });
    expect(report.counts).toEqual(withCounts({ missing_bar: 2, zero_volume: 1 }));
    expect(report.alertLevel).toBe(2);
    expect(report.findings[0]).toEqual({
      checkType: 'missing_data',
      symbol: 'AAPL',
      date: '2024-07-05',
      code: 'missing_bar',
      detail: 'no bar for trading session 2024-07-05',
    });
    expect(report.findings[1].checkType).toBe('anomaly');
  });

  it('lists the symbols over the missing threshold, largest share first, and makes the run critical', () => {
    const findings = [qualityFinding('missing_bar', 'AAA', '2024-07-05', 'no bar')];
    const report = buildQualityReport({
      runId: 'r2',
      startedAt,
      finishedAt,
      findings,
      symbolsChecked: 4,
      expectedBars: 10_000,
      maxMissingRatio: 0.05,
      missingBySymbol: [
        { symbol: 'AAA', missing: 6, expected: 100 },
        { symbol: 'BBB', missing: 5, expected: 100 },
        { symbol: 'CCC', missing: 30, expected: 100 },
        { symbol: 'DDD', missing: 0, expected: 100 },
      ],
    });
    expect(report.symbolsOverMissingThreshold).toEqual([
      { symbol: 'CCC', missing: 30, expected: 100, share: 0.3 },
      { symbol: 'AAA', missing: 6, expected: 100, share: 0.06 },
    ]);
    expect(report.alertLevel).toBe(2);
  });

  it('has a zero count for every code', () => {
    expect(Object.keys(none).sort()).toEqual([...QUALITY_FINDING_CODES].sort());
    expect(Object.values(none).every((n) => n === 0)).toBe(true);
  });

  it('refuses a run that finished before it started', () => {
    expect(() =>
      buildQualityReport({
        runId: 'r',
        startedAt: finishedAt,
        finishedAt: startedAt,
        findings: [],
        symbolsChecked: 0,
        expectedBars: 0,
        maxMissingRatio: 0.05,
      }),
    ).toThrow(/before startedAt/);
  });
});
