import { UsEquityCalendar } from '@mdi/domain';
import type { Provider } from '@nestjs/common';

export const TRADING_CALENDAR = Symbol('TRADING_CALENDAR');

/**
 * The offline rule-based calendar: checks must not depend on a provider
 * being reachable (Alpaca's calendar is the ingestors' concern).
 */
export const tradingCalendarProvider: Provider = { provide: TRADING_CALENDAR, useValue: new UsEquityCalendar() };
