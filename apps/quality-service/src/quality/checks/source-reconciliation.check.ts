import type { QualityFinding } from '@mdi/domain';
import pl, { type DataFrame } from 'nodejs-polars';
import { findingsFromFlagged, type FlaggedRow } from './flagged-rows';
import { PRICE_COLUMNS } from './price-columns';
import type { CheckContext, QualityCheck } from './quality-check';
import type { ReconcileSettings } from './reconcile-settings';
import { barsBySource, pairedSessions, sourcePairs, symbolsWithSecondBar } from './source-series';

/*
 * Reconciliation: where a symbol has bars of two sources (polygon and
 * alpaca), their series are compared session by session inside the span
 * both cover. Three checks, one per finding code (a run keeps findings per
 * check under the check's name), sharing one pairing of the series per run.
 *
 * Every rule reads only the two bars of one session and each source's first
 * and last session, so an incremental run's suffix (a symbol's bars from its
 * last session on) judges the new sessions as the whole history does, as
 * long as every source that has bars after that session also has one on it
 * (see apps/quality-service/README.md, "Reconciliation").
 */

const paired = new WeakMap<DataFrame, DataFrame>();

/** Both sources' bars of every session of a common span, built once per analysed frame. */
function pairedOf(context: CheckContext): DataFrame | undefined {
  if (context.batches.height === 0) return undefined;
  let frame = paired.get(context.batches);
  if (frame === undefined) {
    const bySource = barsBySource(context, symbolsWithSecondBar(context));
    frame = pairedSessions(bySource, sourcePairs(bySource)).join(context.symbols, { on: 'sid' });
    paired.set(context.batches, frame);
  }
  return frame;
}

const both = pl.col('a_has').and(pl.col('b_has'));

/** True when both prices are positive finite numbers (anything else is non_positive_price's). */
const comparablePrices = (column: string) =>
  [`a_${column}`, `b_${column}`]
    .map((name) => pl.col(name).isFinite().and(pl.col(name).gt(0)))
    .reduce((all, ok) => all.and(ok));

/** |a - b| > tolerance x max(a, b): symmetric, so it does not matter which source is right. */
const priceApart = (column: string, tolerance: number) =>
  comparablePrices(column).and(
    pl
      .col(`a_${column}`)
      .sub(pl.col(`b_${column}`))
      .abs()
      .gt(pl.maxHorizontal([pl.col(`a_${column}`), pl.col(`b_${column}`)]).mul(tolerance)),
  );

/** The larger volume more than `ratio` times the smaller (a volume of 0 beside a positive one too). */
const volumeApart = (ratio: number) =>
  pl
    .maxHorizontal([pl.col('a_volume'), pl.col('b_volume')])
    .gt(pl.minHorizontal([pl.col('a_volume'), pl.col('b_volume')]).mul(ratio));

/** A share as a percentage with at most `digits` decimals and no trailing zeros: 0.005 -> "0.5%". */
function percent(share: number, digits = 6): string {
  return `${Number((share * 100).toFixed(digits))}%`;
}

function priceDetail(row: FlaggedRow, date: string, tolerance: number): string {
  return PRICE_COLUMNS.filter((column) => row[`${column}_apart`] === true)
    .map((column) => {
      const [a, b] = [row[`a_${column}`] as number, row[`b_${column}`] as number];
      const apart = Math.abs(a - b) / Math.max(a, b);
      return `${column} ${row['a']} ${a} vs ${row['b']} ${b} on ${date} (${percent(apart, 2)} apart, tolerance ${percent(tolerance)})`;
    })
    .join('; ');
}

function reconcile(
  context: CheckContext,
  flag: (frame: DataFrame, settings: ReconcileSettings) => DataFrame,
  code: 'source_price_mismatch' | 'source_volume_mismatch' | 'source_missing_session',
  describe: (row: FlaggedRow, date: string, settings: ReconcileSettings) => string,
): QualityFinding[] {
  const frame = pairedOf(context);
  // The usual case: one source per symbol, and no pass over the bars to find none.
  if (frame === undefined || frame.height === 0) return [];
  const settings = context.reconcile;
  return findingsFromFlagged(flag(frame, settings), code, (row, date) => describe(row, date, settings));
}

const sharedBatches = (context: CheckContext) =>
  symbolsWithSecondBar(context).getColumn('symbol').toArray() as string[];

/** Open, high, low or close of one session more than QUALITY_RECONCILE_PRICE_TOLERANCE apart between two sources. */
export const sourcePriceMismatchCheck: QualityCheck = {
  name: 'source_price_mismatch',
  anomaly: true,
  batchesNeeded: sharedBatches,
  run: (context) =>
    reconcile(
      context,
      (frame, { priceTolerance }) =>
        frame
          .filter(both)
          .withColumns(...PRICE_COLUMNS.map((column) => priceApart(column, priceTolerance).alias(`${column}_apart`)))
          .filter(PRICE_COLUMNS.map((column) => pl.col(`${column}_apart`)).reduce((any, apart) => any.or(apart))),
      'source_price_mismatch',
      (row, date, { priceTolerance }) => priceDetail(row, date, priceTolerance),
    ),
};

/** Volumes of one session further apart than QUALITY_RECONCILE_VOLUME_RATIO between two sources. */
export const sourceVolumeMismatchCheck: QualityCheck = {
  name: 'source_volume_mismatch',
  anomaly: true,
  batchesNeeded: sharedBatches,
  run: (context) =>
    reconcile(
      context,
      (frame, { volumeRatio }) => frame.filter(both.and(volumeApart(volumeRatio))),
      'source_volume_mismatch',
      (row, date, { volumeRatio }) => {
        const [a, b] = [row['a_volume'] as number, row['b_volume'] as number];
        const ratio = Math.min(a, b) === 0 ? 'one of them 0' : `ratio ${(Math.max(a, b) / Math.min(a, b)).toFixed(1)}`;
        return `volume ${row['a']} ${a} vs ${row['b']} ${b} on ${date} (${ratio}, allowed ${volumeRatio})`;
      },
    ),
};

/** A session inside the span two sources both cover that one of them has a bar for and the other lacks. */
export const sourceMissingSessionCheck: QualityCheck = {
  name: 'source_missing_session',
  anomaly: true,
  batchesNeeded: sharedBatches,
  run: (context) =>
    reconcile(
      context,
      (frame) => frame.filter(both.not()),
      'source_missing_session',
      (row, date) => {
        const [has, lacks] = row['a_has'] === true ? ['a', 'b'] : ['b', 'a'];
        return `session ${date}: ${row[has]} has a bar (close ${row[`${has}_close`]}), ${row[lacks]} has none, inside the sessions both cover`;
      },
    ),
};

/** The code behind these checks as the checks revision hashes it (their `run`s only name it). */
export const RECONCILIATION_CODE: readonly string[] = [
  ...[pairedOf, comparablePrices, priceApart, volumeApart, percent, priceDetail, reconcile, sharedBatches].map(String),
  String(both),
];
