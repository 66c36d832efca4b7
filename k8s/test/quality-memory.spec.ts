import { BASE_DIR, overlayDir } from './app-catalog';
import { containerOf, mebibytes } from './container-of';

/*
 * The quality-service's memory follows its batch size (k8s/README.md, "Sizing"): a run
 * holds one batch of QUALITY_BATCH_SYMBOLS symbols at a time, so its peak RSS is about
 * BASE_MB plus MB_PER_SYMBOL_YEAR for each symbol of the batch and year of history
 * (bench/README.md, "quality-run": 321 MB at 100 symbols x 2 years, 481 MB batched by
 * 1,000 at 5,000 symbols x 2 years). The request reserves that peak, the limit leaves
 * half of it again as headroom.
 */
const BASE_MB = 310;
const MB_PER_SYMBOL_YEAR = 0.085;
const HEADROOM = 1.5;

/** The universe and history each layer is sized for. */
const SIZED_FOR = [
  { layer: 'base', dir: BASE_DIR, symbols: 1000, years: 2 },
  { layer: 'dev', dir: overlayDir('dev'), symbols: 100, years: 2 },
  { layer: 'prod', dir: overlayDir('prod'), symbols: 5000, years: 2 },
];

describe.each(SIZED_FOR)('quality-service memory, $layer', ({ dir, symbols, years }) => {
  const container = containerOf(dir, 'quality-service');
  const batch = Number(container.env?.find((e) => e.name === 'QUALITY_BATCH_SYMBOLS')?.value);

  it('sets QUALITY_BATCH_SYMBOLS to a whole number of symbols', () => {
    expect(Number.isInteger(batch) && batch >= 1).toBe(true);
  });

  it('requests the peak of one batch and limits it with headroom', () => {
    const peakMi = ((BASE_MB + MB_PER_SYMBOL_YEAR * Math.min(batch, symbols) * years) * 1e6) / 2 ** 20;
    expect(mebibytes(container.resources?.requests?.['memory'])).toBeGreaterThanOrEqual(peakMi);
    expect(mebibytes(container.resources?.limits?.['memory'])).toBeGreaterThanOrEqual(peakMi * HEADROOM);
  });
});
