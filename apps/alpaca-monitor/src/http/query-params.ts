import { parseRfc3339 } from '@mdi/domain';
import { RequestContractError } from '@mdi/platform';

/** Reads one query parameter; returns the value or pushes a reason. */
export type ParamReader<T> = (value: string | undefined, name: string, reasons: string[]) => T;

/**
 * Reads every parameter an endpoint declares and refuses the request with
 * all reasons at once: unknown names, repeated ones and bad values.
 */
export function readQuery<R extends Record<string, ParamReader<unknown>>>(
  query: Record<string, unknown>,
  readers: R,
): { [K in keyof R]: ReturnType<R[K]> } {
  const reasons: string[] = [];
  for (const name of Object.keys(query)) {
    if (name in readers) continue;
    const allowed = Object.keys(readers);
    reasons.push(
      `unknown query parameter "${name}"; ${allowed.length === 0 ? 'this endpoint takes none' : `allowed: ${allowed.join(', ')}`}`,
    );
  }
  const values: Record<string, unknown> = {};
  for (const [name, read] of Object.entries(readers)) {
    const raw = query[name];
    if (raw !== undefined && typeof raw !== 'string') {
      reasons.push(`${name} must be given once`);
      continue;
    }
    values[name] = read(raw === '' ? undefined : raw, name, reasons);
  }
  if (reasons.length > 0) throw new RequestContractError(reasons);
  return values as { [K in keyof R]: ReturnType<R[K]> };
}

export function intParam(fallback: number, min: number, max: number): ParamReader<number> {
  return (value, name, reasons) => {
    if (value === undefined) return fallback;
    if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
      reasons.push(`${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`);
      return fallback;
    }
    return Number(value);
  };
}

export function instantParam(): ParamReader<Date | null> {
  return (value, name, reasons) => {
    if (value === undefined) return null;
    const parsed = parseRfc3339(value, name);
    if ('problem' in parsed) {
      reasons.push(`${parsed.problem} (e.g. 2026-11-25T14:30:00Z)`);
      return null;
    }
    return parsed.instant;
  };
}

export function textParam(pattern: RegExp, description: string): ParamReader<string | null> {
  return (value, name, reasons) => {
    if (value === undefined) return null;
    if (!pattern.test(value)) {
      reasons.push(`${name} must be ${description}, got ${JSON.stringify(value)}`);
      return null;
    }
    return value;
  };
}

export function oneOfParam<T extends string>(allowed: readonly T[], fallback: T): ParamReader<T> {
  return (value, name, reasons) => {
    if (value === undefined) return fallback;
    if (!(allowed as readonly string[]).includes(value)) {
      reasons.push(`${name} must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
      return fallback;
    }
    return value as T;
  };
}
