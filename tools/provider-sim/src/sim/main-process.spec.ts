import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { parseOptions } from './sim-options';

jest.setTimeout(30_000);
const ROOT = resolve(__dirname, '../../../..');

function run(
  args: string[],
): Promise<{ line: string; child: ReturnType<typeof spawn>; stderr: () => string; exit: Promise<number | null> }> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'tools/provider-sim/src/main.ts', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
  const exit = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
  return new Promise((resolveLine, reject) => {
    let out = '';
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const nl = out.indexOf('\n');
      if (nl >= 0) resolveLine({ line: out.slice(0, nl), child, stderr: () => err, exit });
    });
    void exit.then((code) => reject(Object.assign(new Error(`exited ${code}: ${err}`), { code, stderr: err })));
  });
}

describe('main.ts as a process', () => {
  it('prints exactly one listening line on a random port and serves requests', async () => {
    const { line, child, exit } = await run([
      '--port',
      '0',
      '--symbols',
      '120',
      '--today',
      '2026-11-25',
      '--polygon-keys',
      'k1',
    ]);
    try {
      expect(line).toMatch(/^provider-sim listening on http:\/\/127\.0\.0\.1:\d+$/);
      const url = line.replace('provider-sim listening on ', '');
      const res = await fetch(`${url}/v3/reference/tickers?limit=1000&apiKey=k1`);
      expect(res.status).toBe(200);
      expect(((await res.json()) as { count: number }).count).toBe(120 + 2);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exit).toBe(0);
  });

  it('exits 2 with a message naming the bad option', async () => {
    await expect(run(['--port', 'eighty'])).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--port must be an integer'),
    });
    await expect(run(['--colour', 'red'])).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('unknown option --colour'),
    });
  });
});

describe('parseOptions', () => {
  it('reads flags, --flag=value and SIM_* variables (flags win)', () => {
    const o = parseOptions(
      [
        '--seed=9',
        '--symbols',
        'AAPL,BRK.B,KIMpL',
        '--alpaca-keys',
        'id1:s1,id2:s2',
        '--rate-window-ms',
        '1000',
        '--polygon-rate-limit',
        '0',
      ],
      { SIM_SEED: '3', SIM_TODAY: '2025-03-03' },
    );
    expect(o).toMatchObject({
      seed: 9,
      symbols: ['AAPL', 'BRK.B', 'KIMpL'],
      today: '2025-03-03',
      alpacaKeys: [
        { keyId: 'id1', secret: 's1' },
        { keyId: 'id2', secret: 's2' },
      ],
    });
    expect(o.polygonRate).toEqual({ limit: 0, windowMs: 1000 });
    expect(o.alpacaRate).toEqual({ limit: 200, windowMs: 1000 });
  });

  it.each([
    [['--port', '70000'], '--port'],
    [['--seed', '-1'], '--seed'],
    [['--today', '2026-02-30'], '--today'],
    [['--alpaca-keys', 'nosecret'], 'KEY_ID:SECRET'],
    [['--polygon-keys', ','], '--polygon-keys'],
    [['--rate-window-ms', '0'], '--rate-window-ms'],
    [['--seed'], 'needs a value'],
  ])('rejects %j', (argv, message) => {
    expect(() => parseOptions(argv, {})).toThrow(message);
  });
});
