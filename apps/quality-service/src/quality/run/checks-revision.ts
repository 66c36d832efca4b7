import { createHash } from 'node:crypto';
import { serviceVersion } from '@mdi/platform';
import { buildContext } from '../analysis/quality-analyzer';
import { symbolSummaries } from '../analysis/symbol-summaries';
import { BY_SYMBOL_AND_DAY, findingsFromFlagged } from '../checks/flagged-rows';
import { NOT_POSITIVE_AND_FINITE } from '../checks/non-positive-price.check';
import { OHLC_OUT_OF_ORDER } from '../checks/ohlc-violation.check';
import { pricesFinite } from '../checks/price-columns';
import { judgeReturn, referenceOf, trailingReference } from '../checks/price-jump.judge';
import { priceJumpLogClose } from '../checks/price-jump.check';
import { PRICE_JUMP_RULES } from '../checks/price-jump.rules';
import { pricedBar } from '../checks/priced-bar';
import { QUALITY_CHECKS } from '../checks/quality-checks';
import { SplitLedger } from '../checks/split-ledger';
import { RECONCILIATION_CODE } from '../checks/source-reconciliation.check';
import { SOURCE_SERIES_CODE } from '../checks/source-series';
import { SPLIT_LOG_RATIOS } from '../checks/split-ratios';
import { ZERO_VOLUME_SESSION } from '../checks/zero-volume.check';
import { extendedState } from './extended-state';
import { incrementalWork } from './incremental-plan';
import { extendPriceWindows, pricedBarsAfter } from './price-window';
import { symbolsWithResumedSource } from './resumed-sources';
import { resultFromStates, statesOf } from './symbol-states';

let cached: string | undefined;

/**
 * What a baseline's findings depend on in the code: the release and a hash of
 * the code that makes them (every check, the shared frames, the rules, the
 * splits reasoning, how states are kept and extended), as this build has it.
 * The release alone would not do: a check changed without a version bump
 * would otherwise keep the old rule's findings for every symbol carried over.
 * Any change of that code (or of how it was compiled) makes the next run a
 * full one, which is the safe side.
 */
export function checksRevision(): string {
  if (cached === undefined) {
    const code = [
      ...QUALITY_CHECKS.flatMap((check) => [check.name, String(check.run), String(check.batchesNeeded ?? '')]),
      String(buildContext),
      String(symbolSummaries),
      String(findingsFromFlagged),
      String(pricedBar),
      String(priceJumpLogClose),
      String(judgeReturn),
      String(referenceOf),
      String(trailingReference),
      String(SplitLedger),
      String(statesOf),
      String(resultFromStates),
      String(extendedState),
      String(incrementalWork),
      String(extendPriceWindows),
      String(pricedBarsAfter),
      String(symbolsWithResumedSource),
      ...RECONCILIATION_CODE,
      ...SOURCE_SERIES_CODE,
      // Expressions the checks build once, as polars prints them.
      ...[
        pricesFinite(),
        pricedBar(),
        NOT_POSITIVE_AND_FINITE,
        OHLC_OUT_OF_ORDER,
        ZERO_VOLUME_SESSION,
        ...BY_SYMBOL_AND_DAY,
      ].map(String),
      JSON.stringify(PRICE_JUMP_RULES),
      JSON.stringify(SPLIT_LOG_RATIOS),
    ].join('\n');
    cached = `${serviceVersion()}+${createHash('sha256').update(code).digest('hex').slice(0, 16)}`;
  }
  return cached;
}
