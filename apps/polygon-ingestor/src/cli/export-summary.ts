import type { Answer } from './ingestor-client';

interface SymbolCoverage {
  symbol: string;
  expected: number;
  stored: number;
  noData: number;
  notAvailable: number;
  failed: number;
  missing: number;
}

/**
 * `ingestor export`'s answer for a person: where the file and its coverage
 * went, and one line per symbol whose file has fewer rows than sessions
 * expected, with why (from the ledger).
 */
export function exportSummary(path: string, bytes: number, coverage: Answer): string {
  const symbols: SymbolCoverage[] = coverage.symbols ?? [];
  const lines = [
    `wrote ${coverage.rows} bars of ${symbols.length} symbols, ${coverage.coveredFrom} to ${coverage.coveredThrough}` +
      `${coverage.adjusted ? ', split-adjusted' : ''}, to ${path} (${bytes} bytes)`,
    `coverage: ${path}.coverage.json`,
  ];
  if (coverage.truncated)
    lines.push(
      `  adjusted series cut to ${coverage.coveredFrom}..${coverage.coveredThrough}: the splits ledger covers no more`,
    );
  const gaps = symbols.filter((s) => s.stored < s.expected);
  for (const s of gaps) {
    const why = [
      s.failed > 0 ? `${s.failed} failed` : '',
      s.noData > 0 ? `${s.noData} known empty` : '',
      s.notAvailable > 0 ? `${s.notAvailable} not available` : '',
      s.missing > 0 ? `${s.missing} never fetched` : '',
    ].filter(Boolean);
    lines.push(
      `  ${s.symbol}: ${s.expected - s.stored} of ${s.expected} sessions have no bar${why.length ? ` (${why.join(', ')})` : ''}`,
    );
  }
  lines.push(
    gaps.length === 0
      ? 'every symbol has a bar on every expected session'
      : `${gaps.length} of ${symbols.length} symbols have gaps`,
  );
  return lines.join('\n');
}
