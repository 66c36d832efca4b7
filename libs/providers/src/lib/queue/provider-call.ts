import { rejected, type JobCodec, type ProviderJob, type Validated } from '@mdi/domain';
import { createHash } from 'node:crypto';

/**
 * One queued provider call: a domain job, plus the page cursor of a listing
 * (the domain payloads name the listing, not the page) and an optional
 * de-duplication window for work that repeats (see composeJobId).
 */
export interface ProviderCall<J extends ProviderJob = ProviderJob> {
  readonly job: J;
  readonly cursor?: string;
  readonly window?: string;
  /** Digests of every cursor this listing followed up to this page, oldest first (loop detection). */
  readonly pages?: readonly string[];
}

/** Short digest of a page cursor: the job id's page part and the listing's page history. */
export function cursorDigest(cursor: string): string {
  return createHash('sha256').update(cursor).digest('hex').slice(0, 24);
}

/** Deterministic id: the provider codec's job id, plus a digest of the page cursor (cursors are long and opaque). */
export function callJobId<J extends ProviderJob>(call: ProviderCall<J>, jobs: JobCodec<J>): string {
  const id = jobs.idFor(call.job, call.window);
  return call.cursor === undefined ? id : `${id}|page=${cursorDigest(call.cursor)}`;
}

/** Flat job data: the domain payload as is, with the paging fields beside it. */
export function toJobData(call: ProviderCall): Record<string, unknown> {
  return {
    ...call.job,
    ...(call.cursor === undefined ? {} : { cursor: call.cursor }),
    ...(call.window === undefined ? {} : { window: call.window }),
    ...(call.pages === undefined || call.pages.length === 0 ? {} : { pages: [...call.pages] }),
  };
}

/** Job data read back from Redis is untrusted: parse it like any other input, with the queue's own codec. */
export function parseCall<J extends ProviderJob>(data: unknown, jobs: JobCodec<J>): Validated<ProviderCall<J>> {
  const job = jobs.parse(data);
  if (!job.ok) return job;
  const record = data as Record<string, unknown>;
  const reasons: string[] = [];
  const cursor = optionalText(record, 'cursor', reasons);
  const window = optionalText(record, 'window', reasons);
  const pages = optionalDigests(record, 'pages', reasons);
  if (reasons.length > 0) return rejected(reasons);
  return {
    ok: true,
    value: {
      job: job.value,
      ...(cursor === undefined ? {} : { cursor }),
      ...(window === undefined ? {} : { window }),
      ...(pages === undefined ? {} : { pages }),
    },
  };
}

function optionalDigests(record: Record<string, unknown>, key: string, reasons: string[]): string[] | undefined {
  const value = record[key];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((d) => typeof d === 'string' && /^[0-9a-f]{24}$/.test(d))) {
    reasons.push(`${key} must be a list of cursor digests`);
    return undefined;
  }
  return value as string[];
}

function optionalText(record: Record<string, unknown>, key: string, reasons: string[]): string | undefined {
  const value = record[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.length === 0) {
    reasons.push(`${key} must be a non-empty string`);
    return undefined;
  }
  return value;
}
