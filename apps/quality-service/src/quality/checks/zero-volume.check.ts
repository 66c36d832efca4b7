import pl from 'nodejs-polars';
import { findingsFromFlagged } from './flagged-rows';
import type { QualityCheck } from './quality-check';

/** Built once (an expression is immutable; see price-columns.ts). */
export const ZERO_VOLUME_SESSION = pl.col('trading').and(pl.col('volume').eq(0));

/** A listed stock trades on every session; zero volume means a placeholder bar, not a quiet day. */
export const zeroVolumeCheck: QualityCheck = {
  name: 'zero_volume',
  anomaly: true,
  run({ bars }) {
    const flagged = bars.filter(ZERO_VOLUME_SESSION);
    return findingsFromFlagged(flagged, 'zero_volume', (_r, date) => `volume 0 on trading session ${date}`);
  },
};
