import { etToUtcMs } from '../calendar/eastern-time';
import { TradingCalendar } from '../calendar/trading-calendar';
import { BarGenerator, RawBar } from './bar.generator';
import { round4 } from './prng';
import { Split, TickerInfo, Universe } from './universe.generator';

export interface DailyBar extends RawBar {
  date: string;
}

/** Bars as Polygon serves them: raw or split-adjusted as of the last published session. */
export class MarketDataStore {
  private readonly generator: BarGenerator;
  private readonly splitsByTicker = new Map<string, Split[]>();

  constructor(
    seed: number,
    readonly calendar: TradingCalendar,
    readonly universe: Universe,
  ) {
    for (const s of universe.splits) {
      const list = this.splitsByTicker.get(s.ticker) ?? [];
      list.push(s);
      this.splitsByTicker.set(s.ticker, list);
    }
    this.generator = new BarGenerator(seed, calendar, this.splitsByTicker);
  }

  ticker(symbol: string): TickerInfo | undefined {
    return this.universe.bySymbol.get(symbol);
  }

  /** Divisor applied to raw prices of `date` for splits known by `asOf`. */
  private adjustment(ticker: string, date: string, asOf: string): number {
    let ratio = 1;
    for (const s of this.splitsByTicker.get(ticker) ?? []) {
      if (s.executionDate > date && s.executionDate <= asOf) ratio *= s.splitTo / s.splitFrom;
    }
    return ratio;
  }

  private bar(info: TickerInfo, index: number, adjusted: boolean, asOf: string): DailyBar {
    const date = this.calendar.sessions[index].date;
    const raw = this.generator.rawBar(info, index);
    const ratio = adjusted ? this.adjustment(info.ticker, date, asOf) : 1;
    if (ratio === 1) return { ...raw, date };
    return {
      date,
      o: round4(raw.o / ratio),
      h: round4(raw.h / ratio),
      l: round4(raw.l / ratio),
      c: round4(raw.c / ratio),
      vw: round4(raw.vw / ratio),
      v: Math.round(raw.v * ratio),
      n: raw.n,
    };
  }

  /** Bars of one ticker for sessions in [from, to], never after `lastPublished`. */
  range(info: TickerInfo, from: string, to: string, adjusted: boolean, lastPublished: string): DailyBar[] {
    const end = to < lastPublished ? to : lastPublished;
    const bars: DailyBar[] = [];
    for (const s of this.calendar.between(from, end)) {
      if (!this.generator.hasBar(info, s.date)) continue;
      bars.push(this.bar(info, this.calendar.indexOf(s.date) as number, adjusted, lastPublished));
    }
    return bars;
  }

  /** Every ticker's bar on one session, sorted by ticker. */
  grouped(date: string, adjusted: boolean, lastPublished: string): Array<DailyBar & { ticker: string }> {
    const index = this.calendar.indexOf(date);
    if (index === undefined || date > lastPublished) return [];
    return this.universe.tickers
      .filter((info) => this.generator.hasBar(info, date))
      .map((info) => ({ ...this.bar(info, index, adjusted, lastPublished), ticker: info.ticker }));
  }

  /** Latest published close in today's share basis (for Alpaca valuations). */
  latestClose(symbol: string, lastPublished: string): number | undefined {
    const info = this.ticker(symbol);
    if (!info) return undefined;
    const i = this.calendar.lastIndexOnOrBefore(
      info.delistDate && info.delistDate < lastPublished ? info.delistDate : lastPublished,
    );
    if (i < 0) return undefined;
    return this.bar(info, i, true, lastPublished).c;
  }

  /** The session's bar for a ticker (adjusted), if it traded that day. */
  barOn(symbol: string, date: string, lastPublished: string): DailyBar | undefined {
    const info = this.ticker(symbol);
    const index = this.calendar.indexOf(date);
    if (!info || index === undefined || !this.generator.hasBar(info, date)) return undefined;
    return this.bar(info, index, true, lastPublished);
  }

  static rangeT(date: string): number {
    return etToUtcMs(date, 0);
  }

  static groupedT(date: string): number {
    return etToUtcMs(date, 16);
  }
}
