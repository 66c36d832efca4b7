import {
  isPlainRecord,
  parseRfc3339,
  sessionDateOf,
  symbolProblem,
  type IsoDate,
  type QualityLogEntry,
} from '@mdi/domain';
import type { RejectedProviderRow } from '@mdi/providers';

/**
 * The symbol and session a refused provider row was about, as far as it can be read: a Polygon row (`T`,
 * `t` in epoch ms), or an Alpaca bars row as the provider refuses it (`{symbol, row}`, `t` RFC 3339 text).
 */
export function cellOfRejectedRow(row: unknown, symbolHint?: string): { symbol: string | null; date: IsoDate | null } {
  if (isPlainRecord(row) && typeof row['symbol'] === 'string' && 'row' in row) return alpacaCell(row);
  const record = isPlainRecord(row) ? row : {};
  const symbol =
    symbolHint ?? (typeof record['T'] === 'string' && symbolProblem(record['T']) === null ? record['T'] : null);
  const t = record['t'];
  const date = typeof t === 'number' && Number.isSafeInteger(t) ? sessionDateOf(new Date(t)) : null;
  return { symbol, date };
}

function alpacaCell(refused: Record<string, unknown>): { symbol: string | null; date: IsoDate | null } {
  const symbol = symbolProblem(refused['symbol']) === null ? (refused['symbol'] as string) : null;
  const t = isPlainRecord(refused['row']) ? refused['row']['t'] : undefined;
  const instant = parseRfc3339(t, 't');
  return { symbol, date: 'instant' in instant ? sessionDateOf(instant.instant) : null };
}

/** One data_quality_logs row per refused provider row: never stored as a bar, always explained. */
export function qualityLogsOf(
  rejected: readonly RejectedProviderRow[],
  context: { endpoint: string; jobId: string; symbol?: string; provider?: string },
): QualityLogEntry[] {
  return rejected.map(({ row, reasons }) => {
    const { symbol, date } = cellOfRejectedRow(row, context.symbol);
    return {
      symbol: symbol && symbol.length <= 10 ? symbol : null,
      checkType: 'validation',
      status: 'rejected',
      message: reasons.join('; ').slice(0, 2000),
      details: {
        provider: context.provider ?? 'polygon',
        endpoint: context.endpoint,
        job_id: context.jobId,
        date,
        row: safeRow(row),
      },
    };
  });
}

/** The raw row for the log, as JSON can hold it (NaN and Infinity become text). */
function safeRow(row: unknown): unknown {
  try {
    return JSON.parse(
      JSON.stringify(row, (_key, value) =>
        typeof value === 'number' && !Number.isFinite(value) ? String(value) : value,
      ),
    );
  } catch {
    return String(row);
  }
}
