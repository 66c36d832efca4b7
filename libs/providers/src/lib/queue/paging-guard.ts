import type { ProviderJob } from '@mdi/domain';
import { cursorDigest, type ProviderCall } from './provider-call';

export type PagingDecision<J extends ProviderJob> =
  | { readonly kind: 'last' }
  | { readonly kind: 'next'; readonly call: ProviderCall<J> }
  | { readonly kind: 'stopped'; readonly reason: string };

/**
 * Whether a listing goes on after this page. A provider's next_url is
 * followed only while it makes progress, so every listing ends: a cursor
 * already followed in this listing (a loop), a page with no rows that still
 * points further, or more pages than `maxPages` stop it with a reason. The
 * next call carries the digests of every cursor followed so far.
 */
export function decidePaging<J extends ProviderJob>(
  call: ProviderCall<J>,
  next: ProviderCall<J> | null,
  rowsOnPage: number,
  maxPages: number,
): PagingDecision<J> {
  if (next === null || next.cursor === undefined) return { kind: 'last' };
  const followed = call.pages ?? [];
  const page = followed.length + 1;
  const digest = cursorDigest(next.cursor);
  const repeated = followed.indexOf(digest);
  if (repeated >= 0) return { kind: 'stopped', reason: `next_url of page ${page} repeats page ${repeated + 2}` };
  if (rowsOnPage === 0) return { kind: 'stopped', reason: `page ${page} had no rows but a next_url` };
  if (page >= maxPages) return { kind: 'stopped', reason: `the listing went past ${maxPages} pages` };
  return { kind: 'next', call: { ...next, pages: [...followed, digest] } };
}
