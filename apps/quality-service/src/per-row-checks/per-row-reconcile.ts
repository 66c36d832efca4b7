import type { IsoDate } from '@mdi/domain';
import type { PerRowBar } from './per-row-bar';

/**
 * The reconciliation defaults (QUALITY_RECONCILE_PRICE_TOLERANCE,
 * QUALITY_RECONCILE_VOLUME_RATIO), stated here again rather than imported
 * from the vectorised check, so a wrong constant shows up as a disagreement.
 */
export const PER_ROW_RECONCILE_RULES = { priceTolerance: 0.005, volumeRatio: 2 } as const;

export interface PerRowReconcileFinding {
  readonly code: 'source_price_mismatch' | 'source_volume_mismatch' | 'source_missing_session';
  readonly symbol: string;
  readonly date: IsoDate;
}

/**
 * One symbol's bars of every source compared session by session, as a plain
 * loop: for each pair of sources (polygon first, then by name), every session
 * from the later of their first sessions to the earlier of their last where
 * one has a bar and the other not, or both have one and a price is more than
 * the tolerance of the larger apart, or the larger volume is more than the
 * ratio times the smaller. The first bar written of a session counts; only
 * symbols with two bars on one day are compared (the vectorised check reads
 * sources for those only). `rows` are one symbol's, sorted by date then id.
 */
export function reconcileSymbol(
  rows: readonly PerRowBar[],
  sessions: ReadonlySet<IsoDate>,
  rules: { readonly priceTolerance: number; readonly volumeRatio: number } = PER_ROW_RECONCILE_RULES,
): PerRowReconcileFinding[] {
  const days = new Set<IsoDate>();
  if (!rows.some((r) => (days.has(r.date) ? true : (days.add(r.date), false)))) return [];
  const bySource = new Map<string, Map<IsoDate, PerRowBar>>();
  for (const r of rows) {
    if (!sessions.has(r.date)) continue;
    if (!bySource.has(r.source)) bySource.set(r.source, new Map());
    const series = bySource.get(r.source) as Map<IsoDate, PerRowBar>;
    if (!series.has(r.date)) series.set(r.date, r);
  }
  const sources = [...bySource.keys()].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  const found: PerRowReconcileFinding[] = [];
  for (let i = 0; i < sources.length; i++) {
    for (let j = i + 1; j < sources.length; j++) {
      const [a, b] = [bySource.get(sources[i]), bySource.get(sources[j])] as Map<IsoDate, PerRowBar>[];
      const from = [firstOf(a), firstOf(b)].sort()[1];
      const to = [lastOf(a), lastOf(b)].sort()[0];
      const dates = [...new Set([...a.keys(), ...b.keys()])].filter((d) => d >= from && d <= to).sort();
      for (const date of dates) {
        const [x, y] = [a.get(date), b.get(date)];
        const symbol = rows[0].symbol;
        if (x === undefined || y === undefined) {
          found.push({ code: 'source_missing_session', symbol, date });
          continue;
        }
        const prices = (['open', 'high', 'low', 'close'] as const).some((p) => {
          const [u, v] = [x[p], y[p]];
          if (!(u > 0 && v > 0 && Number.isFinite(u) && Number.isFinite(v))) return false;
          return Math.abs(u - v) > Math.max(u, v) * rules.priceTolerance;
        });
        if (prices) found.push({ code: 'source_price_mismatch', symbol, date });
        if (Math.max(x.volume, y.volume) > Math.min(x.volume, y.volume) * rules.volumeRatio)
          found.push({ code: 'source_volume_mismatch', symbol, date });
      }
    }
  }
  return found;
}

const rank = (source: string) => (source === 'polygon' ? 0 : 1);
const firstOf = (series: Map<IsoDate, PerRowBar>) => [...series.keys()].sort()[0];
const lastOf = (series: Map<IsoDate, PerRowBar>) => [...series.keys()].sort().at(-1) as IsoDate;
