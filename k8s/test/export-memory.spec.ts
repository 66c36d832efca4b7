import { BASE_DIR, overlayDir } from './app-catalog';
import { containerOf, mebibytes } from './container-of';

/*
 * The polygon-ingestor builds a backtest export in memory (GET /bars/export), up to
 * BARS_EXPORT_MAX_ROWS bars: its peak RSS is about BASE_MB plus MB_PER_THOUSAND_BARS for each
 * 1,000 bars (bench/README.md, "export": 942-1,083 MB for 2.5 M bars in Parquet, Arrow or CSV,
 * 250 MB after start). Every layer must set the limit and hold such an export with headroom.
 */
const BASE_MB = 250;
const MB_PER_THOUSAND_BARS = 0.34;
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
    const peakMi = ((BASE_MB + (MB_PER_THOUSAND_BARS * rows) / 1000) * 1e6) / 2 ** 20;
    expect(mebibytes(container.resources?.limits?.['memory'])).toBeGreaterThanOrEqual(peakMi * HEADROOM);
  });
});
