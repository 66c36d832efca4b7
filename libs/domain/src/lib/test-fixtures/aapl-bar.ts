/**
 * AAPL's daily bar of 2024-07-01 (the first row of polygon-aggs-range-AAPL.json):
 * numbers as a provider reports them...
 */
export const AAPL_2024_07_01_REPORTED = {
  symbol: 'AAPL',
  timestamp: new Date('2024-07-01T04:00:00Z'),
  open: 212.09,
  high: 217.51,
  low: 211.92,
  close: 216.75,
  volume: 60402929,
  source: 'polygon',
};

/** ...and the same bar as validateBar returns it: prices and volume as decimal text. */
export const AAPL_2024_07_01_VALIDATED = {
  symbol: 'AAPL',
  timestamp: new Date('2024-07-01T04:00:00Z'),
  open: '212.09',
  high: '217.51',
  low: '211.92',
  close: '216.75',
  volume: '60402929',
  source: 'polygon',
};
