import type { IsoDate } from '../time/iso-date';
import type { AlertLevel, QualityCheckType } from './quality';

/** What a quality check can find, and which check finds it. */
export const QUALITY_FINDING_CHECK_TYPES = {
  missing_bar: 'missing_data',
  ohlc_violation: 'validation',
  non_positive_price: 'validation',
  zero_volume: 'anomaly',
  non_trading_day_bar: 'validation',
  duplicate_timestamp: 'validation',
  out_of_order: 'validation',
  price_jump: 'anomaly',
  stale: 'stale_data',
  /** Two sources' bars of one session whose open, high, low or close differ by more than the tolerance. */
  source_price_mismatch: 'anomaly',
  /** Two sources' bars of one session whose volumes are further apart than the allowed ratio. */
  source_volume_mismatch: 'anomaly',
  /** A session one source has a bar for and another lacks, inside the span both cover. */
  source_missing_session: 'missing_data',
} as const satisfies Record<string, QualityCheckType>;

export type QualityFindingCode = keyof typeof QUALITY_FINDING_CHECK_TYPES;
export const QUALITY_FINDING_CODES = Object.keys(QUALITY_FINDING_CHECK_TYPES) as QualityFindingCode[];

/**
 * Findings that mean stored data is wrong, not just incomplete: validateBar
 * and UNIQUE(symbol, timestamp, source) should make them impossible, so one
 * of them is enough for a critical alert.
 */
export const CORRUPTION_CODES: readonly QualityFindingCode[] = [
  'ohlc_violation',
  'non_positive_price',
  'duplicate_timestamp',
];

export interface QualityFinding {
  readonly checkType: QualityCheckType;
  /** null for market-wide findings. */
  readonly symbol: string | null;
  /** Session date the finding is about, when it is about one. */
  readonly date: IsoDate | null;
  readonly code: QualityFindingCode;
  /** Human-readable, e.g. "no bar for 2024-07-05 (a trading session)". */
  readonly detail: string;
}

/** One symbol's missing bars and the sessions of its active range. */
export interface SymbolMissing {
  readonly symbol: string;
  readonly missing: number;
  readonly expected: number;
}

export interface SymbolMissingShare extends SymbolMissing {
  /** missing / expected. */
  readonly share: number;
}

/**
 * The MAX_MISSING_DATA_THRESHOLD rule, for all bars or one symbol's: more
 * missing than the ratio allows, or any missing where none was expected (the
 * expectation itself is broken).
 */
export function missingShareExceeds(missing: number, expected: number, maxMissingRatio: number): boolean {
  return missing > 0 && (expected === 0 || missing / expected > maxMissingRatio);
}

export interface QualityReport {
  readonly runId: string;
  readonly startedAt: Date;
  readonly finishedAt: Date;
  readonly alertLevel: AlertLevel;
  readonly counts: Readonly<Record<QualityFindingCode, number>>;
  readonly findings: readonly QualityFinding[];
  readonly symbolsChecked: number;
  /** Symbols whose own missing share is above MAX_MISSING_DATA_THRESHOLD, largest share first. */
  readonly symbolsOverMissingThreshold: readonly SymbolMissingShare[];
}

export interface AlertInputs {
  readonly counts: Readonly<Record<QualityFindingCode, number>>;
  /** (symbol, session) cells that should have a bar in the checked window. */
  readonly expectedBars: number;
  /** MAX_MISSING_DATA_THRESHOLD, e.g. 0.05 for 5%. */
  readonly maxMissingRatio: number;
  /** How many symbols miss more than maxMissingRatio of their own sessions (0 when absent). */
  readonly symbolsOverMissingThreshold?: number;
}

/**
 * The alert rule:
 * - 2 (critical): any corruption finding (CORRUPTION_CODES), or missing bars
 *   above `maxMissingRatio` of `expectedBars`, or of one symbol's own
 *   sessions (among 5,000 symbols one with half its history missing would
 *   barely move the overall share, and a backtest on it would be fiction);
 * - 1 (warning): any other finding (a few missing bars, zero volume, a bar on
 *   a non-trading day, out-of-order rows, a price jump, stale data, two
 *   sources disagreeing: each bar is valid on its own and the finding does
 *   not say which source is wrong, so it asks for a look, not a stop);
 * - 0 (ok): no findings.
 */
