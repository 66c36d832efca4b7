import { symbolProblem } from '../market-data/symbol-rule';
import { POLYGON_JOBS } from '../queues/polygon-jobs';
import { assertIsoDate, isIsoDate, type IsoDate } from '../time/iso-date';
import { bipartiteGraphOf, edgeCountOf, type BipartiteGraph } from './bipartite-graph';
import {
  MAX_BARS_PER_RANGE_CALL,
  type CallCoverage,
  type FillCall,
  type FillPlan,
  type FillPlanInput,
  type LedgerCell,
} from './fill-plan';
import { minimumVertexCover } from './minimum-vertex-cover';
import { rangeChunks } from './range-chunks';

/**
 * The fewest Polygon calls that fill every missing cell.
 *
 * A range call for symbol s fills every cell of s; a grouped-daily call for
 * date d fills every cell on d. In the bipartite graph symbols × dates with
 * an edge per missing cell, a set of calls fills every cell exactly when its
 * symbols and dates touch every edge: a vertex cover. The fewest calls is a
 * minimum vertex cover, found exactly by König's theorem from a Hopcroft–Karp
 * maximum matching (see minimum-vertex-cover.ts), in O(E·√V).
 *
 * That is exact while each chosen symbol needs one range call, i.e. its
 * remaining cells span at most `maxBarsPerRangeCall` calendar days (50,000
 * days is 136 years: always, for daily bars). A wider span is split into
 * several calls, all counted in `callCount`, but the split is not weighed when
 * choosing between symbols and dates, so such a plan is valid, not proven
 * minimal.
 *
 * A chosen symbol's range runs from its first to its last cell not already
 * filled by a chosen grouped call, so it downloads no more than it needs.
 * Everything is sorted (symbols, dates, calls), so the same ledger gives the
 * same calls and job ids on every replica.
 */
export function planFill(input: FillPlanInput): FillPlan {
  const maxBars = input.maxBarsPerRangeCall ?? MAX_BARS_PER_RANGE_CALL;
  validateArguments(input, maxBars);

  const { symbols, dates, graph } = indexCells(input.missing, input.from, input.to);
  const cover = minimumVertexCover(graph);

  const groupedSymbols: string[][] = dates.map(() => []);
  const rangeDates: IsoDate[][] = symbols.map(() => []);
  for (let u = 0; u < graph.leftCount; u++) {
    for (let e = graph.start[u]; e < graph.start[u + 1]; e++) {
      const v = graph.adjacency[e];
      if (cover.right[v] === 1) {
        groupedSymbols[v].push(symbols[u]);
      } else {
        rangeDates[u].push(dates[v]);
      }
    }
  }

  const coverage: CallCoverage[] = [];
  dates.forEach((date, v) => {
    if (cover.right[v] === 1) {
      coverage.push(covering({ kind: 'grouped-daily', date }, groupedSymbols[v], [date]));
    }
  });
  symbols.forEach((symbol, u) => {
    for (const chunk of rangeChunks(rangeDates[u], maxBars)) {
      const job: FillCall = {
        kind: 'aggregates-range',
        symbol,
        from: chunk[0],
        to: chunk[chunk.length - 1],
        adjusted: false,
      };
      coverage.push(covering(job, [symbol], chunk));
    }
  });

  const cellCount = edgeCountOf(graph);
  const callCount = coverage.length;
  return {
    calls: coverage.map((c) => c.job),
    callCount,
    cellCount,
    naiveCallCount: cellCount,
    estimatedSeconds: (callCount / input.budget.calls) * (input.budget.windowMs / 1000),
    coverage,
  };
}

function covering(job: FillCall, symbols: readonly string[], dates: readonly IsoDate[]): CallCoverage {
  return { jobId: POLYGON_JOBS.idFor(job), job, symbols, dates };
}

function validateArguments(input: FillPlanInput, maxBars: number): void {
  assertIsoDate(input.from, 'from');
  assertIsoDate(input.to, 'to');
  if (input.from > input.to) {
    throw new RangeError(`from ${input.from} is after to ${input.to}`);
  }
  const { calls, windowMs } = input.budget;
  if (!Number.isSafeInteger(calls) || calls <= 0) {
    throw new RangeError(`budget.calls must be a positive integer, got ${calls}`);
  }
  if (!Number.isFinite(windowMs) || windowMs <= 0) {
    throw new RangeError(`budget.windowMs must be a positive number, got ${windowMs}`);
  }
  if (!Number.isSafeInteger(maxBars) || maxBars <= 0) {
    throw new RangeError(`maxBarsPerRangeCall must be a positive integer, got ${maxBars}`);
  }
}

interface IndexedCells {
  readonly symbols: string[];
  readonly dates: IsoDate[];
  readonly graph: BipartiteGraph;
}

/** Numbers symbols and dates in sorted order and builds the cell graph; validates each distinct value once. */
function indexCells(cells: readonly LedgerCell[], from: IsoDate, to: IsoDate): IndexedCells {
  const symbolIds = new Map<string, number>();
  const dateIds = new Map<string, number>();
  const left = new Int32Array(cells.length);
  const right = new Int32Array(cells.length);
  for (let i = 0; i < cells.length; i++) {
    const { symbol, date } = cells[i];
    let s = symbolIds.get(symbol);
    if (s === undefined) {
      const problem = symbolProblem(symbol, `missing[${i}].symbol`);
      if (problem) {
        throw new RangeError(problem);
      }
      s = symbolIds.size;
      symbolIds.set(symbol, s);
    }
    let d = dateIds.get(date);
    if (d === undefined) {
      if (!isIsoDate(date)) {
        throw new RangeError(`missing[${i}].date must be a YYYY-MM-DD calendar date, got ${JSON.stringify(date)}`);
      }
      if (date < from || date > to) {
        throw new RangeError(`missing[${i}].date ${date} is outside the window ${from}..${to}`);
      }
      d = dateIds.size;
      dateIds.set(date, d);
    }
    left[i] = s;
    right[i] = d;
  }
  const symbols = sortedKeys(symbolIds, left);
  const dates = sortedKeys(dateIds, right);
  return { symbols, dates, graph: bipartiteGraphOf(symbols.length, dates.length, left, right) };
}

/** The keys in sorted order; renumbers `ids` in place from first-seen order to sorted order. */
function sortedKeys(idOf: Map<string, number>, ids: Int32Array): string[] {
  const keys = [...idOf.keys()].sort();
  const rank = new Int32Array(keys.length);
  keys.forEach((key, sortedId) => {
    rank[idOf.get(key) as number] = sortedId;
  });
  for (let i = 0; i < ids.length; i++) {
    ids[i] = rank[ids[i]];
  }
  return keys;
}
