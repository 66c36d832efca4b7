import type { ProviderJob } from '@mdi/domain';
import type { FinalFailureListener, JobHandler, JobHandlers, JobOfKind } from './job-results';

/**
 * A queue's handlers do not match its job kinds one to one: a handler for a
 * kind the queue does not have, a second handler for a kind, or a kind
 * without a handler (when the worker starts, or when a job of it arrives).
 */
export class JobHandlerMismatchError extends Error {
  override readonly name = 'JobHandlerMismatchError';
}

/**
 * The app's handlers of one provider queue, one per job kind. Checked when
 * the worker starts: a missing handler stops the boot, instead of failing
 * the first job of that kind at 2 a.m.
 */
export class JobHandlerRegistry<J extends ProviderJob> {
  private readonly handlers = new Map<string, JobHandler<J>>();
  private readonly failureListeners: FinalFailureListener<J>[] = [];

  constructor(
    private readonly queueName: string,
    private readonly kinds: readonly J['kind'][],
  ) {}

  register<K extends J['kind']>(kind: K, handler: JobHandler<JobOfKind<J, K>>): this {
    if (!this.kinds.includes(kind)) {
      throw new JobHandlerMismatchError(`${this.queueName} has no job kind "${kind}"`);
    }
    if (this.handlers.has(kind)) {
      throw new JobHandlerMismatchError(`${this.queueName} already has a handler for "${kind}"`);
    }
    this.handlers.set(kind, handler as unknown as JobHandler<J>);
    return this;
  }

  registerAll(handlers: Partial<JobHandlers<J>>): this {
    for (const kind of Object.keys(handlers) as J['kind'][]) {
      const handler = handlers[kind];
      if (handler) this.register(kind, handler);
    }
    return this;
  }

  /** Called for every job that failed for good (on the replica whose worker failed it). */
  onFinalFailure(listener: FinalFailureListener<J>): this {
    this.failureListeners.push(listener);
    return this;
  }

  get finalFailureListeners(): readonly FinalFailureListener<J>[] {
    return this.failureListeners;
  }

  assertComplete(): void {
    const missing = this.kinds.filter((kind) => !this.handlers.has(kind));
    if (missing.length > 0) {
      throw new JobHandlerMismatchError(`${this.queueName} has no handler for job kind(s): ${missing.join(', ')}`);
    }
  }

  get<K extends J['kind']>(kind: K): JobHandler<JobOfKind<J, K>> {
    const handler = this.handlers.get(kind);
    if (!handler) throw new JobHandlerMismatchError(`${this.queueName} has no handler for job kind "${kind}"`);
    return handler as unknown as JobHandler<JobOfKind<J, K>>;
  }
}
