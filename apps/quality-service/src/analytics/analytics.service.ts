import { addDays, type IsoDate } from '@mdi/domain';
import { Injectable } from '@nestjs/common';
import pl from 'nodejs-polars';
import { DataSource } from 'typeorm';
import { dayNumberOf, isoDateOfDay } from '../quality/loading/bar-frame';
import { loadBarFrame } from '../quality/loading/bar-frame.loader';
import { computeIndicators, warmupSessions } from './indicators/compute-indicators';
import type { IndicatorRequest } from './indicators/indicator-registry';

export interface IndicatorSeries {
  readonly symbol: string;
  readonly from: IsoDate;
  readonly to: IsoDate;
  readonly columns: string[];
  readonly bars: Record<string, number | string | null>[];
}

/** The seed's DataAnalytics.calculate_technical_indicators for one symbol. */
@Injectable()
export class AnalyticsService {
  constructor(private readonly dataSource: DataSource) {}

  async indicators(
    symbol: string,
    from: IsoDate,
    to: IsoDate,
    requests: readonly IndicatorRequest[],
  ): Promise<IndicatorSeries> {
    // History before `from` warms the indicators up; ~7/5 calendar days per session, plus holidays.
    const lookbackDays = Math.ceil((warmupSessions(requests) * 7) / 5) + 10;
    // One symbol's bars are few: one stream, which also never waits behind a quality run's load.
    const raw = await loadBarFrame(this.dataSource, {
      symbols: [symbol],
      from: addDays(from, -lookbackDays),
      to,
      streams: 1,
    });
    const bars = raw
      .sort(['day', 'id'])
      .unique({ subset: ['day'], keep: 'first', maintainOrder: true })
      .select('day', 'open', 'high', 'low', 'close', 'volume');
    const computed = computeIndicators(bars, requests).filter(pl.col('day').gtEq(dayNumberOf(from)));
    const columns = computed.columns.filter(
      (name) => !['day', 'open', 'high', 'low', 'close', 'volume'].includes(name),
    );
    const rows = computed.toRecords() as Record<string, number | null>[];
    return {
      symbol,
      from,
      to,
      columns,
      bars: rows.map(({ day, ...values }) => ({ date: isoDateOfDay(day as number), ...finite(values) })),
    };
  }
}

/** JSON has no NaN or Infinity: a value that is not finite is reported as null. */
function finite(values: Record<string, number | null>): Record<string, number | null> {
  return Object.fromEntries(
    Object.entries(values).map(([key, value]) => [key, value === null || Number.isFinite(value) ? value : null]),
  );
}
