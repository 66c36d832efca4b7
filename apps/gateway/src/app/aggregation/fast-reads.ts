import type { INestApplication } from '@nestjs/common';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { HealthMonitor } from './health-monitor';
import { SystemStatus } from './system-status';

type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * The /status text is rendered at most this often and reused in between
 * (its ages are then up to this much older than the moment of the answer):
 * serializing the whole document on every request was the largest cost left.
 */
const STATUS_RENDER_REUSE_MS = 100;

/**
 * GET /health and GET /status answered in front of the framework (Express,
 * request logging, guards, routing), from the shared collections, so their
 * cost per request is a lookup and a JSON.stringify. Measured in
 * bench/README.md ("gateway-load"): under 200 connections even an Express
 * middleware ahead of Nest kept p99 above the 50 ms budget on these
 * machines. Every other request goes to the app unchanged; the controller
 * keeps the same routes (documented, and served if this is not mounted) and
 * answers identically.
 */
export function mountFastReads(app: INestApplication): void {
  const monitor = app.get(HealthMonitor);
  const system = app.get(SystemStatus);
  const server = app.getHttpServer() as Server;
  const [framework, ...others] = server.listeners('request') as RequestListener[];
  if (!framework || others.length > 0)
    throw new Error('fast reads expect exactly one request listener (the framework)');
  let rendered: { text: string; at: number } | null = null;
  const statusText = async (): Promise<string> => {
    if (rendered && Date.now() - rendered.at < STATUS_RENDER_REUSE_MS) return rendered.text;
    const text = JSON.stringify(await system.status());
    rendered = { text, at: Date.now() };
    return text;
  };
  server.removeListener('request', framework);
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const path = req.method === 'GET' ? (req.url ?? '').split('?', 1)[0] : '';
    if (path !== '/health' && path !== '/status') return framework(req, res);
    const answer =
      path === '/health'
        ? monitor.health().then((health) => send(res, health.status === 'ok' ? 200 : 503, health))
        : statusText().then((text) => sendText(res, 200, text));
    answer.catch(() => framework(req, res));
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  sendText(res, status, JSON.stringify(body));
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  res.end(text);
}
