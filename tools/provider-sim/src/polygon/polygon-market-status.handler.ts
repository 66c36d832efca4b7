import { etIso, etParts, etToUtcMs } from '../calendar/eastern-time';
import { NYSE_HOLIDAYS } from '../calendar/nyse-holidays.data';
import { SimResponse, json } from '../http/http-types';
import { SimContext } from '../sim/sim-context';

/** Bare array of holidays from today on, one row per exchange (no envelope, like Polygon). */
export function upcomingHandler(ctx: SimContext) {
  return (): SimResponse => {
    const today = ctx.clock.today();
    const rows: Array<Record<string, string>> = [];
    for (const h of NYSE_HOLIDAYS) {
      if (h.date < today) continue;
      for (const exchange of ['NYSE', 'NASDAQ']) {
        const row: Record<string, string> = { date: h.date, exchange, name: h.name, status: h.status };
        if (h.status === 'early-close') {
          row.open = new Date(etToUtcMs(h.date, 9, 30)).toISOString();
          row.close = new Date(etToUtcMs(h.date, 13)).toISOString();
        }
        rows.push(row);
      }
    }
    return json(200, rows);
  };
}

export type MarketPhase = 'open' | 'closed' | 'extended-hours';

/** Regular session, pre-market (04:00-open) or after-hours (close-20:00, 17:00 on early closes). */
export function marketPhase(
  ctx: SimContext,
  now: number,
): { market: MarketPhase; earlyHours: boolean; afterHours: boolean } {
  const date = etParts(now).date;
  const index = ctx.calendar.indexOf(date);
  if (index === undefined) return { market: 'closed', earlyHours: false, afterHours: false };
  const s = ctx.calendar.sessions[index];
  const preOpen = etToUtcMs(date, 4);
  const postClose = etToUtcMs(date, s.earlyClose ? 17 : 20);
  if (now >= s.openMs && now < s.closeMs) return { market: 'open', earlyHours: false, afterHours: false };
  if (now >= preOpen && now < s.openMs) return { market: 'extended-hours', earlyHours: true, afterHours: false };
  if (now >= s.closeMs && now < postClose) return { market: 'extended-hours', earlyHours: false, afterHours: true };
  return { market: 'closed', earlyHours: false, afterHours: false };
}

export function marketNowHandler(ctx: SimContext) {
  return (): SimResponse => {
    const now = ctx.clock.now();
    const phase = marketPhase(ctx, now);
    const exchangeState =
      phase.market === 'open' ? 'open' : phase.market === 'extended-hours' ? 'extended-hours' : 'closed';
    const indices = phase.market === 'open' ? 'open' : 'closed';
    return json(200, {
      afterHours: phase.afterHours,
      currencies: { crypto: 'open', fx: new Date(now).getUTCDay() === 6 ? 'closed' : 'open' },
      earlyHours: phase.earlyHours,
      exchanges: { nasdaq: exchangeState, nyse: exchangeState, otc: exchangeState },
      indicesGroups: {
        cccy: 'open',
        cgi: indices,
        dow_jones: indices,
        ftse_russell: indices,
        msci: indices,
        mstar: indices,
        mstarc: indices,
        nasdaq: indices,
        s_and_p: indices,
        societe_generale: indices,
      },
      market: phase.market,
      serverTime: etIso(now),
    });
  };
}
