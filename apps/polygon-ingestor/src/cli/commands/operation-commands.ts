import {
  corporateActionsSummary,
  endOfDaySummary,
  gapRepairSummary,
  referenceSyncSummary,
} from '../operation-summaries';
import { statusView } from '../view-summaries';
import { JSON_OPTION, respond, stringOption, type Command } from './command';

export const OPERATION_COMMANDS: readonly Command[] = [
  {
    words: ['status'],
    args: [],
    options: [JSON_OPTION],
    summary: 'universe, end-of-day, backfill progress, budget, queue and circuit',
    description:
      "The service's /status: universe counts, last end-of-day session, backfill progress, corporate-actions coverage, budget, queue, circuit.",
    run: async (c) => respond(c, await c.client.call('GET', '/status'), statusView),
  },
  {
    words: ['eod'],
    args: [],
    options: [
      {
        name: 'date',
        value: 'YYYY-MM-DD',
        description: 'fetch this one session (a published session inside the history Polygon serves)',
      },
      JSON_OPTION,
    ],
    summary: 'end-of-day update now, or of one session with --date',
    description:
      'Runs the end-of-day update now: one grouped-daily call (the whole universe) per recent session an active\n' +
      'symbol has not settled. With --date, that session only; a malformed date, a weekend or holiday, a future\n' +
      'date or a session Polygon has not published yet is refused with the reason (exit 1).',
    run: async (c) => {
      const date = stringOption(c, 'date');
      return respond(
        c,
        await c.client.call('POST', '/operations/end-of-day', date === undefined ? {} : { date }),
        endOfDaySummary,
      );
    },
  },
  {
    words: ['reference-sync'],
    args: [],
    options: [JSON_OPTION],
    summary: "sync Polygon's ticker reference: delistings, reactivations, names and exchanges",
    description:
      "Enqueues Polygon's ticker listings (inactive and active, once per day): inactive universe symbols are\n" +
      'delisted, listed ones reactivated, and universe symbols get their name and primary exchange.',
    run: async (c) => respond(c, await c.client.call('POST', '/operations/reference-sync'), referenceSyncSummary),
  },
  {
    words: ['gap-repair'],
    args: [],
    options: [JSON_OPTION],
    summary: 'backfill whatever is missing in the window Polygon serves',
    description:
      'Plans every active symbol over the whole window Polygon serves and enqueues the calls, when anything is missing.',
    run: async (c) => respond(c, await c.client.call('POST', '/operations/gap-repair'), gapRepairSummary),
  },
  {
    words: ['corporate-actions'],
    args: [],
    options: [JSON_OPTION],
    summary: 'refresh the splits and dividends ledger',
    description: 'Enqueues the splits and dividends listings for the dates the ledger does not cover yet.',
    run: async (c) => respond(c, await c.client.call('POST', '/operations/corporate-actions'), corporateActionsSummary),
  },
];
