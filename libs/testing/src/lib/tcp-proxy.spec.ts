import { connect, createServer, type Server } from 'node:net';
import { startTcpProxy } from './tcp-proxy';

/** Sends one line through a TCP port and resolves with the reply, or rejects with the connection's error code. */
function roundTrip(port: number, line: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('error', (error: NodeJS.ErrnoException) => reject(new Error(error.code ?? error.message)));
    socket.once('data', (data) => {
      resolve(data.toString());
      socket.destroy();
    });
    socket.write(line);
  });
}

describe('startTcpProxy', () => {
  let echo: Server;
  let echoPort: number;

  beforeAll(async () => {
    echo = createServer((socket) => socket.on('data', (data) => socket.write(`echo:${data.toString()}`)));
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    echoPort = (echo.address() as { port: number }).port;
  });

  afterAll(() => new Promise<void>((resolve) => echo.close(() => resolve())));

  it('relays, refuses while cut, and relays again on the same port after restore', async () => {
    const proxy = await startTcpProxy(echoPort);
    try {
      expect(await roundTrip(proxy.port, 'a')).toBe('echo:a');
      await proxy.cut();
      await proxy.cut();
      await expect(roundTrip(proxy.port, 'b')).rejects.toThrow('ECONNREFUSED');
      const port = proxy.port;
      await proxy.restore();
      expect(proxy.port).toBe(port);
      expect(await roundTrip(proxy.port, 'c')).toBe('echo:c');
    } finally {
      await proxy.close();
    }
  });

  it('treats restore while listening as a no-op, so close after it leaves nothing listening', async () => {
    const proxy = await startTcpProxy(echoPort);
    await proxy.restore();
    await proxy.restore();
    expect(await roundTrip(proxy.port, 'd')).toBe('echo:d');
    await proxy.close();
    await expect(roundTrip(proxy.port, 'e')).rejects.toThrow('ECONNREFUSED');
  });
});
