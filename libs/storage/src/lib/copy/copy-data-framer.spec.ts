import { CopyDataFramer, type CopyOutEnd } from './copy-data-framer';

/** One backend message: type byte, int32 length (counting itself), body. */
function message(type: string, body: string | Buffer = ''): Buffer {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  const header = Buffer.alloc(5);
  header.write(type, 0, 'latin1');
  header.writeUInt32BE(bytes.length + 4, 1);
  return Buffer.concat([header, bytes]);
}

const ROWS = ['AAPL\t20000\t1\n', 'MSFT\t20001\t22\n', 'IBM\t20002\t333\n', 'NVDA\t20003\t4444\n'];
const COPY_OUT_RESPONSE = message('H', Buffer.from([0, 0, 3, 0, 0, 0, 0, 0, 0]));
const NOTICE = message('N', 'SWARNING\0Mnote\0\0');
const AFTER = Buffer.concat([message('C', 'COPY 4\0'), message('Z', 'I')]);
const ANSWER = Buffer.concat([
  COPY_OUT_RESPONSE,
  message('d', ROWS[0]),
  message('d', ROWS[1]),
  NOTICE,
  message('d', ROWS[2]),
  message('d', ROWS[3]),
  message('c'),
  AFTER,
]);

/** Feeds `bytes` cut at `cuts` and returns the chunks, the end and the bytes left for pg. */
function feed(bytes: Buffer, cuts: number[], chunkBytes = 1024, onRows?: (rows: Buffer) => void) {
  const chunks: string[] = [];
  const framer = new CopyDataFramer(chunkBytes, onRows ?? ((rows) => chunks.push(rows.toString())));
  let end: CopyOutEnd | null = null;
  let rest = Buffer.alloc(0);
  const bounds = [0, ...cuts, bytes.length];
  for (let i = 0; i + 1 < bounds.length && end === null; i++) {
    const piece = bytes.subarray(bounds[i], bounds[i + 1]);
    end = framer.push(piece);
    if (end !== null) rest = Buffer.concat([piece.subarray(end.resumeAt), bytes.subarray(bounds[i + 1])]);
  }
  return { chunks, end, rest, framer };
}

describe('CopyDataFramer', () => {
  it('strips the frames, skips interleaved messages and hands back what follows CopyDone', () => {
    const { chunks, end, rest, framer } = feed(ANSWER, []);
    expect(chunks).toEqual([ROWS.join('')]);
    expect(end).toEqual({ resumeAt: ANSWER.length - AFTER.length, failed: false });
    expect(rest).toEqual(AFTER);
    expect(framer.rows).toBe(4);
  });

  it('gives the same rows and the same hand-back however the socket splits the bytes (every cut position, and byte by byte)', () => {
    for (let cut = 1; cut < ANSWER.length; cut++) {
      const { chunks, rest, framer } = feed(ANSWER, [cut]);
      expect({ cut, text: chunks.join(''), rest, rows: framer.rows }).toEqual({
        cut,
        text: ROWS.join(''),
        rest: AFTER,
        rows: 4,
      });
    }
    const everyByte = Array.from({ length: ANSWER.length - 1 }, (_, i) => i + 1);
    const { chunks, rest } = feed(ANSWER, everyByte);
    expect(chunks.join('')).toBe(ROWS.join(''));
    expect(rest).toEqual(AFTER);
  });

  it('cuts chunks only between rows, each at most chunkBytes, and gives a larger row a chunk of its own', () => {
    const long = `${'X'.repeat(40)}\n`;
    const answer = Buffer.concat([
      COPY_OUT_RESPONSE,
      ...[ROWS[0], ROWS[1], long, ROWS[2]].map((r) => message('d', r)),
      message('c'),
      AFTER,
    ]);
    const { chunks } = feed(
      Buffer.concat([
        answer.subarray(0, -AFTER.length - 5),
        message('d', ROWS[0]),
        message('d', ROWS[0]),
        message('c'),
        AFTER,
      ]),
      [7, 30, 31],
      30,
    );
    // The buffer grew to 41 bytes for the long row; later chunks still stop at 30 (14 + 13 + 13 would fit 41).
    expect(chunks).toEqual([ROWS[0] + ROWS[1], long, ROWS[2] + ROWS[0], ROWS[0]]);
  });

  it('stops at an ErrorResponse, leaves it unread for pg and drops the rows it had buffered', () => {
    const error = Buffer.concat([message('E', 'SERROR\0C22012\0Mdivision by zero\0\0'), message('Z', 'I')]);
    const answer = Buffer.concat([COPY_OUT_RESPONSE, message('d', ROWS[0]), error]);
    for (const cuts of [[], [COPY_OUT_RESPONSE.length + 3], [answer.length - error.length]]) {
      const { chunks, end, rest } = feed(answer, cuts);
      expect(end?.failed).toBe(true);
      expect(rest).toEqual(error);
      expect(chunks).toEqual([]);
    }
  });

  it('keeps framing after onRows throws: the failure is kept, nothing more is delivered, the end is still found', () => {
    let calls = 0;
    const { end, rest, framer } = feed(ANSWER, [20, 40], 16, () => {
      calls += 1;
      throw new Error('parse failed');
    });
    expect(calls).toBe(1);
    expect((framer.failure as Error).message).toBe('parse failed');
    expect(end).toMatchObject({ failed: false });
    expect(rest).toEqual(AFTER);
    expect(framer.rows).toBe(4);
  });

  it('gives the same rows, chunks of whole rows within the size, and the same hand-back for random reads and chunk sizes', () => {
    // A seeded generator, so a failure replays.
    let seed = 12345;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const rows = Array.from(
      { length: 400 },
      (_, i) => `S${i % 37}\t${20000 + i}\t${'9'.repeat(1 + Math.floor(random() * 60))}\n`,
    );
    const answer = Buffer.concat([
      COPY_OUT_RESPONSE,
      ...rows.flatMap((r, i) => (i % 50 === 7 ? [NOTICE, message('d', r)] : [message('d', r)])),
      message('c'),
      AFTER,
    ]);
    for (let round = 0; round < 200; round++) {
      const chunkBytes = 16 + Math.floor(random() * 600);
      const cuts: number[] = [];
      for (let at = 0; at < answer.length;) {
        at += 1 + Math.floor(random() * 300);
        if (at < answer.length) cuts.push(at);
      }
      const { chunks, rest, framer } = feed(answer, cuts, chunkBytes);
      expect({ round, text: chunks.join(''), rest, rows: framer.rows }).toEqual({
        round,
        text: rows.join(''),
        rest: AFTER,
        rows: rows.length,
      });
      for (const chunk of chunks) {
        expect(chunk.endsWith('\n')).toBe(true);
        if (chunk.length > chunkBytes) expect(chunk.split('\n')).toHaveLength(2);
      }
    }
  });

  it('rejects a chunk size that is not a positive integer', () => {
    expect(() => new CopyDataFramer(0, () => undefined)).toThrow('chunkBytes must be a positive integer, got 0');
  });
});
