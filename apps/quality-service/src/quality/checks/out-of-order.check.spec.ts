import { UsEquityCalendar } from '@mdi/domain';
import pl from 'nodejs-polars';
import { perRowChecks } from '../../per-row-checks/per-row-checks';
import { buildContext } from '../analysis/quality-analyzer';
import { BAR_COLUMNS, BAR_FRAME_DTYPES, BATCH_FRAME_DTYPES, dayNumberOf } from '../loading/bar-frame';
import { outOfOrderCheck } from './out-of-order.check';

const calendar = new UsEquityCalendar();
// Sessions of one week: Monday 2024-09-09 to Friday 2024-09-13.
const SESSION = ['2024-09-09', '2024-09-10', '2024-09-11', '2024-09-12', '2024-09-13'];
const DAY = SESSION.map(dayNumberOf);

/** [symbol, session index, id, batch]: rows as a writer would leave them, prices irrelevant here. */
type Row = [string, number, number, number];

function frame(rows: Row[]) {
  const columns = {
    symbol: rows.map((r) => r[0]),
    day: rows.map((r) => DAY[r[1]]),
    id: rows.map((r) => r[2]),
    open: rows.map(() => 10),
    high: rows.map(() => 11),
    low: rows.map(() => 9),
    close: rows.map(() => 10),
    volume: rows.map(() => 1000),
  };
  return pl.DataFrame(
    Object.fromEntries(BAR_COLUMNS.map((name) => [name, pl.Series(name, columns[name], BAR_FRAME_DTYPES[name])])),
  );
}

/** The symbols whose batches the check asks for, and its findings given exactly those batches. */
function outOfOrder(rows: Row[]): { asked: string[]; found: string[] } {
  const context = buildContext(frame(rows), {
    calendar,
    now: new Date('2024-09-14T12:00:00Z'),
    activeSymbols: [],
    anomalyDetection: true,
  });
  const asked = [...(outOfOrderCheck.batchesNeeded?.(context) ?? [])].sort();
  const given = rows.filter((r) => asked.includes(r[0]));
  const batches = pl.DataFrame({
    id: pl.Series(
      'id',
      given.map((r) => r[2]),
      BATCH_FRAME_DTYPES.id,
    ),
    batch: pl.Series(
      'batch',
      given.map((r) => r[3]),
      BATCH_FRAME_DTYPES.batch,
    ),
    source: pl.Series(
      'source',
      given.map(() => 'polygon'),
      BATCH_FRAME_DTYPES.source,
    ),
  });
  return { asked, found: outOfOrderCheck.run({ ...context, batches }).map((f) => `${f.symbol} ${f.date}`) };
}

function loopOutOfOrder(rows: Row[]): string[] {
  const objects = rows.map(([symbol, session, id, batch]) => ({
    symbol,
    date: SESSION[session],
    id,
    batch,
    source: 'polygon',
    open: 10,
    high: 11,
    low: 9,
    close: 10,
    volume: 1000,
  }));
  return perRowChecks(objects, calendar, new Date('2024-09-14T12:00:00Z'), [])
    .filter((f) => f.code === 'out_of_order')
    .map((f) => `${f.symbol} ${f.date}`);
}

describe('out-of-order check', () => {
  // [name, rows, symbols whose batches are read, findings]
  const cases: Array<[string, Row[], string[], string[]]> = [
    [
      'one transaction in date order',
      [
        ['AAA', 0, 1, 7],
        ['AAA', 1, 2, 7],
        ['AAA', 2, 3, 7],
      ],
      [],
      [],
    ],
    // End-of-day first, the backfill of older sessions later: ids fall as dates rise, but across transactions.
    [
      'a backfill written after an end-of-day update',
      [
        ['AAA', 4, 1, 7],
        ['AAA', 0, 2, 8],
        ['AAA', 1, 3, 8],
        ['AAA', 2, 4, 8],
      ],
      ['AAA'],
      [],
    ],
    [
      'two sessions of one transaction written the later one first',
      [
        ['AAA', 0, 1, 7],
        ['AAA', 2, 2, 8],
        ['AAA', 1, 3, 8],
      ],
      ['AAA'],
      ['AAA 2024-09-10'],
    ],
    // Batch 8 holds ids 20 (Friday) and 22 (Wednesday); batch 9's row sits between them in date order.
    [
      'an inversion inside a transaction with another transaction between its rows',
      [
        ['AAA', 4, 20, 8],
        ['AAA', 3, 21, 9],
        ['AAA', 2, 22, 8],
      ],
      ['AAA'],
      ['AAA 2024-09-11'],
    ],
    [
      'each symbol on its own: the same transaction may write several symbols',
      [
        ['AAA', 1, 1, 7],
        ['BBB', 0, 2, 7],
        ['AAA', 2, 3, 7],
        ['BBB', 1, 4, 7],
      ],
      [],
      [],
    ],
    [
      'only the symbol out of order is read and reported',
      [
        ['AAA', 0, 1, 7],
        ['AAA', 1, 2, 7],
        ['BBB', 1, 3, 7],
        ['BBB', 0, 4, 7],
      ],
      ['BBB'],
      ['BBB 2024-09-09'],
    ],
  ];

  it.each(cases)('%s', (_name, rows, asked, expected) => {
    expect(outOfOrder(rows)).toEqual({ asked, found: expected });
    expect(loopOutOfOrder(rows)).toEqual(expected);
  });
});
