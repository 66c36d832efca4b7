import type { Redis } from 'ioredis';
import { FETCHED_ANSWER_TTL_SECONDS } from '../resilience/resilience.constants';

/**
 * Provider answers that were fetched but could not be stored (storage went
 * away between the call and the write), kept in Redis under the job's id
 * until a later attempt stores them: the call is not made, or paid for,
 * twice. Dates survive the round trip (domain models carry Date fields).
 */
export class FetchedAnswers {
  constructor(
    private readonly redis: () => Promise<Redis>,
    private readonly keyPrefix: string,
  ) {}

  async keep(jobId: string, answer: unknown): Promise<void> {
    await (await this.redis()).set(this.key(jobId), encode(answer), 'EX', FETCHED_ANSWER_TTL_SECONDS);
  }

  /** The kept answer of this job, or undefined when there is none. */
  async find<T>(jobId: string): Promise<T | undefined> {
    const text = await (await this.redis()).get(this.key(jobId));
    return text === null ? undefined : (decode(text) as T);
  }

  async forget(jobId: string): Promise<void> {
    await (await this.redis()).del(this.key(jobId));
  }

  private key(jobId: string): string {
    return `${this.keyPrefix}:fetched:${jobId}`;
  }
}

const DATE_TAG = '$date';

/** JSON with Date values tagged (JSON.stringify would turn them into plain strings before a replacer sees them). */
export function encode(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key: string, plain: unknown) {
    const original = this[key];
    return original instanceof Date ? { [DATE_TAG]: original.toISOString() } : plain;
  });
}

export function decode(text: string): unknown {
  return JSON.parse(text, (_key, value: unknown) => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const keys = Object.keys(value);
      const tagged = (value as Record<string, unknown>)[DATE_TAG];
      if (keys.length === 1 && typeof tagged === 'string') return new Date(tagged);
    }
    return value;
  });
}
