import { SimContext } from '../sim/sim-context';
import { DailyBar } from '../data/market-data.store';
import { rngFor, round4 } from '../data/prng';

/** How far the planted wrong close is from Polygon's (3%: beyond any sane reconciliation tolerance). */
export const WRONG_CLOSE_FACTOR = 1.03;
/** Alpaca's volume on the planted session is Polygon's times this. */
export const VOLUME_FACTOR = 10;

export type DisagreementKind = 'wrong-close' | 'missing-session' | 'volume-factor';

/** A raw (unadjusted) bar as both sources print it. */
export type PlantedBar = Omit<DailyBar, 'date'>;

/**
 * One place where the simulator's Alpaca bars differ on purpose from its
 * Polygon bars (same symbol, same session, raw prices). `polygon` is the bar
 * Polygon serves; `alpaca` is what Alpaca serves instead (null: no bar).
 */
export interface PlantedDisagreement {
  readonly kind: DisagreementKind;
  readonly symbol: string;
  readonly date: string;
  readonly polygon: PlantedBar;
  readonly alpaca: PlantedBar | null;
}

/** Sessions before the start-up day's last session where the three disagreements sit. */
const SESSIONS_BACK: Record<DisagreementKind, number> = {
  'wrong-close': 15,
  'missing-session': 40,
  'volume-factor': 65,
};

/**
 * The planted disagreements: three different symbols among the default ones
 * (no split, no delisting, no IPO, so a raw and a split-adjusted series
 * disagree in the same way), chosen by the seed, on sessions placed relative
 * to the start-up day (like every generated event). The same seed and start-up
 * day give the same list, and nothing else differs between the two sources.
 */
export function plantDisagreements(ctx: SimContext): PlantedDisagreement[] {
  const { universe, calendar } = ctx.store;
  const split = new Set(universe.splits.map((s) => s.ticker));
  const candidates = universe.tickers
    .slice(0, 100)
    .filter((t) => !t.listDate && !t.delistDate && !split.has(t.ticker))
    .map((t) => t.ticker);
  const rng = rngFor(ctx.seed, 'alpaca-disagreements');
  const lastIndex = calendar.lastIndexOnOrBefore(ctx.anchorDate);
  const planted: PlantedDisagreement[] = [];
  for (const kind of Object.keys(SESSIONS_BACK) as DisagreementKind[]) {
    if (candidates.length === 0) break;
    const symbol = candidates.splice(Math.floor(rng() * candidates.length), 1)[0];
    const index = lastIndex - SESSIONS_BACK[kind];
    if (index < 0) continue;
    const date = calendar.sessions[index].date;
    const bar = ctx.store.barOn(symbol, date, date);
    if (!bar) continue;
    const { date: _date, ...polygon } = bar;
    planted.push({ kind, symbol, date, polygon, alpaca: alpacaVersion(kind, polygon) });
  }
  return planted;
}

function alpacaVersion<B extends PlantedBar>(kind: DisagreementKind, bar: B): B | null {
  if (kind === 'missing-session') return null;
  if (kind === 'volume-factor') return { ...bar, v: bar.v * VOLUME_FACTOR };
  // A wrong close stretches high only as far as a valid bar needs.
  const c = round4(bar.c * WRONG_CLOSE_FACTOR);
  return { ...bar, c, h: Math.max(bar.h, c) };
}

/** Looks planted bars up by symbol and session; applies them to served bars (raw or split-adjusted). */
export class AlpacaDisagreements {
  private readonly byKey = new Map<string, PlantedDisagreement>();

  constructor(readonly planted: readonly PlantedDisagreement[]) {
    for (const p of planted) this.byKey.set(`${p.symbol}|${p.date}`, p);
  }

  /** The bar Alpaca serves for this Polygon bar: itself, changed, or null (dropped). */
  apply(symbol: string, bar: DailyBar): DailyBar | null {
    const p = this.byKey.get(`${symbol}|${bar.date}`);
    if (!p) return bar;
    return alpacaVersion(p.kind, bar);
  }
}
