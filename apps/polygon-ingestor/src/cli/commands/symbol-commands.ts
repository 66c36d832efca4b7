import { symbolListView, symbolView } from '../view-summaries';
import { JSON_OPTION, respond, stringOption, type Command } from './command';

const path = (symbol: string) => `/symbols/${encodeURIComponent(symbol)}`;

const statusChange = (action: 'suspend' | 'activate', verb: string, summary: string): Command => ({
  words: ['symbols', action],
  args: ['SYMBOL'],
  options: [JSON_OPTION],
  summary,
  description: `${summary[0].toUpperCase()}${summary.slice(1)}.`,
  run: async (c) => respond(c, await c.client.call('POST', `${path(c.args[0])}/${action}`), (s) => symbolView(s, verb)),
});

export const SYMBOL_COMMANDS: readonly Command[] = [
  {
    words: ['symbols', 'list'],
    args: [],
    options: [
      { name: 'status', value: 'active|suspended|delisted', description: 'only symbols of this status' },
      JSON_OPTION,
    ],
    summary: 'list the symbol universe',
    description: 'Lists the symbol universe (symbol, status, primary exchange, sector, name).',
    run: async (c) => {
      const status = stringOption(c, 'status');
      return respond(
        c,
        await c.client.call('GET', `/symbols${status ? `?status=${encodeURIComponent(status)}` : ''}`),
        symbolListView,
      );
    },
  },
  {
    words: ['symbols', 'add'],
    args: ['SYMBOL'],
    options: [{ name: 'sector', value: 'TEXT', description: 'sector to record with it' }, JSON_OPTION],
    summary: 'add a symbol Polygon knows (or reactivate it)',
    description:
      'Adds a symbol to the universe, or reactivates it. Refused when Polygon does not list it as an active ticker.',
    run: async (c) => {
      const sector = stringOption(c, 'sector');
      const answer = await c.client.call('POST', '/symbols', { symbol: c.args[0], ...(sector ? { sector } : {}) });
      return respond(c, answer, (s) => symbolView(s, answer.status === 201 ? 'added' : 'reactivated'));
    },
  },
  {
    words: ['symbols', 'remove'],
    args: ['SYMBOL'],
    options: [JSON_OPTION],
    summary: 'remove a symbol from the universe (its bars and ledger stay)',
    description: 'Removes a symbol from the universe. Its bars and coverage ledger stay.',
    run: async (c) => {
      const answer = await c.client.call('DELETE', path(c.args[0]));
      const removed = answer.status === 204 ? { status: 200, body: { symbol: c.args[0], removed: true } } : answer;
      return respond(c, removed, () => `removed ${c.args[0]}`);
    },
  },
  statusChange('suspend', 'suspended', 'keep a symbol but stop fetching it'),
  statusChange('activate', 'activated', 'fetch a suspended or delisted symbol again'),
];
