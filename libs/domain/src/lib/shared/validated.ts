/**
 * Outcome of turning untrusted input into a domain model: either the model,
 * or every reason it was rejected (never only the first, so a bad provider row
 * can be logged once with its whole diagnosis).
 */
export type Validated<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reasons: readonly string[] };

export function accepted<T>(value: T): Validated<T> {
  return { ok: true, value };
}

export function rejected<T>(reasons: readonly string[]): Validated<T> {
  return { ok: false, reasons };
}
