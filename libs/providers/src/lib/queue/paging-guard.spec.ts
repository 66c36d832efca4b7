import type { PolygonJob } from '@mdi/domain';
import { decidePaging } from './paging-guard';
import { cursorDigest, type ProviderCall } from './provider-call';

const job: PolygonJob = { kind: 'reference-tickers', active: true };
const first: ProviderCall<PolygonJob> = { job };
const page = (cursor: string, followed: string[]): ProviderCall<PolygonJob> => ({
  job,
  cursor,
  pages: followed.map(cursorDigest),
});

describe('decidePaging', () => {
  it('ends a listing whose page has no next cursor', () => {
    expect(decidePaging(first, null, 10, 500)).toEqual({ kind: 'last' });
  });

  it('follows a new cursor and remembers every cursor followed', () => {
    const decision = decidePaging(page('b', ['a', 'b']), { job, cursor: 'c' }, 10, 500);
    expect(decision).toEqual({ kind: 'next', call: { job, cursor: 'c', pages: ['a', 'b', 'c'].map(cursorDigest) } });
  });

  it('stops a next_url that repeats an earlier page, naming both pages', () => {
    expect(decidePaging(page('c', ['a', 'b', 'c']), { job, cursor: 'b' }, 10, 500)).toEqual({
      kind: 'stopped',
      reason: 'next_url of page 4 repeats page 3',
    });
    expect(decidePaging(page('a', ['a']), { job, cursor: 'a' }, 10, 500)).toEqual({
      kind: 'stopped',
      reason: 'next_url of page 2 repeats page 2',
    });
  });

  it('stops a page without rows that still points further', () => {
    expect(decidePaging(first, { job, cursor: 'a' }, 0, 500)).toEqual({
      kind: 'stopped',
      reason: 'page 1 had no rows but a next_url',
    });
  });

  it('stops a listing at its page limit', () => {
    expect(decidePaging(page('b', ['a', 'b']), { job, cursor: 'c' }, 10, 3)).toEqual({
      kind: 'stopped',
      reason: 'the listing went past 3 pages',
    });
    expect(decidePaging(page('a', ['a']), { job, cursor: 'b' }, 10, 3).kind).toBe('next');
  });
});
