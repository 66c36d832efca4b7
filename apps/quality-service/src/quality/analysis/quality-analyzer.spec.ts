import { UsEquityCalendar } from '@mdi/domain';
import pl from 'nodejs-polars';
import { BAR_COLUMNS, BAR_FRAME_DTYPES, dayNumberOf } from '../loading/bar-frame';
import { buildContext } from './quality-analyzer';

const calendar = new UsEquityCalendar();

/** [symbol, date, id]: bars in the order a COPY might deliver them. */
function frame(rows: Array<[string, string, number]>) {
  const columns: Record<string, unknown[]> = {
    symbol: rows.map((r) => r[0]),
    day: rows.map((r) => dayNumberOf(r[1])),
    id: rows.map((r) => r[2]),
    open: rows.map(() => 10),
    high: rows.map(() => 11),
    low: rows.map(() => 9),
    close: rows.map((r) => r[2]),
    volume: rows.map(() => 1000),
  };
  return pl.DataFrame(
    Object.fromEntries(BAR_COLUMNS.map((name) => [name, pl.Series(name, columns[name], BAR_FRAME_DTYPES[name])])),
  );
}

/** The rows of each symbol must be contiguous: checks compare a row with the one before it. */
function expectSymbolsContiguous(rows: string[]): void {
  const runs = rows.map((r) => r.split(' ')[0]).filter((symbol, i, all) => i === 0 || symbol !== all[i - 1]);
  expect(runs).toEqual([...new Set(runs)]);
}

function ordered(rows: Array<[string, string, number]>): string[] {
  const context = buildContext(frame(rows), {
    calendar,
    now: new Date('2024-09-14T12:00:00Z'),
    activeSymbols: [],
    anomalyDetection: true,
  });
  const symbolOf = new Map(
    (context.symbols.toRecords() as Array<{ sid: number; symbol: string }>).map((r) => [r.sid, r.symbol]),
  );
  return (context.ordered.toRecords() as Array<{ sid: number; day: number; id: number; repeat: boolean }>).map(
    (r) => `${symbolOf.get(r.sid)} ${r.day} ${r.id}${r.repeat ? ' repeat' : ''}`,
  );
}

describe('buildContext: the ordered frame', () => {
  const shuffled: Array<[string, string, number]> = [
    ['BBB', '2024-09-10', 7],
    ['AAA', '2024-09-11', 3],
    ['AAA', '2024-09-10', 9],
    ['BBB', '2024-09-09', 1],
    ['AAA', '2024-09-10', 2],
    ['AAA', '2024-09-09', 8],
  ];

  it('sorts by symbol, day and id, and marks every bar after the first written for its session as a repeat', () => {
    const rows = ordered(shuffled);
    expectSymbolsContiguous(rows);
    // Symbol ids are categorical codes (first seen first), so compare per symbol.
    expect(rows.filter((r) => r.startsWith('AAA'))).toEqual([
      `AAA ${dayNumberOf('2024-09-09')} 8`,
      `AAA ${dayNumberOf('2024-09-10')} 2`,
      `AAA ${dayNumberOf('2024-09-10')} 9 repeat`,
      `AAA ${dayNumberOf('2024-09-11')} 3`,
    ]);
    expect(rows.filter((r) => r.startsWith('BBB'))).toEqual([
      `BBB ${dayNumberOf('2024-09-09')} 1`,
      `BBB ${dayNumberOf('2024-09-10')} 7`,
    ]);
  });

  it('gives the same order when the days span more than 16 bits (the wide key)', () => {
    // 1800 to 2024: more than 65,536 days, so (sid, day) no longer packs into 32 bits.
    const wide: Array<[string, string, number]> = [...shuffled, ['AAA', '1800-01-02', 50], ['BBB', '1800-01-02', 40]];
    const rows = ordered(wide);
    expectSymbolsContiguous(rows);
    expect(rows.filter((r) => r.startsWith('AAA'))).toEqual([
      `AAA ${dayNumberOf('1800-01-02')} 50`,
      `AAA ${dayNumberOf('2024-09-09')} 8`,
      `AAA ${dayNumberOf('2024-09-10')} 2`,
      `AAA ${dayNumberOf('2024-09-10')} 9 repeat`,
      `AAA ${dayNumberOf('2024-09-11')} 3`,
    ]);
    expect(rows.filter((r) => r.startsWith('BBB'))[0]).toBe(`BBB ${dayNumberOf('1800-01-02')} 40`);
  });

  it('handles an empty frame', () => {
    expect(ordered([])).toEqual([]);
  });
});
