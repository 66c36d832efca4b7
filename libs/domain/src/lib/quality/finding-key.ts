import type { QualityFinding } from './quality-report';

/**
 * A finding's identity across runs: its code (which implies its check), its
 * symbol ('' for a market-wide finding) and its session date ('' when it is
 * about no one session). The detail text is not part of it: it may word the
 * same problem differently from one run to the next (a count, a price).
 * Two findings of one run with the same key are one finding.
 */
export function findingKey(finding: Pick<QualityFinding, 'code' | 'symbol' | 'date'>): string {
  return `${finding.code}|${finding.symbol ?? ''}|${finding.date ?? ''}`;
}
