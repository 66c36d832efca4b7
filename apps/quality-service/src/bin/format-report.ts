import { reportStatus, type StoredReport } from '../quality/report/stored-report';

const SHOWN = 50;

/** The report as text for a terminal. */
export function formatReport(
  report: StoredReport,
  timings: { loadMs: number; analyzeMs: number; storeMs: number },
  options: { all: boolean },
): string {
  if (report.alertLevel === null) return nothingCheckedText(report);
  const findings = report.findings ?? [];
  const shown = options.all ? findings : findings.slice(0, SHOWN);
  const counts = Object.entries(report.counts).map(([code, count]) => `  ${code.padEnd(20)} ${count}`);
  const lines = [
    `quality report ${report.runId}`,
    `alert level ${report.alertLevel} (${reportStatus(report)})`,
    `${report.symbolsChecked} symbols, ${report.barsChecked} bars, ${report.expectedBars} expected session bars`,
    `load ${fmt(timings.loadMs)} s, checks ${fmt(timings.analyzeMs)} s, store ${fmt(timings.storeMs)} s`,
    ...missingLines(report),
    'findings by check:',
    ...counts,
    ...(findings.length === 0 ? [] : ['findings:']),
    ...shown.map(
      (f) => `  ${f.code.padEnd(20)} ${(f.symbol ?? '-').padEnd(10)} ${(f.date ?? '-').padEnd(10)} ${f.detail}`,
    ),
    ...(shown.length < findings.length ? [`  ... ${findings.length - shown.length} more (--all lists them)`] : []),
  ];
  return `${lines.join('\n')}\n`;
}

const fmt = (ms: number) => (ms / 1000).toFixed(2);

/** A run with no bar to check: there is no data yet, and what fills it. */
function nothingCheckedText(report: StoredReport): string {
  const start =
    report.reason === 'no symbols in the universe'
      ? 'start the polygon-ingestor (npm start): it seeds the symbol universe, then backfills its history'
      : "let the polygon-ingestor backfill the universe's history (npm run ingestor -- backfill run, or wait for its gap repair)";
  return [
    `quality report ${report.runId}`,
    `nothing checked: ${report.reason}`,
    `There is no data yet: ${start}, then validate again.`,
    '',
  ].join('\n');
}

function missingLines(report: StoredReport): string[] {
  if (report.symbolsOverMissingThresholdCount === 0) return [];
  const worst = report.symbolsOverMissingThreshold
    .slice(0, 10)
    .map((s) => `${s.symbol} ${(s.share * 100).toFixed(1)}% (${s.missing} of ${s.expected})`);
  return [
    `symbols over the missing-data threshold: ${report.symbolsOverMissingThresholdCount} (worst: ${worst.join(', ')})`,
  ];
}
