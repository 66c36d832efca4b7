import { etIso } from '../calendar/eastern-time';
import { CALENDAR_LAST_DATE } from '../calendar/nyse-holidays.data';
import { SimRequest, SimResponse, json } from '../http/http-types';
import { SimContext } from '../sim/sim-context';
import { AlpacaBadParam, enumParam } from './alpaca-params';

/** Accepts YYYY-MM-DD and full ISO timestamps (the 4.x SDK sends 2024-07-01T00:00:00.000Z). */
function dateParam(q: URLSearchParams, name: string, fallback: string): string {
  const v = q.get(name);
  if (v === null) return fallback;
  const date = v.slice(0, 10);
  const ok = /^\d{4}-\d{2}-\d{2}$/.test(date) && (v.length === 10 || (v[10] === 'T' && Number.isFinite(Date.parse(v))));
  if (!ok || new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) !== date) {
    throw new AlpacaBadParam(`invalid ${name}: must be YYYY-MM-DD or an RFC3339 timestamp`);
  }
  return date;
}

export const calendarHandler =
  (ctx: SimContext) =>
  (req: SimRequest): SimResponse => {
    const { calendar } = ctx;
    const start = dateParam(req.query, 'start', calendar.firstDate);
    const end = dateParam(req.query, 'end', CALENDAR_LAST_DATE);
    const dateType = enumParam(req.query, 'date_type', ['TRADING', 'SETTLEMENT'] as const, 'TRADING');
    const rows = calendar.sessions
      .map((s) => ({
        date: s.date,
        open: '09:30',
        close: s.close,
        session_open: '0400',
        session_close: s.earlyClose ? '1700' : '2000',
        settlement_date: calendar.settlementDate(s.date),
      }))
      .filter((r) => {
        const key = dateType === 'TRADING' ? r.date : r.settlement_date;
        return key >= start && key <= end;
      });
    return json(200, rows);
  };

export const clockHandler = (ctx: SimContext) => (): SimResponse => {
  const now = ctx.clock.now();
  const { sessions } = ctx.calendar;
  // The first session whose close is still ahead.
  const next = sessions.find((s) => s.closeMs > now);
  const isOpen = next !== undefined && now >= next.openMs;
  const nextOpenSession =
    next && now < next.openMs ? next : sessions[sessions.indexOf(next as (typeof sessions)[number]) + 1];
  const ms = String(new Date(now).getUTCMilliseconds()).padStart(3, '0');
  return json(200, {
    timestamp: etIso(now, `.${ms}000000`),
    is_open: isOpen,
    next_open: nextOpenSession ? etIso(nextOpenSession.openMs) : null,
    next_close: next ? etIso(next.closeMs) : null,
  });
};