export function alertLevelFor(inputs: AlertInputs): AlertLevel {
  const { counts, expectedBars, maxMissingRatio, symbolsOverMissingThreshold = 0 } = inputs;
  if (!Number.isSafeInteger(symbolsOverMissingThreshold) || symbolsOverMissingThreshold < 0) {
    throw new RangeError(
      `symbolsOverMissingThreshold must be a whole number of 0 or more, got ${symbolsOverMissingThreshold}`,
    );
  }
  if (!Number.isSafeInteger(expectedBars) || expectedBars < 0) {
    throw new RangeError(`expectedBars must be a whole number of 0 or more, got ${expectedBars}`);
  }
  if (!(maxMissingRatio >= 0 && maxMissingRatio <= 1)) {
    throw new RangeError(`maxMissingRatio must be between 0 and 1, got ${maxMissingRatio}`);
  }
  for (const code of QUALITY_FINDING_CODES) {
    const count = counts[code];
    if (!Number.isSafeInteger(count) || count < 0) {
      throw new RangeError(`counts.${code} must be a whole number of 0 or more, got ${count}`);
    }
  }
  if (CORRUPTION_CODES.some((code) => counts[code] > 0)) {
    return 2;
  }
  if (
    missingShareExceeds(counts.missing_bar, expectedBars, maxMissingRatio) ||
    (counts.missing_bar > 0 && symbolsOverMissingThreshold > 0)
  ) {
    return 2;
  }
  return QUALITY_FINDING_CODES.some((code) => counts[code] > 0) ? 1 : 0;
}

export function countFindings(findings: readonly QualityFinding[]): Record<QualityFindingCode, number> {
  const counts = Object.fromEntries(QUALITY_FINDING_CODES.map((code) => [code, 0])) as Record<
    QualityFindingCode,
    number
  >;
  for (const finding of findings) {
    counts[finding.code] += 1;
  }
  return counts;
}

export interface QualityRun {
  readonly runId: string;
  readonly startedAt: Date;
  readonly finishedAt: Date;
  readonly findings: readonly QualityFinding[];
  readonly symbolsChecked: number;
  readonly expectedBars: number;
  readonly maxMissingRatio: number;
  /** Per symbol: missing bars and sessions expected in its active range (symbols missing nothing may be left out). */
  readonly missingBySymbol?: readonly SymbolMissing[];
}

/** The symbols whose missing share is above the threshold, largest share first (then by symbol). */
export function symbolsOverMissingThreshold(
  missingBySymbol: QualityRun['missingBySymbol'],
  maxMissingRatio: number,
): SymbolMissingShare[] {
  return (missingBySymbol ?? [])
    .filter((s) => missingShareExceeds(s.missing, s.expected, maxMissingRatio))
    .map((s) => ({ ...s, share: s.expected === 0 ? 1 : s.missing / s.expected }))
    .sort((a, b) => b.share - a.share || (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
}

/** Counts the findings and applies alertLevelFor. */
export function buildQualityReport(run: QualityRun): QualityReport {
  if (run.finishedAt.getTime() < run.startedAt.getTime()) {
    throw new RangeError(
      `finishedAt ${run.finishedAt.toISOString()} is before startedAt ${run.startedAt.toISOString()}`,
    );
  }
  const counts = countFindings(run.findings);
  const over = symbolsOverMissingThreshold(run.missingBySymbol, run.maxMissingRatio);
  return {
    runId: run.runId,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    alertLevel: alertLevelFor({
      counts,
      expectedBars: run.expectedBars,
      maxMissingRatio: run.maxMissingRatio,
      symbolsOverMissingThreshold: over.length,
    }),
    counts,
    findings: run.findings,
    symbolsChecked: run.symbolsChecked,
    symbolsOverMissingThreshold: over,
  };
}

/** A finding with its check type filled in from its code. */
export function qualityFinding(
  code: QualityFindingCode,
  symbol: string | null,
  date: IsoDate | null,
  detail: string,
): QualityFinding {
  return { checkType: QUALITY_FINDING_CHECK_TYPES[code], symbol, date, code, detail };
}
