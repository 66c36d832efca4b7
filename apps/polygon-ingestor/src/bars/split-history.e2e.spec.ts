import { UsEquityCalendar } from '@mdi/domain';
import { eventually, startProviderSimulator, type ProviderSimulator } from '@mdi/testing';
import { SIM_KEY, SIM_TODAY, startIngestor, type IngestorHarness } from '../test-support/ingestor-harness';

interface SimSplit {
  ticker: string;
  executionDate: string;
  splitFrom: number;
  splitTo: number;
}
interface Bar {
  date: string;
  close: string;
  volume: string;
}

/**
 * Bars are stored unadjusted, splits go to the corporate-actions ledger, and
 * the adjusted series is computed on read. A split that happens after the
 * history was loaded must never leave it mixed: until the ledger covers the
 * new dates, the adjusted series stops before them.
 */
describe('split-adjusted history', () => {
  const calendar = new UsEquityCalendar();
  let sim: ProviderSimulator;
  let ingestor: IngestorHarness;
  let splits: SimSplit[];
  let recent: SimSplit;
  let before: string;

  const eveningOf = (date: string) => new Date(`${date}T20:00:00-05:00`).toISOString();
  const at = async (date: string) => {
    ingestor.clock.set(new Date(eveningOf(date)));
    await sim.configure({ today: date });
  };
  const simBars = async (symbol: string, from: string, to: string, adjusted: boolean) => {
    const url = `${sim.url}/v2/aggs/ticker/${symbol}/range/1/day/${from}/${to}?adjusted=${adjusted}&limit=50000&apiKey=${SIM_KEY}`;
    const body = (await (await fetch(url)).json()) as { results: { t: number; c: number; v: number }[] };
    return body.results;
  };
  const runToEnd = async (body: unknown) => {
    const started = await ingestor.request('POST', '/backfill', body);
    expect(started.status).toBe(202);
    await eventually(
      async () => (await ingestor.request('GET', `/backfill/runs/${started.body.run.id}`)).body.status === 'done',
      'the backfill',
      60_000,
    );
  };
  const splitsCoveredThrough = async () =>
    (await ingestor.request('GET', '/status')).body.corporateActions.splitsCovered?.through;

  beforeAll(async () => {
    sim = await startProviderSimulator({
      seed: 21,
      symbols: 100,
      today: SIM_TODAY,
      polygonRateLimit: 0,
      rateWindowMs: 1000,
    });
    splits = ((await (await fetch(`${sim.url}/__sim/universe`)).json()) as { splits: SimSplit[] }).splits;
    recent = [...splits].sort((a, b) => b.executionDate.localeCompare(a.executionDate))[0];
    // 40 sessions before today: before the most recent split (30 sessions back).
    let day = SIM_TODAY;
    for (let i = 0; i < 40; i++) day = calendar.previousSession(day).date;
    before = day;
    ingestor = await startIngestor(sim, {
      SEED_INITIAL_SYMBOLS: 'false',
      DATA_INGESTION_ACTIVE_SYMBOLS: splits.map((s) => s.ticker).join(','),
      POLYGON_RATE_LIMIT_PER_MINUTE: '20',
    });
    await at(before);
  }, 60_000);

  afterAll(async () => {
    await ingestor?.close();
    await sim?.stop();
  });

  it('stores unadjusted prints and serves the adjusted series Polygon would', async () => {
    await runToEnd({});
    expect((await ingestor.request('POST', '/operations/corporate-actions')).status).toBe(202);
    await eventually(async () => (await splitsCoveredThrough()) === before, 'the splits ledger', 30_000);

    const loaded = splits.filter((s) => s.executionDate <= before);
    expect(loaded).toHaveLength(2);
    for (const split of loaded) {
      const from = (await ingestor.request('GET', '/backfill/plan')).body.from;
      const raw = (await ingestor.request('GET', `/bars/${split.ticker}?from=${from}&to=${before}`)).body.bars as Bar[];
      const rawSim = await simBars(split.ticker, from, before, false);
      expect(raw.map((b) => Number(b.close))).toEqual(rawSim.map((b) => b.c));

      const adjusted = (await ingestor.request('GET', `/bars/${split.ticker}?from=${from}&to=${before}&adjusted=true`))
        .body;
      expect(adjusted.truncated).toBe(false);
      // Both series name the split (chart markers), raw and adjusted alike.
      const recorded = { date: split.executionDate, from: split.splitFrom, to: split.splitTo };
      expect(adjusted.splits).toContainEqual(recorded);
      expect(
        (await ingestor.request('GET', `/bars/${split.ticker}?from=${from}&to=${before}`)).body.splits,
      ).toContainEqual(recorded);
      // Before the split the scales differ by its ratio; from its execution date on they agree.
      expect(Number(adjusted.bars[0].close) / Number(raw[0].close)).toBeCloseTo(split.splitFrom / split.splitTo, 3);
      expect(adjusted.bars[adjusted.bars.length - 1].close).toBe(raw[raw.length - 1].close);
      const adjustedSim = await simBars(split.ticker, from, before, true);
      expect(adjusted.bars).toHaveLength(adjustedSim.length);
      adjusted.bars.forEach((bar: Bar, i: number) =>
        expect(Math.abs(Number(bar.close) - adjustedSim[i].c)).toBeLessThanOrEqual(0.00006),
      );
    }
  }, 120_000);

  it('never mixes scales after a new split: the adjusted series stops where the ledger stops, then covers it', async () => {
    await at(SIM_TODAY);
    await runToEnd({});
    const from = (await ingestor.request('GET', '/backfill/plan')).body.from;
    const path = `/bars/${recent.ticker}?from=${from}&to=${SIM_TODAY}&adjusted=true`;

    // New bars (after the split) are stored, but the ledger does not know the split yet.
    const stale = (await ingestor.request('GET', path)).body;
    expect(stale).toMatchObject({ adjustedThrough: before, truncated: true });
    expect(stale.bars.every((b: Bar) => b.date <= before)).toBe(true);
    const raw = (await ingestor.request('GET', `/bars/${recent.ticker}?from=${recent.executionDate}&to=${SIM_TODAY}`))
      .body.bars as Bar[];
    expect(raw[0].date).toBe(recent.executionDate);

    await ingestor.request('POST', '/operations/corporate-actions');
    await eventually(
      async () => (await splitsCoveredThrough()) === SIM_TODAY,
      'the splits ledger to reach today',
      30_000,
    );
    const fresh = (await ingestor.request('GET', path)).body;
    expect(fresh).toMatchObject({ adjustedThrough: SIM_TODAY, truncated: false });
    const adjustedSim = await simBars(recent.ticker, from, SIM_TODAY, true);
    expect(fresh.bars).toHaveLength(adjustedSim.length);
    fresh.bars.forEach((bar: Bar, i: number) =>
      expect(Math.abs(Number(bar.close) - adjustedSim[i].c)).toBeLessThanOrEqual(0.00006),
    );
    // The stored prints were never rewritten.
    expect(
      (await ingestor.request('GET', `/bars/${recent.ticker}?from=${recent.executionDate}&to=${SIM_TODAY}`)).body.bars,
    ).toEqual(raw);
  }, 120_000);

  it('refuses a malformed bars request with every reason', async () => {
    const { status, body } = await ingestor.request('GET', '/bars/aapl?from=2025-02-30&adjusted=yes');
    expect(status).toBe(400);
    expect(body.reasons).toEqual([
      'symbol "aapl" must be upper case',
      'from must be a YYYY-MM-DD date, got "2025-02-30"',
      'adjusted must be true or false, got "yes"',
    ]);
  });
});
