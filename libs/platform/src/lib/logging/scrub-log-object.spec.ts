import { scrubLogObject } from './scrub-log-object';

const SECRET = 'secret-value-123';

describe('scrubLogObject', () => {
  it('scrubs strings at any depth of plain objects and arrays', () => {
    expect(scrubLogObject({ a: `x ${SECRET}`, b: [{ c: `?apiKey=${SECRET}` }], n: 3 }, [SECRET])).toEqual({
      a: 'x [redacted]',
      b: [{ c: '?apiKey=[redacted]' }],
      n: 3,
    });
  });

  it('survives cycles', () => {
    const cyclic: Record<string, unknown> = { key: SECRET };
    cyclic['self'] = cyclic;
    const scrubbed = scrubLogObject(cyclic, [SECRET]) as Record<string, unknown>;
    expect(scrubbed['key']).toBe('[redacted]');
  });

  it('scrubs an error in place and keeps it an Error', () => {
    const error = new Error(`failed with ${SECRET}`);
    const scrubbed = scrubLogObject({ err: error }, [SECRET]) as { err: Error };
    expect(scrubbed.err).toBeInstanceOf(Error);
    expect(scrubbed.err.message).toBe('failed with [redacted]');
    expect(scrubbed.err.stack).not.toContain(SECRET);
  });

  it('leaves class instances (requests, sockets) to their serializers', () => {
    class Request {
      url = `/x?apiKey=${SECRET}`;
    }
    const request = new Request();
    expect((scrubLogObject({ req: request }, [SECRET]) as { req: Request }).req).toBe(request);
  });
});
