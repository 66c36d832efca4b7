import { describeValue } from '../shared/describe-value';
import { readRecord, type FieldReader } from '../shared/field-reader';
import { rejected, type Validated } from '../shared/validated';

/**
 * What the provider queues carry: one provider call (or one paged listing)
 * per job, so a queue's limiter counts calls exactly. `kind` names the call
 * and doubles as the BullMQ job name. Each provider declares its own union
 * of jobs in its own file; the queue machinery only relies on this contract.
 */
export interface ProviderJob {
  readonly kind: string;
}

/**
 * How one provider's jobs are read back from Redis and named: the queue
 * machinery parses and identifies jobs only through the codec of the queue
 * they belong to, so adding a provider never edits a list of known kinds.
 */
export interface JobCodec<J extends ProviderJob> {
  readonly kinds: readonly J['kind'][];
  /** Job data read back from Redis is untrusted (an old deploy, a hand-made job): parsed before acting. */
  readonly parse: (data: unknown) => Validated<J>;
  /** Deterministic id of the job (see composeJobId), optionally within a de-duplication window. */
  readonly idFor: (job: J, window?: string) => string;
}

export interface JobCodecParts<J extends ProviderJob> {
  readonly kinds: readonly J['kind'][];
  /** Reads the fields of one kind; problems go to the reader, which the codec turns into reasons. */
  readonly read: (kind: J['kind'], reader: FieldReader) => J;
  /** The id parts after the kind; throws RangeError on a malformed payload. */
  readonly idParts: (job: J) => readonly string[];
}

export function defineJobCodec<J extends ProviderJob>(parts: JobCodecParts<J>): JobCodec<J> {
  const kinds: readonly string[] = parts.kinds;
  return {
    kinds: parts.kinds,
    parse: (data) => {
      const reader = readRecord(data, 'job data');
      if (typeof reader === 'string') return rejected([reader]);
      const kind = reader.raw('kind');
      if (typeof kind !== 'string' || !kinds.includes(kind)) {
        return rejected([`kind must be one of ${kinds.join(', ')}, got ${describeValue(kind)}`]);
      }
      // read() collects the reasons before result() looks at them.
      const job = parts.read(kind as J['kind'], reader);
      return reader.result(() => job);
    },
    idFor: (job, window) => composeJobId(job.kind, parts.idParts(job), window),
  };
}

/**
 * Deterministic BullMQ job id: the same work gets the same id on every
 * replica and every retry, so BullMQ keeps one copy. Parts are joined with
 * '|' because BullMQ rejects custom ids that contain ':' (unless exactly three
 * parts) and ids that look like integers; ids always start with the job kind.
 * Parts must contain neither ':' nor '|' (see the helpers in job-id.ts).
 *
 * BullMQ only de-duplicates while a job with the id still exists. Jobs that
 * repeat with the same payload (account, clock, reference-tickers, ...) need
 * `window` (e.g. the session date or a minute bucket) or removal on completion.
 */
export function composeJobId(kind: string, parts: readonly string[], window?: string): string {
  const all = [kind, ...parts];
  if (window !== undefined) {
    if (window.length === 0) {
      throw new RangeError('window must not be empty');
    }
    all.push(`@${encodeURIComponent(window)}`);
  }
  return all.join('|');
}
