import pl, { type DataFrame } from 'nodejs-polars';
import type { CheckContext } from './quality-check';

/** Columns of one source's bar that two series are compared on. */
const COMPARED_COLUMNS = ['open', 'high', 'low', 'close', 'volume'] as const;

/**
 * The symbols that hold bars of more than one source: only they have more
 * than one bar in some session (the bulk frame has no source column, and
 * one source's second bar of a session is rare), so only their sources are
 * read.
 */
export function symbolsWithSecondBar({ ordered, symbols }: Pick<CheckContext, 'ordered' | 'symbols'>): DataFrame {
  let found = secondBars.get(ordered);
  if (found === undefined) {
    const suspects = ordered.filter(pl.col('repeat')).select('sid').unique();
    found = symbols.join(suspects, { on: 'sid', how: 'semi' });
    secondBars.set(ordered, found);
  }
  return found;
}

/** symbolsWithSecondBar per analysed frame: four checks ask it of each batch. */
const secondBars = new WeakMap<DataFrame, DataFrame>();

/**
 * One bar per (symbol, session, source) for the symbols with a second bar:
 * the first one written (lowest id), as every check reads a session.
 * Off-session bars are left out (non_trading_day_bar reports them).
 */
export function barsBySource({ bars, batches }: Pick<CheckContext, 'bars' | 'batches'>, sids: DataFrame): DataFrame {
  return (
    bars
      .lazy()
      .filter(pl.col('trading'))
      // The bars' own columns only: the source is the batch read's (a frame may carry it too).
      .select('sid', 'day', 'id', ...COMPARED_COLUMNS)
      .join(sids.lazy().select('sid'), { on: 'sid', how: 'semi' })
      .join(batches.lazy().select('id', 'source'), { on: 'id', how: 'inner' })
      .select('sid', 'day', 'id', 'source', ...COMPARED_COLUMNS)
      .sort(['sid', 'source', 'day', 'id'])
      // Sorted so, a session's first bar of a source is the row whose key differs from the row before it.
      .filter(
        (['sid', 'source', 'day'] as const)
          .map((key) => pl.col(key).eq(pl.col(key).shift(1)).fillNull(false))
          .reduce((same, equal) => same.and(equal))
          .not(),
      )
      .collectSync()
  );
}

/**
 * The order two sources are named in: polygon (the primary) first, then by
 * name, so a finding always reads "polygon ... vs alpaca ...".
 */
function sourceRank(column: string) {
  return pl
    .when(pl.col(column).eq(pl.lit('polygon')))
    .then(pl.lit(0))
    .otherwise(pl.lit(1));
}

/**
 * Each pair of sources of a symbol, with the span both cover: from the later
 * of their first sessions to the earlier of their last. Outside it one source
 * simply had not started or had stopped, which is not a disagreement.
 * Columns: sid, a, b, from, to.
 */
export function sourcePairs(bySource: DataFrame): DataFrame {
  const spans = bySource
    .lazy()
    .groupBy(['sid', 'source'])
    .agg(pl.col('day').min().alias('first'), pl.col('day').max().alias('last'));
  const side = (name: 'a' | 'b') =>
    spans.select(
      pl.col('sid'),
      pl.col('source').alias(name),
      pl.col('first').alias(`${name}_first`),
      pl.col('last').alias(`${name}_last`),
    );
  return side('a')
    .join(side('b'), { on: 'sid', how: 'inner' })
    .filter(
      sourceRank('a')
        .lt(sourceRank('b'))
        .or(
          sourceRank('a')
            .eq(sourceRank('b'))
            .and(pl.col('a').lt(pl.col('b'))),
        ),
    )
    .select(
      pl.col('sid'),
      pl.col('a'),
      pl.col('b'),
      pl.maxHorizontal([pl.col('a_first'), pl.col('b_first')]).alias('from'),
      pl.minHorizontal([pl.col('a_last'), pl.col('b_last')]).alias('to'),
    )
    .filter(pl.col('from').ltEq(pl.col('to')))
    .collectSync();
}

/**
 * Every session inside a pair's common span where either source has a bar,
 * with both bars' values side by side (`a_open` ... `b_volume`, null where a
 * source has no bar): sid, day, a, b, a_*, b_*, a_has, b_has.
 */
export function pairedSessions(bySource: DataFrame, pairs: DataFrame): DataFrame {
  const sideBars = (name: 'a' | 'b') =>
    bySource
      .lazy()
      .select(
        pl.col('sid'),
        pl.col('day'),
        pl.col('source').alias(name),
        ...COMPARED_COLUMNS.map((column) => pl.col(column).alias(`${name}_${column}`)),
        pl.lit(true).alias(`${name}_has`),
      );
  const inSpan = (name: 'a' | 'b') =>
    pairs
      .lazy()
      .join(sideBars(name), { on: ['sid', name], how: 'inner' })
      .filter(
        pl
          .col('day')
          .gtEq(pl.col('from'))
          .and(pl.col('day').ltEq(pl.col('to'))),
      )
      .drop('from', 'to');
  // One full join: each session of the span with either bar, the missing side null (coalesced keys).
  return inSpan('a')
    .join(inSpan('b'), { on: ['sid', 'a', 'b', 'day'], how: 'full', coalesce: true })
    .withColumns(pl.col('a_has').fillNull(false), pl.col('b_has').fillNull(false))
    .collectSync();
}

/** This module's code as the checks revision hashes it: a change here must make the next run a full one. */
export const SOURCE_SERIES_CODE: readonly string[] = [
  symbolsWithSecondBar,
  barsBySource,
  sourceRank,
  sourcePairs,
  pairedSessions,
].map(String);
