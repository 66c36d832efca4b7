import { createConnection, createServer, type Server, type Socket } from 'node:net';

export interface LocalServer {
  readonly port: number;
  close(): Promise<void>;
}

async function listen(server: Server, sockets: Set<Socket>, port = 0): Promise<LocalServer> {
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP port');
  return {
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Accepts connections and never answers: a Redis that hangs. */
export function blackHole(): Promise<LocalServer> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
  });
  return listen(server, sockets);
}

/** Forwards to 127.0.0.1:targetPort until closed: a Redis that goes away (and comes back on `port`). */
export function tcpProxy(targetPort: number, port = 0): Promise<LocalServer> {
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = createConnection(targetPort, '127.0.0.1');
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  return listen(server, sockets, port);
}
