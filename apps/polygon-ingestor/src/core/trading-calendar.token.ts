/**
 * Injection token of the TradingCalendar. The offline UsEquityCalendar
 * (NYSE rules, early closes, special closures) is provided today; Alpaca's
 * calendar belongs to the alpaca scope, so it is not called from here.
 */
export const TRADING_CALENDAR = Symbol('TRADING_CALENDAR');
