import type { GroupedDailyJob, PolygonJob } from '@mdi/domain';
import { JobHandlerMismatchError, JobHandlerRegistry } from './job-handler.registry';
import type { JobHandler } from './job-results';

const handler: JobHandler<GroupedDailyJob> = async () => 'stored';

const registry = () => new JobHandlerRegistry<PolygonJob>('polygon-calls', ['grouped-daily', 'aggregates-range']);

/** Runs `action`, expecting it to throw a JobHandlerMismatchError with this message. */
function expectMismatch(action: () => unknown, message: string): void {
  let thrown: unknown;
  try {
    action();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(JobHandlerMismatchError);
  expect(thrown).toMatchObject({ name: 'JobHandlerMismatchError', message });
}

describe('JobHandlerRegistry', () => {
  it('refuses a handler for a kind the queue does not have', () => {
    expectMismatch(() => registry().register('splits', handler as never), 'polygon-calls has no job kind "splits"');
  });

  it('refuses a second handler for one kind', () => {
    const handlers = registry().register('grouped-daily', handler);
    expectMismatch(
      () => handlers.register('grouped-daily', handler),
      'polygon-calls already has a handler for "grouped-daily"',
    );
  });

  it('names the kinds without a handler, when checked and when a job of one arrives', () => {
    const handlers = registry().register('grouped-daily', handler);
    expectMismatch(() => handlers.assertComplete(), 'polygon-calls has no handler for job kind(s): aggregates-range');
    expectMismatch(
      () => handlers.get('aggregates-range'),
      'polygon-calls has no handler for job kind "aggregates-range"',
    );
    expect(handlers.get('grouped-daily')).toBe(handler);
  });
});
