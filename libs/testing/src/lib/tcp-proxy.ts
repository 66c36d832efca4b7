import { createServer, connect, type Server, type Socket } from 'node:net';

export interface TcpProxy {
  readonly port: number;
  /** Simulates an outage: live connections are cut and new ones refused. A no-op while cut. */
  cut(): Promise<void>;
  /** Ends the outage on the same port. A no-op while listening, so a clean-up may always call it. */
  restore(): Promise<void>;
  /** Cuts and stops listening for good; nothing of the relay keeps the process alive afterwards. */
  close(): Promise<void>;
}

/**
 * A loopback TCP relay in front of a real service (PostgreSQL, Redis, the
 * simulator), so a test can make that service unreachable for one client
 * without stopping the shared server other tests use.
 */
export async function startTcpProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  // The one listening server, or null while cut: a second listen never replaces (and so never leaks) it.
  let server: Server | null = null;
  let port = 0;

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      if (server) return resolve();
      const candidate = createServer((client) => {
        const upstream = connect(targetPort, targetHost);
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on('close', () => sockets.delete(socket));
          socket.on('error', () => {
            client.destroy();
            upstream.destroy();
          });
        }
        client.pipe(upstream).pipe(client);
      });
      candidate.once('error', reject);
      candidate.listen(port, '127.0.0.1', () => {
        server = candidate;
        port = (candidate.address() as { port: number }).port;
        resolve();
      });
    });

  const stop = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      sockets.clear();
      const listening = server;
      server = null;
      if (listening) listening.close(() => resolve());
      else resolve();
    });

  await listen();
  return {
    get port() {
      return port;
    },
    cut: stop,
    restore: listen,
    close: stop,
  };
}
