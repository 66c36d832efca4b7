import { ServerResponse } from 'node:http';
import { serialize } from '../control/row-mutations';
import { SimResponse } from '../http/http-types';

export function sendResponse(res: ServerResponse, r: SimResponse): void {
  const text = r.text ?? serialize(r.body);
  res.writeHead(r.status, {
    'Content-Type': r.contentType ?? 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    ...r.headers,
  });
  res.end(text);
}
