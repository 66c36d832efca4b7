import { symbolProblem } from '../market-data/symbol-rule';
import { describeValue } from '../shared/describe-value';
import { readRecord, type FieldReader } from '../shared/field-reader';
import { rejected, type Validated } from '../shared/validated';
import { ALPACA_JOB_KINDS, ORDER_STATUS_FILTERS, POLYGON_JOB_KINDS, type ProviderJob } from './provider-jobs';

const KINDS: readonly string[] = [...POLYGON_JOB_KINDS, ...ALPACA_JOB_KINDS];

/**
 * Job data read back from Redis is untrusted (an old deploy, a hand-made
 * job): workers parse it before acting, and fail the job with the reasons.
 */
export function parseProviderJob(data: unknown): Validated<ProviderJob> {
  const reader = readRecord(data, 'job data');
  if (typeof reader === 'string') {
    return rejected([reader]);
  }
  const kind = reader.raw('kind');
  if (typeof kind !== 'string' || !KINDS.includes(kind)) {
    return rejected([`kind must be one of ${KINDS.join(', ')}, got ${describeValue(kind)}`]);
  }
  // build() reads the fields, and so collects the reasons, before result() looks at them.
  const job = build(kind as ProviderJob['kind'], reader);
  if (!reader.hasProblems() && 'from' in job && job.from > job.to) {
    reader.problem(`from ${job.from} is after to ${job.to}`);
  }
  if (!reader.hasProblems() && job.kind === 'calendar' && job.start > job.end) {
    reader.problem(`start ${job.start} is after end ${job.end}`);
  }
  return reader.result(() => job);
}

function build(kind: ProviderJob['kind'], reader: FieldReader): ProviderJob {
  switch (kind) {
    case 'grouped-daily':
      return { kind, date: reader.isoDate('date') };
    case 'aggregates-range':
      return {
        kind,
        symbol: jobSymbol(reader),
        from: reader.isoDate('from'),
        to: reader.isoDate('to'),
        adjusted: reader.boolean('adjusted'),
      };
    case 'reference-tickers':
      return { kind, active: reader.boolean('active') };
    case 'splits':
    case 'dividends':
      return { kind, from: reader.isoDate('from'), to: reader.isoDate('to') };
    case 'ticker-details':
      return { kind, symbol: jobSymbol(reader), asOf: reader.isoDate('asOf') };
    case 'calendar':
      return { kind, start: reader.isoDate('start'), end: reader.isoDate('end') };
    case 'orders':
      return {
        kind,
        status: reader.oneOf('status', ORDER_STATUS_FILTERS),
        ...optionalInstant(reader, 'after'),
        ...optionalInstant(reader, 'until'),
      };
    case 'fills':
      return { kind, ...optionalInstant(reader, 'after'), ...optionalText(reader, 'pageToken') };
    case 'market-holidays':
    case 'account':
    case 'positions':
    case 'clock':
      return { kind };
  }
}

function jobSymbol(reader: FieldReader): string {
  const value = reader.raw('symbol');
  const problem = symbolProblem(value);
  if (problem) {
    reader.problem(problem);
  }
  return typeof value === 'string' ? value : '';
}

function optionalInstant(reader: FieldReader, key: 'after' | 'until'): { after?: string; until?: string } {
  const value = reader.raw(key);
  if (value === undefined) {
    return {};
  }
  reader.timestamp(key);
  return { [key]: value as string };
}

function optionalText(reader: FieldReader, key: 'pageToken'): { pageToken?: string } {
  if (reader.raw(key) === undefined) {
    return {};
  }
  return { [key]: reader.string(key) };
}
