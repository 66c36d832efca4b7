import type { OptionSpec } from '../cli-arguments';
import { progressLine, verdictLines, type RunProgress } from '../progress-bar';
import { planView } from '../view-summaries';
import { JSON_OPTION, respond, stringOption, type Command, type CommandContext } from './command';

const WINDOW_OPTIONS: readonly OptionSpec[] = [
  { name: 'symbols', value: 'A,B', description: 'these active symbols (default: every active symbol)' },
  {
    name: 'from',
    value: 'YYYY-MM-DD',
    description: 'first session (default: the start of the history Polygon serves)',
  },
  { name: 'to', value: 'YYYY-MM-DD', description: 'last session (default: the last published session)' },
];

function windowQuery(c: CommandContext): Record<string, string> {
  const query: Record<string, string> = {};
  for (const name of ['symbols', 'from', 'to']) {
    const value = stringOption(c, name);
    if (value) query[name] = value;
  }
  return query;
}

export const BACKFILL_COMMANDS: readonly Command[] = [
  {
    words: ['backfill', 'plan'],
    args: [],
    options: [...WINDOW_OPTIONS, JSON_OPTION],
    summary: 'dry run: missing cells and the calls that would fetch them',
    description:
      'Plans a backfill without making a call: missing cells, the call-optimal plan, its duration at the budget.',
    run: async (c) =>
      respond(c, await c.client.call('GET', `/backfill/plan?${new URLSearchParams(windowQuery(c))}`), planView),
  },
  {
    words: ['backfill', 'run'],
    args: [],
    options: [
      ...WINDOW_OPTIONS,
      { name: 'no-wait', description: 'return once the run is enqueued' },
      { name: 'interval-ms', value: 'N', description: 'how often the progress is read (default 1000)' },
      JSON_OPTION,
    ],
    summary: 'record and enqueue a backfill, then follow it with a progress bar',
    description:
      'Records the plan as a run, enqueues its calls and draws a progress bar until the run ends.\n' +
      'Exit 0 when every call completed; 1 when the run ended partial or failed (the reason and the failed\n' +
      'calls are printed), or the service refused the request.\n' +
      'With --json nothing is drawn: the answer is printed once, when the run has ended (or at once with --no-wait).',
    run: async (c) => {
      const query = windowQuery(c);
      const started = await c.client.call('POST', '/backfill', {
        ...query,
        ...(query['symbols'] ? { symbols: query['symbols'].split(',') } : {}),
      });
      if (started.status >= 400 || c.options['no-wait']) {
        return respond(c, started, (b) => startedLine(b));
      }
      if (!c.options['json']) c.io.out(startedLine(started.body));
      const interval = Number(stringOption(c, 'interval-ms') ?? 1000);
      const finished = await follow(
        c,
        started.body.run.id,
        Number.isFinite(interval) && interval > 0 ? interval : 1000,
      );
      if (finished === null) return 1;
      if (c.options['json']) c.io.out(JSON.stringify({ ...started.body, run: finished }, null, 2));
      else for (const line of verdictLines(finished)) c.io.err(line);
      return finished.status === 'done' ? 0 : 1;
    },
  },
];

function startedLine(body: {
  run: { id: number };
  plan: { calls: { total: number }; missingCells: number; estimatedDuration: string };
}): string {
  return `run ${body.run.id}: ${body.plan.calls.total} calls for ${body.plan.missingCells} cells, about ${body.plan.estimatedDuration} at the budget`;
}

/** Reads the run's progress until it ends (done, partial, failed); draws it unless --json. Null when the service refuses. */
async function follow(c: CommandContext, id: number, intervalMs: number): Promise<RunProgress | null> {
  const draw = !c.options['json'];
  let last = '';
  for (;;) {
    const answer = await c.client.call('GET', `/backfill/runs/${id}`);
    if (answer.status >= 400) {
      respond(c, answer, () => '');
      return null;
    }
    const line = progressLine(answer.body as RunProgress);
    if (draw && c.io.tty) c.io.out(`\r${line}`);
    else if (draw && line !== last) c.io.out(line);
    last = line;
    if (answer.body.status !== 'running') {
      if (draw && c.io.tty) c.io.out('\n');
      return answer.body as RunProgress;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
