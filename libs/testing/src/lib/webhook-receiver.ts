import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface WebhookReceiver {
  /** http://127.0.0.1:<port>/hook */
  readonly url: string;
  /** JSON bodies received, in order. */
  // Bodies are read field by field in assertions.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly bodies: any[];
  close(): Promise<void>;
}

/** A real HTTP receiver for alert webhooks: answers each POST with the next of `statuses` (the last repeats). */
export async function startWebhookReceiver(statuses: readonly number[] = [204]): Promise<WebhookReceiver> {
  const bodies: unknown[] = [];
  const server: Server = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk) => (text += chunk));
    req.on('end', () => {
      bodies.push(JSON.parse(text));
      res.statusCode = statuses[Math.min(bodies.length - 1, statuses.length - 1)];
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    bodies,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
