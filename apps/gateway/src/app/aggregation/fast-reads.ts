import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { HealthMonitor } from './health-monitor';
import { SystemStatus } from './system-status';

/**
 * GET /health and GET /status answered ahead of the framework's middleware
 * (request logging, guards, routing), from the shared collections, so their
 * cost per request is a lookup and a JSON.stringify. Measured in
 * bench/README.md ("gateway-load"): under 200 connections the Nest route
 * floor alone was above the 50 ms p99 budget on these machines. The
 * controller keeps the same routes (documented, and served if this path is
 * not mounted); answers are identical.
 */
export function mountFastReads(app: INestApplication): void {
  const monitor = app.get(HealthMonitor);
  const system = app.get(SystemStatus);
  const send = (res: Response, status: number, body: unknown) => {
    res.statusCode = status;
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.setHeader('cache-control', 'no-store');
    res.end(JSON.stringify(body));
  };
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' || (req.path !== '/health' && req.path !== '/status')) return next();
    const answer =
      req.path === '/health'
        ? monitor.health().then((health) => send(res, health.status === 'ok' ? 200 : 503, health))
        : system.status().then((status) => send(res, 200, status));
    answer.catch(next);
  });
}
