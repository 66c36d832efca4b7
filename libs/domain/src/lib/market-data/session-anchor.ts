import { etMidnight, sessionDateOf } from '../time/new-york-time';

/**
 * Bounded memo of "00:00 America/New_York of the session date of this instant",
 * keyed by epoch ms. The Intl conversion costs microseconds, while a batch of
 * bars repeats a few hundred timestamps; evicting the oldest entry keeps
 * memory flat on an endless stream of distinct instants.
 */
export const SESSION_ANCHOR_CACHE_LIMIT = 4096;

const anchors = new Map<number, number>();

/** Epoch ms of etMidnight(sessionDateOf(instant)), for a valid instant in epoch ms. */
export function sessionAnchorMillis(instantMs: number): number {
  let anchor = anchors.get(instantMs);
  if (anchor === undefined) {
    anchor = etMidnight(sessionDateOf(new Date(instantMs))).getTime();
    if (anchors.size >= SESSION_ANCHOR_CACHE_LIMIT) {
      const oldest = anchors.keys().next();
      if (!oldest.done) anchors.delete(oldest.value);
    }
    anchors.set(instantMs, anchor);
  }
  return anchor;
}

/** Entries currently memoised (for the bound's test). */
export function sessionAnchorCacheSize(): number {
  return anchors.size;
}
