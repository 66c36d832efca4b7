import {
  itSurvivesHostileRequests,
  pendingQueueJobs,
  settle,
  startProviderSimulator,
  storedStateReader,
  type Known5xx,
} from '@mdi/testing';
import { SIM_TODAY, startIngestor } from '../test-support/ingestor-harness';

/** 5xx found by this fuzz test and not fixed yet (see itSurvivesHostileRequests): each must still fail, so the list only shrinks. */
const KNOWN_5XX: Known5xx[] = [];

// The real app in-process against the simulator (budget 4 calls a second), its own database and Redis
// prefixes, three active symbols (the document's examples among them) so accepted writes start small
// backfills, end-of-day runs and repairs; crons off, so only the fuzz's requests change what is stored.
itSurvivesHostileRequests(
  'polygon-ingestor',
  async () => {
    const sim = await startProviderSimulator({
      seed: 14,
      symbols: 20,
      today: SIM_TODAY,
      polygonRateLimit: 5,
      rateWindowMs: 1000,
    });
    const ingestor = await startIngestor(sim, {
      SEED_INITIAL_SYMBOLS: 'false',
      DATA_INGESTION_ACTIVE_SYMBOLS: 'AAPL,MSFT,NVDA',
      BACKFILL_ON_START: 'false',
    });
    const storedState = storedStateReader((sql) => ingestor.db.dataSource.query(sql));
    const queuesEmpty = async () => (await pendingQueueJobs(ingestor.env['QUEUE_PREFIX'])) === 0;
    return {
      // An accepted backfill or end-of-day run goes on in the queue after the answer: it must be done before the next request.
      target: {
        baseUrl: ingestor.baseUrl,
        token: ingestor.env['INTERNAL_API_TOKEN'],
        storedState,
        afterAcceptedWrite: () => settle(storedState, { idle: queuesEmpty }),
      },
      async close() {
        await ingestor.close();
        await sim.stop();
      },
    };
  },
  { known5xx: KNOWN_5XX },
);
