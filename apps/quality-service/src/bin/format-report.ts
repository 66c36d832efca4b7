import type { StoredReport } from '../quality/report/stored-report';
import { ALERT_STATUS } from '../quality/report/stored-report';

const SHOWN = 50;

/** The report as text for a terminal. */
export function formatReport(
  report: StoredReport,
  timings: { loadMs: number; analyzeMs: number; storeMs: number },
  options: { all: boolean },
): string {
  const findings = report.findings ?? [];
  const shown = options.all ? findings : findings.slice(0, SHOWN);
  const counts = Object.entries(report.counts).map(([code, count]) => `  ${code.padEnd(20)} ${count}`);
  const lines = [
    `quality report ${report.runId}`,
    `alert level ${report.alertLevel} (${ALERT_STATUS[report.alertLevel]})`,
    `${report.symbolsChecked} symbols, ${report.barsChecked} bars, ${report.expectedBars} expected session bars`,
    `load ${fmt(timings.loadMs)} s, checks ${fmt(timings.analyzeMs)} s, store ${fmt(timings.storeMs)} s`,
    'findings by check:',
    ...counts,
    ...(findings.length === 0 ? [] : ['findings:']),
    ...shown.map((f) => `  ${f.code.padEnd(20)} ${(f.symbol ?? '-').padEnd(10)} ${(f.date ?? '-').padEnd(10)} ${f.detail}`),
    ...(shown.length < findings.length ? [`  ... ${findings.length - shown.length} more (--all lists them)`] : []),
  ];
  return `${lines.join('\n')}\n`;
}

const fmt = (ms: number) => (ms / 1000).toFixed(2);
