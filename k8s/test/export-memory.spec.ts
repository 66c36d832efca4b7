import { BASE_DIR, overlayDir } from './app-catalog';
import { containerOf, mebibytes } from './container-of';

/*
 * The polygon-ingestor builds a backtest export in memory (GET /bars/export), one at a time, up to
 * BARS_EXPORT_MAX_ROWS bars: its peak RSS is about BASE_MIB plus MIB_PER_THOUSAND_BARS for each
 * 1,000 bars (bench/README.md, "export": at most 1,233 MiB over three 2.5 M-bar exports in a row,
 * 150 MiB after start). Every layer must set the limit and hold such an export with headroom.
 */
const BASE_MIB = 150;
const MIB_PER_THOUSAND_BARS = 0.44;
const HEADROOM = 1.2;

describe.each([
  { layer: 'base', dir: BASE_DIR },
  { layer: 'dev', dir: overlayDir('dev') },
  { layer: 'prod', dir: overlayDir('prod') },
])('polygon-ingestor export memory, $layer', ({ dir }) => {
  const container = containerOf(dir, 'polygon-ingestor');
  const rows = Number(container.env?.find((e) => e.name === 'BARS_EXPORT_MAX_ROWS')?.value);

  it('sets BARS_EXPORT_MAX_ROWS (the default, 3,000,000, needs more than the base limit)', () => {
    expect(Number.isInteger(rows) && rows >= 1).toBe(true);
  });

  it('limits the container above the peak of the largest export it admits', () => {
    const peakMi = BASE_MIB + (MIB_PER_THOUSAND_BARS * rows) / 1000;
    expect(mebibytes(container.resources?.limits?.['memory'])).toBeGreaterThanOrEqual(peakMi * HEADROOM);
  });
});
