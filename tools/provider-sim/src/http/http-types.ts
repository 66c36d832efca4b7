import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';

export type Provider = 'polygon' | 'alpaca';

export interface SimRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** scheme://host:port the client used, for absolute next_url values. */
  origin: string;
  params: Record<string, string>;
  raw: IncomingMessage;
}

export interface SimResponse {
  status: number;
  /** JSON-serialisable body; ignored when `text` is set. */
  body?: unknown;
  /** A literal body, sent as is (HTML error pages, pre-serialised JSON). */
  text?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

export type Handler = (req: SimRequest) => SimResponse;

export function json(status: number, body: unknown, headers?: Record<string, string>): SimResponse {
  return { status, body, headers };
}

export function header(req: SimRequest, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
