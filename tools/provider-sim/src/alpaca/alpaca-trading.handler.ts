import { etDate } from '../calendar/eastern-time';
import { SimRequest, SimResponse, json } from '../http/http-types';
import { SimContext } from '../sim/sim-context';
import { AlpacaLedger } from './alpaca-ledger';
import { OPEN_STATUSES, orderStatus } from './alpaca-model';
import { AlpacaBadParam, enumParam, intParam, timeParam } from './alpaca-params';
import { accountView, fillView, orderView, positionsView } from './alpaca-views';

export const ACTIVITY_TYPES = [
  'FILL',
  'TRANS',
  'MISC',
  'ACATC',
  'ACATS',
  'CSD',
  'CSW',
  'DIV',
  'DIVCGL',
  'DIVCGS',
  'DIVNRA',
  'DIVROC',
  'DIVTXEX',
  'FEE',
  'INT',
  'JNLC',
  'JNLS',
  'MA',
  'NC',
  'OPASN',
  'OPEXP',
  'OPXRC',
  'PTC',
  'REORG',
  'SPIN',
  'SPLIT',
];
const PAGE_TOKEN_RE = /^\d{17}::[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const accountHandler = (ctx: SimContext, ledger: AlpacaLedger) => (): SimResponse =>
  json(200, accountView(ctx, ledger));

export const positionsHandler = (ctx: SimContext, ledger: AlpacaLedger) => (): SimResponse =>
  json(200, positionsView(ctx, ledger));

/** GET /v2/orders: no cursor; clients page by moving after/until (exclusive, on submitted_at). */
export const ordersHandler =
  (ledger: AlpacaLedger) =>
  (req: SimRequest): SimResponse => {
    const q = req.query;
    const status = enumParam(q, 'status', ['open', 'closed', 'all'] as const, 'open');
    const limit = intParam(q, 'limit', 50, 500);
    const direction = enumParam(q, 'direction', ['asc', 'desc'] as const, 'desc');
    enumParam(q, 'nested', ['true', 'false'] as const, 'false');
    const side = q.get('side') === null ? undefined : enumParam(q, 'side', ['buy', 'sell'] as const, 'buy');
    const after = timeParam(q, 'after');
    const until = timeParam(q, 'until');
    const symbols = q
      .get('symbols')
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const rows = ledger.orders
      .filter((o) => {
        const open = OPEN_STATUSES.includes(orderStatus(o));
        return (
          (status === 'all' || (status === 'open') === open) &&
          (after === undefined || o.submittedMs > after) &&
          (until === undefined || o.submittedMs < until) &&
          (!symbols || symbols.includes(o.symbol)) &&
          (!side || o.side === side)
        );
      })
      .sort((a, b) => a.submittedMs - b.submittedMs || a.id.localeCompare(b.id));
    if (direction === 'desc') rows.reverse();
    return json(200, rows.slice(0, limit).map(orderView));
  };

/** GET /v2/account/activities[/{type}]: page_token is the id of the previous page's last item. */
export const activitiesHandler =
  (ledger: AlpacaLedger) =>
  (req: SimRequest): SimResponse => {
    const q = req.query;
    const fromPath = req.params.type ? [req.params.type] : undefined;
    const types =
      fromPath ??
      q
        .get('activity_types')
        ?.split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    for (const t of types ?? [])
      if (!ACTIVITY_TYPES.includes(t)) throw new AlpacaBadParam(`invalid activity type: ${t}`);
    const direction = enumParam(q, 'direction', ['asc', 'desc'] as const, 'desc');
    const date = q.get('date');
    const after = timeParam(q, 'after');
    const until = timeParam(q, 'until');
    if (date !== null && (after !== undefined || until !== undefined))
      throw new AlpacaBadParam('date cannot be used with after or until');
    if (date !== null && !/^\d{4}-\d{2}-\d{2}$/.test(date))
      throw new AlpacaBadParam('invalid date: must be YYYY-MM-DD');
    const pageSize = date !== null ? Number.MAX_SAFE_INTEGER : intParam(q, 'page_size', 100, 100);
    const token = q.get('page_token');
    if (token !== null && !PAGE_TOKEN_RE.test(token)) throw new AlpacaBadParam('invalid page_token');

    const rows = (types && !types.includes('FILL') ? [] : ledger.fills())
      .filter(
        (f) =>
          (date === null || etDate(f.timeMs) === date) &&
          (after === undefined || f.timeMs > after) &&
          (until === undefined || f.timeMs < until) &&
          (token === null || (direction === 'desc' ? f.id < token : f.id > token)),
      )
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    if (direction === 'desc') rows.reverse();
    return json(200, rows.slice(0, pageSize).map(fillView));
  };
