import { Router } from '../http/router';
import { SimRequest, SimResponse, header, json } from '../http/http-types';
import { SimContext } from '../sim/sim-context';
import { AlpacaKey } from '../sim/sim-options';
import { calendarHandler, clockHandler } from './alpaca-calendar.handler';
import { alpacaDataInvalid } from './alpaca-bars-params';
import { stockBarsHandler } from './alpaca-bars.handler';
import { AlpacaDisagreements } from './alpaca-disagreements';
import { AlpacaLedger } from './alpaca-ledger';
import { AlpacaBadParam, alpacaInvalid } from './alpaca-params';
import { accountHandler, activitiesHandler, ordersHandler, positionsHandler } from './alpaca-trading.handler';

/** A bad parameter answers the API's envelope: 422 on the trading API, 400 on the market-data API. */
function guarded(fn: (req: SimRequest) => SimResponse, invalid: (message: string) => SimResponse) {
  return (req: SimRequest): SimResponse => {
    try {
      return fn(req);
    } catch (e) {
      if (e instanceof AlpacaBadParam) return invalid(e.message);
      throw e;
    }
  };
}

export function addAlpacaRoutes(
  router: Router,
  ctx: SimContext,
  ledger: AlpacaLedger,
  disagreements: AlpacaDisagreements,
): void {
  const route = (pattern: string, endpoint: string, handler: (req: SimRequest) => SimResponse) =>
    router.add({ method: 'GET', pattern, provider: 'alpaca', endpoint, handler: guarded(handler, alpacaInvalid) });
  route('/v2/account', 'alpaca.account', accountHandler(ctx, ledger));
  route('/v2/positions', 'alpaca.positions', positionsHandler(ctx, ledger));
  route('/v2/orders', 'alpaca.orders', ordersHandler(ledger));
  route('/v2/account/activities', 'alpaca.activities', activitiesHandler(ledger));
  route('/v2/account/activities/:type', 'alpaca.activities', activitiesHandler(ledger));
  route('/v2/calendar', 'alpaca.calendar', calendarHandler(ctx));
  route('/v2/clock', 'alpaca.clock', clockHandler(ctx));
  // Market data (data.alpaca.markets in production; the same host here).
  router.add({
    method: 'GET',
    pattern: '/v2/stocks/bars',
    provider: 'alpaca',
    endpoint: 'alpaca.bars',
    handler: guarded(stockBarsHandler(ctx, disagreements), alpacaDataInvalid),
  });
}

const NOT_AUTHORIZED = { code: 40110000, message: 'request is not authorized' };

/** Missing headers: 401; an unknown key id or a wrong secret: 403 (same body, as Alpaca sends both). */
export function alpacaAuth(keys: readonly AlpacaKey[], req: SimRequest): { key?: string; failure?: SimResponse } {
  const keyId = header(req, 'apca-api-key-id');
  const secret = header(req, 'apca-api-secret-key');
  if (!keyId || !secret) return { key: keyId, failure: json(401, NOT_AUTHORIZED) };
  const known = keys.find((k) => k.keyId === keyId);
  if (!known || known.secret !== secret) return { key: keyId, failure: json(403, NOT_AUTHORIZED) };
  return { key: keyId };
}
